package io.vipwarden.bench;

/**
 * A benchmark whose parts are not in this version yet: it says so and what it will measure, and
 * {@code ./vipwarden bench NAME} exits 2 without touching BENCHMARKS.md.
 */
public record NotYetBenchmark(String name, String title, String goals, String baseline, String missing)
        implements Benchmark {
    @Override
    public BenchResult run(BenchContext context) {
        throw new NotYetException("'" + name + "' is not built yet: " + missing);
    }

    /** Thrown by a benchmark that cannot run in this version. */
    public static final class NotYetException extends RuntimeException {
        public NotYetException(String message) {
            super(message);
        }
    }
}
