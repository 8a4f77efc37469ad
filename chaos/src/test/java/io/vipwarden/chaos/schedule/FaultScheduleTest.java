package io.vipwarden.chaos.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    static final Fleet FLEET = new Fleet(Map.of("havip-1", List.of("node-a", "node-b"),
            "havip-2", List.of("node-c", "node-d", "node-e")), List.of("coordinator-1", "coordinator-2", "coordinator-3"));
    static final Set<FaultKind> ALL = EnumSet.allOf(FaultKind.class);

    @Test
    void shouldGiveTheSameScheduleForTheSameSeed() {
        FaultSchedule a = FaultSchedule.generate(42, FLEET, Duration.ofMinutes(2), Duration.ofSeconds(4), ALL);
        FaultSchedule b = FaultSchedule.generate(42, FLEET, Duration.ofMinutes(2), Duration.ofSeconds(4), ALL);
        FaultSchedule c = FaultSchedule.generate(43, FLEET, Duration.ofMinutes(2), Duration.ofSeconds(4), ALL);
        assertEquals(a, b);
        assertEquals(a.describe(), b.describe());
        assertNotEquals(a.faults(), c.faults());
    }

    @Test
    void shouldHealEveryFaultWithinThePhaseAndNeverOverlapOnOneTarget() {
        for (long seed = 1; seed <= 200; seed++) {
            FaultSchedule s = FaultSchedule.generate(seed, FLEET, Duration.ofSeconds(90), Duration.ofSeconds(3), ALL);
            assertFalse(s.faults().isEmpty(), "seed " + seed);
            assertTrue(s.lastHeal().compareTo(s.faultsPhase()) <= 0, s.describe());
            Map<String, Duration> busy = new HashMap<>();
            for (Fault f : s.faults()) {
                String lock = f.kind().target() == FaultKind.Target.COORDINATOR ? "coordinators"
                        : f.kind().target() + ":" + f.target();
                Duration until = busy.get(lock);
                assertTrue(until == null || f.start().compareTo(until) >= 0, "overlap on " + lock + "\n" + s.describe());
                busy.put(lock, f.end());
            }
        }
    }

    @Test
    void shouldDrawEveryKindAndAimItAtTheRightTarget() {
        Set<FaultKind> seen = EnumSet.noneOf(FaultKind.class);
        for (long seed = 1; seed <= 50; seed++) {
            for (Fault f : FaultSchedule.generate(seed, FLEET, Duration.ofSeconds(120), Duration.ofSeconds(3), ALL)
                    .faults()) {
                seen.add(f.kind());
                switch (f.kind().target()) {
                    case NODE -> assertTrue(FLEET.nodes().contains(f.target()), f.describe());
                    case HAVIP -> assertTrue(FLEET.havips().contains(f.target()), f.describe());
                    case COORDINATOR -> assertTrue(FLEET.coordinators().contains(f.target()), f.describe());
                    case BROKER -> assertEquals("broker", f.target());
                    case CLOUD -> assertEquals("cloud", f.target());
                }
                if (f.kind() == FaultKind.CLOUD_ERRORS) {
                    assertTrue(f.amount() >= 20 && f.amount() <= 80, f.describe());
                }
            }
        }
        assertEquals(ALL, seen);
    }

    @Test
    void shouldDrawOnlyTheKindsItIsGiven() {
        FaultSchedule s = FaultSchedule.generate(5, FLEET, Duration.ofSeconds(60), Duration.ofSeconds(2),
                EnumSet.of(FaultKind.BROKER_RESTART, FaultKind.CLOUD_OUTAGE));
        assertTrue(s.faults().stream().allMatch(f -> f.kind() == FaultKind.BROKER_RESTART
                || f.kind() == FaultKind.CLOUD_OUTAGE), s.describe());
        FaultSchedule none = FaultSchedule.generate(5, new Fleet(FLEET.groups(), List.of()), Duration.ofSeconds(60),
                Duration.ofSeconds(2), EnumSet.of(FaultKind.COORDINATOR_KILL));
        assertTrue(none.faults().isEmpty(), "no coordinators, no coordinator faults");
    }

    @Test
    void shouldPrintOneLinePerFault() {
        FaultSchedule s = new FaultSchedule(9, Duration.ofSeconds(30), List.of(
                new Fault(Duration.ofMillis(1500), Duration.ofSeconds(4), FaultKind.NODE_CRASH, "node-a", 0),
                new Fault(Duration.ofSeconds(3), Duration.ofMillis(2500), FaultKind.CLOUD_LATENCY, "cloud", 800),
                new Fault(Duration.ofSeconds(7), Duration.ofSeconds(5), FaultKind.CLOCK_SKEW, "node-b", -1200)));
        assertEquals("""
                schedule seed 9: 3 faults in 30 s
                      +1.5s    4.0s  NODE_CRASH node-a
                      +3.0s    2.5s  CLOUD_LATENCY cloud 800ms
                      +7.0s    5.0s  CLOCK_SKEW node-b -1200ms
                """, s.describe());
    }

    @Test
    void shouldRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> FaultSchedule.generate(1, FLEET, Duration.ofSeconds(10),
                Duration.ZERO, ALL));
        assertThrows(IllegalArgumentException.class, () -> FaultSchedule.generate(1, FLEET, Duration.ofSeconds(10),
                Duration.ofSeconds(1), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new Fault(Duration.ZERO, Duration.ZERO,
                FaultKind.NODE_CRASH, "n", 0));
    }
}
