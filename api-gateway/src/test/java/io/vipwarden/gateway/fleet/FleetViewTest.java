package io.vipwarden.gateway.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.events.HavipState;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.VrrpState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetViewTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private final FleetView fleet = new FleetView(Clock.fixed(NOW, ZoneOffset.UTC));

    private static HavipState state(long epoch, String owner, boolean standbyHealthy, Instant updated) {
        return new HavipState("h1", "192.0.2.10", "vpc", HavipState.Phase.STABLE, owner, epoch, List.of(
                new HavipState.Member("a", "i-a", VrrpState.MASTER, 100, true, true, false, NOW),
                new HavipState.Member("b", "i-b", VrrpState.BACKUP, 90, standbyHealthy, true, false, NOW)),
                List.of(), null, false, false, null, NOW.minusSeconds(90), null, updated);
    }

    @Test
    void shouldKeepTheNewestStateAndIgnoreALateOlderOne() {
        assertTrue(fleet.apply(state(5, "a", true, NOW)));
        assertFalse(fleet.apply(state(4, "b", true, NOW.plusSeconds(1))), "lower epoch arrives late");
        assertEquals("a", fleet.havip("h1").orElseThrow().ownerNode());
        assertTrue(fleet.apply(state(6, "b", true, NOW.plusSeconds(2))));
        assertEquals(6, fleet.havip("h1").orElseThrow().epoch());
    }

    @Test
    void shouldComputeTheFleetGauges() {
        HavipState s = state(1, "a", false, NOW);
        assertEquals(2, FleetView.membersUp(s));
        assertFalse(FleetView.healthyStandby(s), "b is unhealthy");
        assertTrue(FleetView.healthyStandby(state(1, "a", true, NOW)));
        assertEquals(90.0, fleet.secondsSinceLastFailover(s).orElseThrow());
    }

    @Test
    void shouldTellWhetherTheCloudRoutesToTheOwner() {
        HavipState s = state(1, "a", true, NOW);
        assertTrue(FleetView.cloudMatchesOwner(s).isEmpty(), "no cloud binding read yet: no verdict");
        HavipState routedToOwner = new HavipState(s.havipId(), s.vip(), s.vpcId(), s.phase(), "a", 1, s.members(),
                List.of("i-a", "i-b"), "i-a", false, false, null, null, null, NOW);
        assertTrue(FleetView.cloudMatchesOwner(routedToOwner).orElseThrow());
        HavipState routedElsewhere = new HavipState(s.havipId(), s.vip(), s.vpcId(), s.phase(), "a", 1, s.members(),
                List.of("i-a", "i-b"), "i-b", false, false, null, null, null, NOW);
        assertFalse(FleetView.cloudMatchesOwner(routedElsewhere).orElseThrow());
    }

    @Test
    void shouldCountANodeDownAfterThreeMissedHeartbeats() {
        Heartbeat hb = new Heartbeat("h1", "c", "inc", 1, "i-c", "VI_1", VrrpState.BACKUP, 90, "192.0.2.10", true,
                List.of(), false, 1000);
        fleet.apply(hb, NOW.minus(Duration.ofMillis(2500)));
        assertTrue(fleet.node("c").orElseThrow().up());
        fleet.apply(hb, NOW.minus(Duration.ofMillis(3500)));
        assertTrue(fleet.node("c").orElseThrow().up(), "an older event does not replace a newer one");
        FleetView later = new FleetView(Clock.fixed(NOW.plusSeconds(2), ZoneOffset.UTC));
        later.apply(hb, NOW.minus(Duration.ofMillis(2500)));
        assertFalse(later.node("c").orElseThrow().up());
    }
}
