package io.vipwarden.gateway;

import io.vipwarden.gateway.config.GatewayConfig;
import io.vipwarden.gateway.config.GatewayConfigLoader;
import io.vipwarden.gateway.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The API gateway: entry point of {@code ./vipwarden gateway --config FILE}. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"The API gateway of vipwarden: fleet state, audit trail, metrics, live events,",
                "operator actions and a status page, over HTTP (default http://127.0.0.1:8080/).",
                "Exit codes: 0 stopped, 1 failed at runtime, 2 bad config or arguments."})
public final class GatewayMain implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config file (see the README's gateway section). Without it, every key's default.")
    Path config;

    @Option(names = "--hash-token",
            description = "Read a token from standard input, print its SHA-256 as auth.tokens[].sha256 wants it,"
                    + " and exit (the token never appears in the process list).")
    boolean hashToken;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayMain()).execute(args));
    }

    @Override
    public Integer call() {
        if (hashToken) {
            String token;
            try {
                token = new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            } catch (java.io.IOException e) {
                System.err.println("vipwarden gateway: cannot read the token from standard input: " + e);
                return 2;
            }
            if (token.isEmpty()) {
                System.err.println("vipwarden gateway: --hash-token read an empty token from standard input");
                return 2;
            }
            System.out.println(io.vipwarden.gateway.auth.TokenAuthenticator.sha256Hex(token));
            return 0;
        }
        GatewayConfig cfg;
        try {
            cfg = config == null ? GatewayConfig.builder().build() : GatewayConfigLoader.load(config);
        } catch (InvalidConfigException e) {
            System.err.println("vipwarden gateway: " + e.getMessage());
            return 2;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(cfg);
        } catch (RuntimeException e) {
            System.err.println("vipwarden gateway: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
