package io.vipwarden.agent;

import io.vipwarden.agent.config.AgentConfig;
import io.vipwarden.agent.config.ConfigException;
import io.vipwarden.agent.config.ConfigLoader;
import io.vipwarden.agent.keepalived.KeepalivedConf;
import io.vipwarden.agent.lint.LintContext;
import io.vipwarden.agent.lint.LintReport;
import io.vipwarden.agent.lint.Linter;
import io.vipwarden.events.LintFinding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The node agent: entry point of {@code ./vipwarden agent}. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"The vipwarden node agent: runs next to keepalived on every server of a HaVip group.",
                "Without a subcommand it runs the agent with --config FILE (exit 2 when the configuration is invalid)."},
        subcommands = {AgentMain.Lint.class, AgentMain.Notify.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped normally", "1:failed at run time", "2:invalid configuration or usage"})
public final class AgentMain implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "the agent's YAML configuration (see README)")
    Path config;

    public static void main(String[] args) {
        // What systemd runs, "--config FILE", is served without picocli: its ~200 classes would stay
        // loaded for the agent's lifetime (BENCHMARKS.md, agent-footprint). Everything else (--help,
        // lint, notify, a mistyped option) goes through picocli as before.
        Optional<Path> config = runArguments(args);
        if (config.isPresent()) {
            System.exit(run(config.get()));
        }
        System.exit(new CommandLine(new AgentMain()).execute(args));
    }

    /** The config file when the arguments are exactly {@code --config FILE} or {@code --config=FILE}. */
    static Optional<Path> runArguments(String[] args) {
        String file = null;
        if (args.length == 2 && args[0].equals("--config")) {
            file = args[1];
        } else if (args.length == 1 && args[0].startsWith("--config=")) {
            file = args[0].substring("--config=".length());
        }
        return file == null || file.isEmpty() || file.startsWith("-") ? Optional.empty() : Optional.of(Path.of(file));
    }

    @Override
    public Integer call() {
        if (config == null) {
            System.err.println("vipwarden agent: --config FILE is required (or a subcommand: lint, notify; see --help)");
            return 2;
        }
        return run(config);
    }

    /** Runs the agent until the JVM is asked to stop. @return the exit code */
    static int run(Path config) {
        AgentConfig agentConfig;
        try {
            agentConfig = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("vipwarden agent: " + config + ": " + e.getMessage());
            return 2;
        }
        Agent agent;
        try {
            agent = Agent.start(agentConfig);
        } catch (IllegalStateException e) {
            System.err.println("vipwarden agent: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("vipwarden agent: cannot start: " + e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "vipwarden-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code agent lint FILE}: prints findings; exit 0 without errors, 1 with, 2 when the file cannot be read. */
    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = "Lint a keepalived.conf for cloud HaVips (rules: see README).",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:no error (warnings allowed)", "1:at least one error", "2:the file cannot be read"})
    static final class Lint implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the keepalived configuration file")
        Path file;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--this-node", description = "the file is this node's: check unicast_src_ip and interfaces against this machine")
        boolean thisNode;

        @Option(names = "--peer", paramLabel = "IP", description = "an address of another node of the HaVip (repeatable)")
        List<String> peers = new ArrayList<>();

        @Option(names = "--vswitch-cidr", paramLabel = "CIDR", description = "the vSwitch/subnet the VIPs must be in")
        String cidr;

        @Option(names = "--failover-budget-ms", defaultValue = "10000",
                description = "longest acceptable master-down time (default: ${DEFAULT-VALUE})")
        long budgetMs;

        @Override
        public Integer call() {
            if (!format.equals("text") && !format.equals("json")) {
                System.err.println("--format must be text or json, got '" + format + "'");
                return 2;
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                System.err.println("cannot read " + file);
                return 2;
            }
            KeepalivedConf conf;
            try {
                conf = KeepalivedConf.load(file);
            } catch (IOException e) {
                System.err.println("cannot read " + file + ": " + e.getMessage());
                return 2;
            }
            Map<String, String> cidrs = new HashMap<>();
            if (cidr != null) {
                cidrs.put("*", cidr);
            }
            LintContext context = new LintContext(
                    thisNode ? Optional.of(Agent.localAddresses()) : Optional.empty(),
                    thisNode ? Optional.of(Agent.localInterfaces()) : Optional.empty(),
                    peers.isEmpty() ? Map.of() : Map.of("*", peers), cidrs, budgetMs);
            List<LintFinding> findings = Linter.lint(conf, context);
            System.out.print(format.equals("json") ? LintReport.json(findings) : LintReport.text(findings));
            return Linter.hasError(findings) ? 1 : 0;
        }
    }

    /** {@code agent notify TYPE NAME STATE PRIORITY}: for keepalived notify scripts. */
    @Command(name = "notify", mixinStandardHelpOptions = true,
            description = {"Hand a keepalived notify-script line to the running agent (POST http://127.0.0.1:PORT/notify).",
                    "Use as keepalived's 'notify' script: notify \"/path/to/vipwarden agent notify\" (keepalived appends",
                    "TYPE NAME STATE PRIORITY). Prefer notify_fifo: scripts run concurrently and can arrive out of order."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the agent accepted the line", "1:the agent is not reachable", "2:the agent refused the line (malformed)"})
    static final class Notify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TYPE", description = "INSTANCE or GROUP")
        String type;

        @Parameters(index = "1", paramLabel = "NAME", description = "the vrrp_instance or vrrp_sync_group name")
        String name;

        @Parameters(index = "2", paramLabel = "STATE", description = "MASTER, BACKUP, FAULT, STOP, ...")
        String state;

        @Parameters(index = "3", paramLabel = "PRIORITY", arity = "0..1", defaultValue = "0",
                description = "the effective priority")
        String priority;

        @Option(names = "--port", description = "the agent's http.port (default: from --config, else 9466)")
        Integer port;

        @Option(names = "--config", paramLabel = "FILE", description = "the agent's configuration, to find http.port")
        Path config;

        @Override
        public Integer call() {
            int target = port != null ? port : 9466;
            if (port == null && config != null) {
                try {
                    target = ConfigLoader.load(config).httpPort();
                } catch (ConfigException e) {
                    System.err.println("vipwarden agent notify: " + config + ": " + e.getMessage());
                    return 2;
                }
            }
            String line = type + " \"" + name + "\" " + state + " " + priority;
            try {
                HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + "/notify"))
                                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(line)).build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    return 0;
                }
                System.err.print("vipwarden agent notify: " + response.statusCode() + " " + response.body());
                return 2;
            } catch (IOException e) {
                System.err.println("vipwarden agent notify: agent not reachable on 127.0.0.1:" + target + ": " + e);
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }
}
