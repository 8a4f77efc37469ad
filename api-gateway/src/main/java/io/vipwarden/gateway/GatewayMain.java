package io.vipwarden.gateway;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The API gateway: entry point of `./vipwarden gateway`. */
@Command(name = "gateway", mixinStandardHelpOptions = true, description = "The API gateway of vipwarden.")
public final class GatewayMain implements Callable<Integer> {
    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayMain()).execute(args));
    }

    @Override
    public Integer call() {
        System.err.println("vipwarden gateway: not built yet (see issue #6)");
        return 3;
    }
}
