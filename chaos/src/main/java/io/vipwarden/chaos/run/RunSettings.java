package io.vipwarden.chaos.run;

import java.time.Duration;

/**
 * How long each phase of a run lasts.
 *
 * @param warmUp           longest wait for the stack to settle before the first fault
 * @param faultsPhase      how long faults keep starting (every fault healed by its end)
 * @param meanGap          mean time between fault starts
 * @param convergenceBound how long after the last heal the system may take to converge
 * @param stableFor        how long convergence must hold before the run ends early
 */
public record RunSettings(Duration warmUp, Duration faultsPhase, Duration meanGap, Duration convergenceBound,
        Duration stableFor) {
    public RunSettings {
        for (Duration d : new Duration[] {warmUp, faultsPhase, meanGap, convergenceBound, stableFor}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("run durations must be >= 0, got " + d);
            }
        }
        if (meanGap.isZero()) {
            throw new IllegalArgumentException("meanGap must be > 0");
        }
    }

    /** The short schedule CI runs. */
    public static RunSettings ci() {
        return new RunSettings(Duration.ofSeconds(20), Duration.ofSeconds(25), Duration.ofSeconds(4),
                Duration.ofSeconds(30), Duration.ofSeconds(3));
    }

    /** A run of {@code minutes} of faults, for people. */
    public static RunSettings minutes(double minutes) {
        return new RunSettings(Duration.ofSeconds(30), Duration.ofMillis((long) (minutes * 60_000)),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }
}
