package io.vipwarden.bench;

/**
 * One benchmark: it measures vipwarden and, in the same run, a baseline that the same machine load
 * affects in the same way, so the ratio between them means something even on a busy machine.
 */
public interface Benchmark {
    /** The subcommand name, e.g. {@code audit-query}. */
    String name();

    /** One line: what is measured. */
    String title();

    /** The goals in words, e.g. {@code p99 < 50 ms, catch-up < 30 s}; shown even before a first run. */
    String goals();

    /** What the baseline is and why it is the right yardstick; printed with every result. */
    String baseline();

    /** Runs the benchmark; {@code quick} asks for a smaller version that finishes in about a minute. */
    BenchResult run(BenchContext context) throws Exception;
}
