package io.vipwarden.chaos.run;

import io.vipwarden.chaos.schedule.Fault;
import io.vipwarden.testbed.emulator.Faults;
import java.util.List;

/** How cloud faults of a schedule become the emulator's injected faults. */
public final class CloudFaults {
    private CloudFaults() {
    }

    /**
     * The emulator faults for a cloud fault; seeded from the run's seed and the fault's start, so
     * which calls fail is part of the replay.
     */
    public static Faults of(Fault fault, long runSeed) {
        long seed = runSeed * 31 + fault.start().toMillis();
        return switch (fault.kind()) {
            case CLOUD_LATENCY -> new Faults(fault.amount(), false, List.of(), seed);
            case CLOUD_OUTAGE -> new Faults(0, true, List.of(), seed);
            case CLOUD_ERRORS -> new Faults(0, false, List.of(
                    new Faults.ErrorRule("*", (fault.start().toMillis() & 1) == 0 ? "ServiceUnavailable" : "Throttling",
                            0, fault.amount() / 100.0, null)), seed);
            default -> throw new IllegalArgumentException("not a cloud fault: " + fault.label());
        };
    }
}
