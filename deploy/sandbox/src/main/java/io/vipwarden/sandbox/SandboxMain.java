package io.vipwarden.sandbox;

import io.vipwarden.events.HavipState;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./vipwarden sandbox}: the whole system on one machine, with nothing to install: a real
 * in-process Kafka broker, the Alibaba VPC API emulator, three coordinators, the gateway, and HaVip
 * pairs whose real agents are fed by a simulated keepalived. Runs the chosen scenarios, prints what
 * happened, and keeps serving until Ctrl-C or {@code --duration}.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run vipwarden on this machine: broker, cloud emulator, three coordinators, gateway and "
                + "simulated keepalived pairs with real agents.")
public final class SandboxMain implements Callable<Integer> {
    enum Scenario { failover, split_brain, flapping, all, none }

    @Option(names = "--pairs", paramLabel = "N", description = "HaVip pairs to run (1-100). Default: ${DEFAULT-VALUE}.")
    int pairs = 3;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "failover, split-brain, flapping, all or none. Default: all.",
            converter = ScenarioConverter.class)
    Scenario scenario = Scenario.all;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Stop after this many seconds (0: run until Ctrl-C). Default: ${DEFAULT-VALUE}.")
    long durationSeconds = 0;

    @Option(names = "--port", paramLabel = "PORT", description = "Gateway HTTP port on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int port = 8080;

    @Option(names = "--metrics-targets-file", paramLabel = "FILE",
            description = "Write every /metrics endpoint here, one 'job host:port' per line (for Prometheus).")
    Path metricsTargetsFile;

    private final PrintStream out = System.out;
    private final Clock clock = Clock.systemUTC();

    static final class ScenarioConverter implements CommandLine.ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String value) {
            try {
                return Scenario.valueOf(value.replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not one of failover, split-brain, flapping, all, none");
            }
        }
    }

    public static void main(String[] args) {
        // Hazelcast logs through slf4j (our logback config) instead of printing its banner.
        System.setProperty("hazelcast.logging.type", "slf4j");
        System.exit(new CommandLine(new SandboxMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        if (pairs < 1 || pairs > 100) {
            problems.add("--pairs must be 1..100, got " + pairs);
        }
        if (durationSeconds < 0) {
            problems.add("--duration must be >= 0, got " + durationSeconds);
        }
        if (port < 0 || port > 65535) {
            problems.add("--port must be 0..65535, got " + port);
        }
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), String.join("; ", problems));
        }
        long started = System.nanoTime();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "sandbox-ctrl-c"));
        out.println("vipwarden sandbox: starting broker, emulator, 3 coordinators, gateway and " + pairs
                + " HaVip pairs...");
        SandboxStack.Options options = SandboxStack.Options.defaults().withPairs(pairs).withGatewayPort(port)
                .withTimings(1000, 5000, 10_000);
        try (SandboxStack stack = SandboxStack.start(options);
                StateWatcher watcher = new StateWatcher(stack.kafka().bootstrapServers(), stack.topics(), clock)) {
            writeTargets(stack);
            boolean converged = awaitOwners(stack, watcher, Duration.ofSeconds(60));
            printState(watcher);
            printUrls(stack);
            boolean passed = converged;
            if (!converged) {
                out.println("FAIL: not every HaVip got an owner within 60 s");
            }
            long deadline = durationSeconds > 0 ? started + TimeUnit.SECONDS.toNanos(durationSeconds) : Long.MAX_VALUE;
            List<Scenarios.Result> results = converged ? runScenarios(stack, watcher, options, deadline) : List.of();
            for (Scenarios.Result r : results) {
                // A scenario cut short by --duration did not fail; it is reported as unfinished.
                passed &= r.passed() || r.notes().contains(UNFINISHED);
            }
            printReport(results, watcher);
            boolean unfinished = results.stream().anyMatch(r -> r.notes().contains(UNFINISHED));
            out.printf("vipwarden sandbox: %s after %d s%n", !passed ? "SOME SCENARIOS FAILED"
                    : unfinished ? "no scenario failed (some cut short by --duration)" : "all scenarios passed",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            if (durationSeconds > 0) {
                long left = durationSeconds - TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                if (left > 0) {
                    out.println("serving for " + left + " s more (--duration " + durationSeconds + ")");
                    stop.await(left, TimeUnit.SECONDS);
                }
            } else {
                out.println("serving until Ctrl-C");
                stop.await();
            }
            out.println("vipwarden sandbox: stopping");
            return passed ? 0 : 1;
        }
    }

    static final String UNFINISHED = "cut short by --duration before it finished";

    private List<Scenarios.Result> runScenarios(SandboxStack stack, StateWatcher watcher, SandboxStack.Options options,
            long deadline) throws Exception {
        Scenarios scenarios = new Scenarios(stack, watcher, clock);
        List<SandboxStack.Pair> all = stack.pairs();
        List<Callable<Scenarios.Result>> jobs = new ArrayList<>();
        if (scenario == Scenario.failover || scenario == Scenario.all) {
            jobs.add(() -> scenarios.failover(all.get(0)));
        }
        if (scenario == Scenario.split_brain || scenario == Scenario.all) {
            jobs.add(() -> scenarios.splitBrain(all.get(Math.min(1, all.size() - 1))));
        }
        if (scenario == Scenario.flapping || scenario == Scenario.all) {
            jobs.add(() -> scenarios.flapping(all.get(Math.min(2, all.size() - 1)), options.failoverBudget(),
                    Duration.ofMillis(options.holdDownMs())));
        }
        if (jobs.isEmpty()) {
            return List.of();
        }
        out.println("running scenarios: " + scenario.name().replace('_', '-'));
        // With three pairs or more the scenarios run side by side, each on its own HaVip.
        boolean parallel = all.size() >= 3;
        ExecutorService pool = Executors.newFixedThreadPool(parallel ? jobs.size() : 1);
        try {
            List<Future<Scenarios.Result>> futures = new ArrayList<>();
            for (Callable<Scenarios.Result> job : jobs) {
                futures.add(pool.submit(job));
            }
            List<Scenarios.Result> results = new ArrayList<>();
            String[] names = {"failover", "split-brain", "flapping"};
            int next = 0;
            for (Future<Scenarios.Result> f : futures) {
                String name = scenario == Scenario.all ? names[next++] : scenario.name().replace('_', '-');
                long left = deadline - System.nanoTime();
                try {
                    results.add(deadline == Long.MAX_VALUE ? f.get() : f.get(Math.max(0, left), TimeUnit.NANOSECONDS));
                } catch (java.util.concurrent.TimeoutException e) {
                    f.cancel(true);
                    results.add(new Scenarios.Result(name, "-", false, Map.of(), List.of(UNFINISHED)));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean awaitOwners(SandboxStack stack, StateWatcher watcher, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = stack.pairs().stream().allMatch(p -> watcher.state(p.havipId())
                    .map(s -> s.ownerNode() != null && s.epoch() > 0).orElse(false));
            if (all) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private void printState(StateWatcher watcher) {
        out.println();
        out.printf("%-18s %-9s %-6s %-12s %s%n", "HAVIP", "OWNER", "EPOCH", "PHASE", "CLOUD MASTER");
        watcher.states().values().stream().sorted(java.util.Comparator.comparing(HavipState::havipId))
                .forEach(s -> out.printf("%-18s %-9s %-6d %-12s %s%n", s.havipId(), s.ownerNode(), s.epoch(), s.phase(),
                        s.cloudMaster()));
        out.println();
    }

    private void printUrls(SandboxStack stack) {
        String base = stack.gateway().baseUrl();
        out.println("status page:      " + base + "/");
        out.println("fleet API:        " + base + "/api/v1/havips");
        out.println("audit trail:      " + base + "/api/v1/audit");
        out.println("metrics:          " + base + "/metrics");
        out.println("cloud emulator:   " + stack.emulator().baseUrl() + "  (admin: /emulator/calls, /emulator/faults)");
        stack.metricsTargets().forEach((job, targets) -> out.println("/metrics " + job + ": " + targets));
        out.println("operator token:   " + stack.operatorToken() + "   (development only)");
        out.println("  try: curl -X POST -H 'Authorization: Bearer " + stack.operatorToken() + "' -H 'Content-Type: "
                + "application/json' -d '{\"target\":\"" + stack.pairs().get(0).nodes().get(1).nodeId()
                + "\",\"reason\":\"test\"}' " + base + "/api/v1/havips/" + stack.pairs().get(0).havipId() + "/switchover");
        out.println();
    }

    private void printReport(List<Scenarios.Result> results, StateWatcher watcher) {
        if (results.isEmpty()) {
            return;
        }
        out.println();
        out.println("=== sandbox report ===");
        for (Scenarios.Result r : results) {
            out.printf("%-12s %-18s %s%n", r.scenario(), r.havipId(),
                    r.passed() ? "PASS" : r.notes().contains(UNFINISHED) ? "UNFINISHED" : "FAIL");
            r.timingsMs().forEach((step, ms) -> out.printf("    %-52s %6d ms%n", step, ms));
            r.notes().forEach(n -> out.println("    - " + n));
        }
        printState(watcher);
        long fences = watcher.commands().stream().filter(c -> c.event() instanceof io.vipwarden.events.Fence).count();
        out.println("commands issued: " + watcher.commands().size() + " (fences: " + fences + "), audit events: "
                + watcher.audit().size());
    }

    private void writeTargets(SandboxStack stack) throws java.io.IOException {
        if (metricsTargetsFile == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> e : stack.metricsTargets().entrySet()) {
            if (!e.getKey().equals("agent")) {
                for (String target : e.getValue()) {
                    sb.append(e.getKey()).append(' ').append(target).append('\n');
                }
            }
        }
        stack.agentTargets().forEach((node, target) -> sb.append("agent ").append(target).append(" node=")
                .append(node).append('\n'));
        Path tmp = metricsTargetsFile.resolveSibling(metricsTargetsFile.getFileName() + ".tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, metricsTargetsFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
