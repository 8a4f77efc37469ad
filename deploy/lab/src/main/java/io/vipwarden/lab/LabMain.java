package io.vipwarden.lab;

import io.vipwarden.lab.scenario.LabRunner;
import io.vipwarden.lab.scenario.LabScenario;
import io.vipwarden.lab.scenario.ScenarioResult;
import io.vipwarden.lab.scenario.Scenarios;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./vipwarden lab}: runs the keepalived lab scenarios and prints (and writes) their verdicts. */
@Command(name = "lab", mixinStandardHelpOptions = true, sortOptions = false, version = "vipwarden lab 0.1.0",
        description = {
                "Runs real keepalived (the Debian package) in network namespaces joined by a bridge, "
                        + "addresses from 192.0.2.0/24 only, and plays failure scenarios against it.",
                "Needs root, keepalived, iproute2 and nftables. Everything it creates is named vwl<pid>x<n>... "
                        + "and removed at the end, also on failure.",
                "Exit status: 0 all scenarios passed, 1 a scenario failed, 2 bad usage or the machine cannot run the lab."})
public final class LabMain implements Callable<Integer> {

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "all",
            description = "a scenario to run, or 'all' (default). One of: kill-master, graceful-stop, "
                    + "split-brain, three-nodes, vrrpv3-fast, control-plane-down. Repeat to run several.")
    private List<String> scenarios = new ArrayList<>();

    @Option(names = "--report", paramLabel = "FILE", description = "write the JSON report here as well")
    private Path report;

    @Option(names = "--keepalived-only", description = "run keepalived alone, without vipwarden's control plane "
            + "(the lab fences through the track files itself; control-plane-down is left out)")
    private boolean keepalivedOnly;

    @Option(names = "--list", description = "list the scenarios and exit")
    private boolean list;

    @Option(names = "--cleanup-stale", description = "only remove what crashed lab runs left behind, then exit")
    private boolean cleanupStale;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LabMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (list) {
            Scenarios.all().forEach(s -> System.out.printf("%-18s %s%n", s.name(), s.description()));
            return 0;
        }
        List<String> problems = new ArrayList<>();
        List<LabScenario> selected = new ArrayList<>();
        for (String name : scenarios) {
            if (name.equals("all")) {
                selected.addAll(Scenarios.all());
            } else {
                Scenarios.named(name).ifPresentOrElse(selected::add,
                        () -> problems.add("unknown scenario '" + name + "' (known: all, "
                                + String.join(", ", Scenarios.names()) + ")"));
            }
        }
        problems.addAll(Preflight.problems());
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("vipwarden lab: " + p));
            return 2;
        }
        if (cleanupStale) {
            List<String> removed = Lab.cleanupStale();
            System.out.println(removed.isEmpty() ? "nothing to remove" : String.join("\n", removed));
            return 0;
        }
        Clock clock = Clock.systemUTC();
        Instant started = clock.instant();
        List<LabScenario> toRun = selected.stream().distinct()
                .filter(s -> !(keepalivedOnly && s.needsControlPlane())).toList();
        List<ScenarioResult> results;
        if (keepalivedOnly) {
            results = new LabRunner(clock).runAll(toRun);
        } else {
            // One broker for the whole run; every scenario gets fresh topics, coordinators, emulator and agents.
            try (LabBroker broker = LabBroker.start()) {
                results = new LabRunner(clock, () -> new RealControlPlane(broker.kafka(), RealControlPlane.Settings.lab(),
                        clock)).runAll(toRun);
            }
        }
        LabReport labReport = LabReport.of(started, clock.instant(), results);
        System.out.println(labReport.toJson());
        if (report != null) {
            labReport.writeTo(report);
        }
        System.err.println();
        for (ScenarioResult r : results) {
            System.err.printf("%-18s %s  %s%s%n", r.name(), r.passed() ? "PASS" : "FAIL", r.timingsMs(),
                    r.error() == null ? "" : "  " + r.error());
            r.checks().stream().filter(c -> !c.passed()).forEach(c -> System.err.println("    failed: " + c.description()
                    + (c.detail() == null ? "" : " (" + c.detail() + ")")));
        }
        return labReport.passed() ? 0 : 1;
    }
}
