package io.vipwarden.bench;

import java.util.Arrays;

/** Percentiles of a set of samples (nearest rank: the value at or above which the given share lies). */
public final class Stats {
    private final double[] sorted;

    private Stats(double[] sorted) {
        this.sorted = sorted;
    }

    public static Stats of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] copy = samples.clone();
        Arrays.sort(copy);
        return new Stats(copy);
    }

    /** Nanosecond samples as milliseconds. */
    public static Stats ofNanosAsMillis(long[] nanos, int count) {
        double[] ms = new double[count];
        for (int i = 0; i < count; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        return of(ms);
    }

    /** The {@code p}-th percentile, 0 < p <= 100. */
    public double percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public double p50() {
        return percentile(50);
    }

    public double p99() {
        return percentile(99);
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public double mean() {
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }

    public int count() {
        return sorted.length;
    }
}
