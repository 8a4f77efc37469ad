package io.vipwarden.chaos.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded random schedule of faults, as data: the same seed, fleet and settings always give the
 * same schedule, so a failing run is replayed from its seed.
 *
 * <p>Faults may overlap, except on the same target: one fault at a time per node, per HaVip, on
 * the broker, on the cloud, and on the coordinators as a whole (so two of three members are never
 * down together and a majority can always decide once the broker and cloud let it).
 */
public record FaultSchedule(long seed, Duration faultsPhase, List<Fault> faults) {
    public FaultSchedule {
        faults = List.copyOf(faults);
    }

    /**
     * @param faultsPhase how long faults keep starting; every fault is healed by its end
     * @param meanGap     mean time between the starts of two faults
     * @param kinds       the kinds to draw from (those the target stack can apply)
     */
    public static FaultSchedule generate(long seed, Fleet fleet, Duration faultsPhase, Duration meanGap,
            Set<FaultKind> kinds) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one fault kind");
        }
        if (meanGap.isNegative() || meanGap.isZero()) {
            throw new IllegalArgumentException("meanGap must be > 0, got " + meanGap);
        }
        List<FaultKind> usable = EnumSet.copyOf(kinds).stream()
                .filter(k -> k.target() != FaultKind.Target.COORDINATOR || !fleet.coordinators().isEmpty())
                .toList();
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Long> busyUntil = new HashMap<>();
        List<Fault> faults = new ArrayList<>();
        long phase = faultsPhase.toMillis();
        long gap = meanGap.toMillis();
        long t = random.nextLong(gap / 2 + 1);
        while (t < phase - 1000 && !usable.isEmpty()) {
            FaultKind kind = usable.get(random.nextInt(usable.size()));
            String target = pickTarget(kind, fleet, random);
            String lock = kind.target() == FaultKind.Target.COORDINATOR ? "coordinators"
                    : kind.target() + ":" + target;
            long length = Math.min(lengthMs(kind, random), phase - t);
            if (busyUntil.getOrDefault(lock, -1L) < t && length >= 500) {
                faults.add(new Fault(Duration.ofMillis(t), Duration.ofMillis(length), kind, target,
                        amount(kind, random)));
                // a short quiet time after each fault on a target, so its heal is seen before the next
                busyUntil.put(lock, t + length + 1000);
            }
            t += gap / 2 + random.nextLong(gap + 1);
        }
        faults.sort(Comparator.comparing(Fault::start));
        return new FaultSchedule(seed, faultsPhase, faults);
    }

    /** Every fault has been healed by then. */
    public Duration lastHeal() {
        return faults.stream().map(Fault::end).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** The schedule, one fault per line. */
    public String describe() {
        StringBuilder out = new StringBuilder("schedule seed " + seed + ": " + faults.size() + " faults in "
                + faultsPhase.toSeconds() + " s\n");
        faults.forEach(f -> out.append("  ").append(f.describe()).append('\n'));
        return out.toString();
    }

    private static String pickTarget(FaultKind kind, Fleet fleet, SplittableRandom random) {
        return switch (kind.target()) {
            case NODE -> pick(fleet.nodes(), random);
            case HAVIP -> pick(fleet.havips(), random);
            case COORDINATOR -> pick(fleet.coordinators(), random);
            case BROKER -> "broker";
            case CLOUD -> "cloud";
        };
    }

    private static String pick(List<String> from, SplittableRandom random) {
        return from.get(random.nextInt(from.size()));
    }

    /** Lengths long enough to matter (beyond keepalived's 3.6 s master-down time where it counts). */
    private static long lengthMs(FaultKind kind, SplittableRandom random) {
        return switch (kind) {
            case CLOUD_LATENCY, CLOUD_ERRORS, CLOUD_OUTAGE -> 2_000 + random.nextLong(8_000);
            case BROKER_RESTART -> 1_000 + random.nextLong(6_000);
            case COORDINATOR_PAUSE -> 1_000 + random.nextLong(10_000);
            default -> 3_000 + random.nextLong(9_000);
        };
    }

    private static long amount(FaultKind kind, SplittableRandom random) {
        return switch (kind) {
            case CLOUD_LATENCY -> 200 + random.nextLong(2_800);
            case CLOUD_ERRORS -> 20 + random.nextLong(61);
            case CLOCK_SKEW -> (random.nextBoolean() ? 1 : -1) * (500 + random.nextLong(30_000));
            default -> 0;
        };
    }
}
