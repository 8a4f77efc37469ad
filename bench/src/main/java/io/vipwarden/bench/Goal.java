package io.vipwarden.bench;

import java.util.Locale;

/**
 * A target a figure should meet: an upper or a lower bound, absolute or relative to the baseline
 * ({@code value <= factor * baseline + offset}).
 */
public record Goal(String text, Kind kind, double limit, double offset) {
    public enum Kind { NONE, AT_MOST, AT_LEAST, AT_MOST_BASELINE_TIMES, AT_LEAST_BASELINE_TIMES }

    public static final Goal NONE = new Goal("", Kind.NONE, 0, 0);

    public static Goal atMost(double limit, String unit) {
        return new Goal("< " + limitText(limit) + " " + unit, Kind.AT_MOST, limit, 0);
    }

    public static Goal atLeast(double limit, String unit) {
        return new Goal(">= " + limitText(limit) + " " + unit, Kind.AT_LEAST, limit, 0);
    }

    /** {@code value <= factor × baseline + offset} (e.g. latency within 2× the baseline + 5 ms). */
    public static Goal withinBaseline(double factor, double offset, String unit) {
        String extra = offset == 0 ? "" : " + " + limitText(offset) + " " + unit;
        return new Goal("<= " + limitText(factor) + "× baseline" + extra, Kind.AT_MOST_BASELINE_TIMES, factor,
                offset);
    }

    /** {@code value >= factor × baseline} (e.g. at least half the baseline's throughput). */
    public static Goal atLeastBaseline(double factor) {
        return new Goal(">= " + limitText(factor) + "× baseline", Kind.AT_LEAST_BASELINE_TIMES, factor, 0);
    }

    /** A limit as people write it: 50, 0.5, 50,000. */
    static String limitText(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : Table.number(v);
    }

    /** Whether the value meets the goal; {@link Verdict#NONE} when there is no goal or no baseline to compare. */
    public Verdict judge(double value, Double baseline) {
        return switch (kind) {
            case NONE -> Verdict.NONE;
            case AT_MOST -> value < limit ? Verdict.MET : Verdict.MISSED;
            case AT_LEAST -> value >= limit ? Verdict.MET : Verdict.MISSED;
            case AT_MOST_BASELINE_TIMES -> baseline == null ? Verdict.NONE
                    : value <= limit * baseline + offset ? Verdict.MET : Verdict.MISSED;
            case AT_LEAST_BASELINE_TIMES -> baseline == null ? Verdict.NONE
                    : value >= limit * baseline ? Verdict.MET : Verdict.MISSED;
        };
    }

    @Override
    public String toString() {
        return text.toLowerCase(Locale.ROOT);
    }

    public enum Verdict {
        MET("met"), MISSED("MISSED"), NONE("");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
