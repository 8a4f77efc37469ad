package io.vipwarden.bench;

import io.vipwarden.bench.agent.AgentFootprintBenchmark;
import io.vipwarden.bench.audit.AuditQueryBenchmark;
import io.vipwarden.bench.lab.FailoverE2eBenchmark;
import io.vipwarden.bench.latency.DecisionLatencyBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./vipwarden bench NAME [--quick]}: runs one benchmark with its baseline, prints the table and
 * records it in BENCHMARKS.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks of vipwarden, each against a baseline measured in the same run.",
                "Prints a table and records it in BENCHMARKS.md (current figures + history)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:measured and recorded (goals met or not: see the table)", "1:the benchmark failed",
                "2:bad usage, or the benchmark is not built yet in this version"})
public final class BenchMain implements Callable<Integer> {

    /** Every benchmark, in the order BENCHMARKS.md lists them. */
    public static List<Benchmark> benchmarks() {
        return List.of(
                new DecisionLatencyBenchmark(),
                new io.vipwarden.bench.coordinator.ThroughputBenchmark(),
                new AgentFootprintBenchmark(),
                new AuditQueryBenchmark(),
                new FailoverE2eBenchmark());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BenchMain());
        for (Benchmark b : benchmarks()) {
            CommandLine sub = new CommandLine(new RunCommand(b));
            sub.getCommandSpec().usageMessage().description(b.title(), "Goal: " + b.goals(),
                    "Baseline: " + b.baseline());
            cl.addSubcommand(b.name(), sub);
        }
        return cl;
    }

    @Override
    public Integer call() {
        System.err.println("vipwarden bench: name a benchmark: "
                + String.join(", ", benchmarks().stream().map(Benchmark::name).toList()) + " (see --help)");
        return 2;
    }

    /** One benchmark as a subcommand. */
    @Command(mixinStandardHelpOptions = true,
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:measured and recorded", "1:the benchmark failed", "2:bad usage or not built yet"})
    static final class RunCommand implements Callable<Integer> {
        private final Benchmark benchmark;

        @Option(names = "--quick", description = "a smaller version that finishes in about a minute")
        boolean quick;

        @Option(names = "--size", paramLabel = "N", hidden = true,
                description = "override the benchmark's main size (tests use tiny ones)")
        int size;

        @Option(names = "--output", paramLabel = "FILE",
                description = "where to record the figures (default: BENCHMARKS.md at the repository root)")
        Path output;

        @Option(names = "--no-record", description = "print the table only; leave BENCHMARKS.md alone")
        boolean noRecord;

        RunCommand(Benchmark benchmark) {
            this.benchmark = benchmark;
        }

        @Override
        public Integer call() {
            if (size < 0) {
                System.err.println("vipwarden bench: --size must be positive, got " + size);
                return 2;
            }
            if (benchmark instanceof NotYetBenchmark notYet) {
                System.err.println("vipwarden bench: '" + notYet.name() + "' is not built yet: " + notYet.missing());
                System.err.println("It will measure: " + notYet.title() + "; goal: " + notYet.goals()
                        + "; baseline: " + notYet.baseline());
                return 2;
            }
            Path root = repositoryRoot();
            RunInfo run = RunInfo.begin(root, quick);
            BenchContext context = new BenchContext(quick, root, size, System.err);
            context.say("%s%s on %s", benchmark.name(), quick ? " (quick)" : "", run.describe());
            BenchResult result;
            try {
                result = benchmark.run(context);
            } catch (NotYetBenchmark.NotYetException e) {
                System.err.println("vipwarden bench: " + e.getMessage());
                return 2;
            } catch (Exception e) {
                System.err.println("vipwarden bench: " + benchmark.name() + " failed: " + e);
                e.printStackTrace(System.err);
                return 1;
            }
            run = run.finished();
            System.out.println();
            System.out.println(benchmark.name() + ": " + benchmark.title());
            System.out.println(run.describe());
            System.out.println("baseline: " + benchmark.baseline());
            System.out.println();
            System.out.print(Table.text(result.rows()));
            result.notes().forEach(n -> System.out.println("- " + n));
            if (!noRecord) {
                Path file = output != null ? output : root.resolve("BENCHMARKS.md");
                try {
                    BenchmarksFile.record(file, benchmarks(), benchmark, result, run);
                    System.out.println("recorded in " + file);
                } catch (java.io.IOException e) {
                    System.err.println("vipwarden bench: cannot write " + file + ": " + e);
                    return 1;
                }
            }
            return 0;
        }

        private static Path repositoryRoot() {
            String env = System.getenv("VIPWARDEN_ROOT");
            Path p = env != null && !env.isBlank() ? Path.of(env) : Path.of("").toAbsolutePath();
            // run from a module folder (tests run in bench/): the root is where the launcher is
            for (Path q = p; q != null; q = q.getParent()) {
                if (java.nio.file.Files.isRegularFile(q.resolve("vipwarden"))
                        && java.nio.file.Files.isRegularFile(q.resolve("pom.xml"))) {
                    return q;
                }
            }
            return p;
        }
    }
}
