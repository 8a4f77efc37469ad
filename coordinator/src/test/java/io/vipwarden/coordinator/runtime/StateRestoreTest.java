package io.vipwarden.coordinator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.coordinator.decision.EngineSettings;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.MemberView;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.VrrpState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateRestoreTest {
    static final Instant BEFORE = Instant.parse("2026-11-22T01:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-22T02:00:00Z");

    static HavipState state(long epoch, HavipState.Phase phase) {
        return new HavipState("havip-1", "192.0.2.10", "vpc-1", phase, "node-b", epoch, List.of(
                new HavipState.Member("node-a", "i-1", VrrpState.FAULT, 100, true, true, true, BEFORE),
                new HavipState.Member("node-b", "i-2", VrrpState.MASTER, 90, true, true, false, BEFORE)),
                List.of("i-2"), "i-2", false, true, BEFORE.plusSeconds(5), BEFORE, "OWNER_DEAD: ...", BEFORE);
    }

    @Test
    void shouldRebuildOwnerEpochFencesAndFlagsButNotTheMembersClaims() {
        HavipRecord r = StateRestore.rebuild("havip-1", state(4, HavipState.Phase.FROZEN), 3, Map.of(), NOW);
        assertEquals("node-b", r.ownerNode());
        assertEquals(4, r.epoch());
        assertEquals(0, r.revision(), "the store stamps the revision");
        assertTrue(r.frozen());
        assertEquals(BEFORE.plusSeconds(5), r.holdDownUntil());
        assertEquals(List.of(BEFORE), r.recentFailovers());
        MemberView a = r.member("node-a");
        assertTrue(a.fenced(), "a fence outlives the restart");
        assertEquals(VrrpState.UNKNOWN, a.vrrpState());
        assertFalse(r.member("node-b").claimsMaster(), "a MASTER claim from before the restart is not trusted");
        assertTrue(r.member("node-b").alive(NOW, EngineSettings.defaults()), "heard from now: a full timeout to report");
        assertFalse(r.member("node-b").alive(NOW.plusSeconds(60), EngineSettings.defaults()));
        assertEquals("i-2", r.member("node-b").cloudInstanceId());
    }

    @Test
    void shouldTakeTheHigherCommandEpochWithNoOwnerWhenTheStateNeverReachedKafka() {
        HavipRecord r = StateRestore.rebuild("havip-1", state(4, HavipState.Phase.STABLE), 6, Map.of(), NOW);
        assertEquals(6, r.epoch());
        assertNull(r.ownerNode(), "who owned epoch 6 is not known");
        assertEquals(HavipState.Phase.NO_OWNER, r.phase());
        assertTrue(r.member("node-a").fenced());
        HavipRecord commandsOnly = StateRestore.rebuild("havip-1", null, 2, Map.of(), NOW);
        assertEquals(2, commandsOnly.epoch());
        assertTrue(commandsOnly.members().isEmpty());
    }

    @Test
    void shouldMarkTheUnreadBacklogAsSeenSoOnlyNewEventsCount() {
        HavipRecord r = StateRestore.rebuild("havip-1", state(4, HavipState.Phase.STABLE), 0, Map.of(
                "node-b", new StateRestore.Seen("inc-b", 41), "node-c", new StateRestore.Seen("inc-c", 7)), NOW);
        assertEquals("inc-b", r.member("node-b").incarnation());
        assertEquals(41, r.member("node-b").lastSequence());
        assertNull(r.member("node-a").incarnation(), "nothing unread from node-a: its next event counts");
        assertEquals(VrrpState.UNKNOWN, r.member("node-c").vrrpState(), "a member seen only in the backlog");
        assertEquals(7, r.member("node-c").lastSequence());
    }
}
