package io.vipwarden.bench;

/**
 * One figure of a result: vipwarden's value, the baseline's value for the same metric when there is
 * one, and the goal.
 *
 * @param baseline the baseline's figure, or null when the metric has no baseline counterpart
 */
public record Row(String metric, String unit, double value, Double baseline, Goal goal) {
    public static Row of(String metric, String unit, double value) {
        return new Row(metric, unit, value, null, Goal.NONE);
    }

    public Row against(double baselineValue) {
        return new Row(metric, unit, value, baselineValue, goal);
    }

    public Row goal(Goal g) {
        return new Row(metric, unit, value, baseline, g);
    }

    /** value / baseline, or null without a baseline (or a zero one). */
    public Double ratio() {
        return baseline == null || baseline == 0 ? null : value / baseline;
    }

    public Goal.Verdict verdict() {
        return goal.judge(value, baseline);
    }
}
