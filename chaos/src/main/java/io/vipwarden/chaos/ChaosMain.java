package io.vipwarden.chaos;

import io.vipwarden.chaos.run.ChaosRun;
import io.vipwarden.chaos.run.ChaosStack;
import io.vipwarden.chaos.run.RunResult;
import io.vipwarden.chaos.run.RunSettings;
import io.vipwarden.chaos.schedule.FaultSchedule;
import io.vipwarden.chaos.schedule.Fleet;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./vipwarden chaos}: runs the sandbox stack under seeded random fault schedules, records
 * each run's history, checks it, and prints convergence figures per run and a summary. Exit 0 when
 * every run passed, 1 when one failed (its seed and minimal history are printed), 2 on bad usage.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Randomized fault schedules against the whole system, with a history checker.",
                "Run i uses seed S+i-1: replay a failing run with --runs 1 --seed <its seed>."})
public final class ChaosMain implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "1", description = "number of runs (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the first run (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--minutes", defaultValue = "0.5",
            description = "minutes of faults per run (default ${DEFAULT-VALUE}); settling and convergence come on top")
    double minutes;

    @Option(names = "--lab", description = "use the namespace lab with real keepalived instead of the sandbox (root)")
    boolean lab;

    @Option(names = "--convergence-bound-s", defaultValue = "30",
            description = "seconds after the last fault within which the system must converge (default ${DEFAULT-VALUE})")
    int convergenceBoundS;

    @Option(names = "--print-schedule", description = "only print each run's fault schedule, run nothing")
    boolean printSchedule;

    @Option(names = "--history", description = "print every run's schedule and whole history, not only failing ones'")
    boolean printHistory;

    private final PrintStream out;
    private final PrintStream err;
    private final Optional<ChaosStack.Factory> sandbox;

    ChaosMain(PrintStream out, PrintStream err, Optional<ChaosStack.Factory> sandbox) {
        this.out = out;
        this.err = err;
        this.sandbox = sandbox;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, StackFactories.sandbox()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Optional<ChaosStack.Factory> sandbox) {
        CommandLine cli = new CommandLine(new ChaosMain(out, err, sandbox));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        if (runs < 1) {
            problems.add("--runs must be >= 1, got " + runs);
        }
        if (!(minutes > 0) || minutes > 24 * 60) {
            problems.add("--minutes must be > 0 and at most 1440, got " + minutes);
        }
        if (convergenceBoundS < 1) {
            problems.add("--convergence-bound-s must be >= 1, got " + convergenceBoundS);
        }
        if (lab) {
            problems.add("--lab is not available yet: the namespace lab has no chaos adapter in this version");
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("chaos: " + p));
            return 2;
        }
        RunSettings settings = RunSettings.minutes(minutes);
        settings = new RunSettings(settings.warmUp(), settings.faultsPhase(), settings.meanGap(),
                Duration.ofSeconds(convergenceBoundS), settings.stableFor());
        if (printSchedule) {
            for (int i = 0; i < runs; i++) {
                out.print(FaultSchedule.generate(seed + i, StackFactories.SANDBOX_FLEET, settings.faultsPhase(),
                        settings.meanGap(), io.vipwarden.chaos.sandbox.SandboxChaosStack.SUPPORTED).describe());
            }
            return 0;
        }
        if (sandbox.isEmpty()) {
            err.println("chaos: the sandbox stack (io.vipwarden.sandbox.SandboxStack) is not in this build yet;"
                    + " --print-schedule shows the schedules that would run");
            return 2;
        }
        return runAll(new ChaosRun(sandbox.get(), settings, Clock.systemUTC()));
    }

    private int runAll(ChaosRun chaos) throws Exception {
        List<Duration> worst = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long s = seed + i;
            RunResult r = chaos.run(s);
            Optional<Duration> w = r.report().worstConvergence();
            w.ifPresent(worst::add);
            out.printf("run %d/%d seed %d: %s  %d faults, %d entries, converged %s%s; unserved at most %s%n", i + 1,
                    runs, s, r.passed() ? "PASS" : "FAIL", r.schedule().faults().size(), r.history().size(),
                    perHavip(r.report().convergence()), w.map(d -> " (worst " + seconds(d) + ")").orElse(""),
                    seconds(r.report().worstUnserved()));
            if (!r.passed()) {
                failed.add(s);
            }
            if (!r.passed() || printHistory) {
                out.print(r.schedule().describe());
                out.print(r.report().print());
            }
            if (printHistory) {
                out.print(r.history().print());
            }
        }
        out.println(summary(runs, failed, worst));
        return failed.isEmpty() ? 0 : 1;
    }

    static String summary(int runs, List<Long> failedSeeds, List<Duration> worst) {
        StringBuilder s = new StringBuilder("summary: " + runs + " runs, " + (runs - failedSeeds.size()) + " passed, "
                + failedSeeds.size() + " failed" + (failedSeeds.isEmpty() ? "" : " (seeds " + failedSeeds + ")"));
        if (!worst.isEmpty()) {
            List<Duration> sorted = worst.stream().sorted().toList();
            s.append("; convergence after the last fault (worst HaVip per run): min ").append(seconds(sorted.get(0)))
                    .append(", median ").append(seconds(percentile(sorted, 50)))
                    .append(", p95 ").append(seconds(percentile(sorted, 95)))
                    .append(", max ").append(seconds(sorted.get(sorted.size() - 1)));
        }
        return s.toString();
    }

    static Duration percentile(List<Duration> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String perHavip(Map<String, Duration> convergence) {
        StringBuilder s = new StringBuilder();
        convergence.forEach((h, d) -> s.append(s.length() == 0 ? "" : ", ").append(h).append(' ')
                .append(d == null ? "never" : seconds(d)));
        return s.length() == 0 ? "-" : s.toString();
    }

    private static String seconds(Duration d) {
        return String.format("%.2f s", d.toMillis() / 1000.0);
    }
}
