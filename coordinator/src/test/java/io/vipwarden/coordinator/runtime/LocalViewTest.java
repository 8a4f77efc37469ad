package io.vipwarden.coordinator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.coordinator.decision.EngineSettings;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.MemberView;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.VrrpState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The liveness a member holds for the HaVips of its partitions: takeover, flips, pauses. */
class LocalViewTest {
    static final EngineSettings SETTINGS = EngineSettings.defaults(); // 1 s interval, 3 missed: 3 s timeout
    static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    static MemberView member(String id, VrrpState state, Instant lastSeen) {
        return new MemberView(id, "i-" + id, state, 100, true, lastSeen, 1000, false, null, null, "inc", 7, null);
    }

    static HavipRecord record(Instant updatedAt, MemberView... members) {
        Map<String, MemberView> m = new java.util.TreeMap<>();
        for (MemberView v : members) {
            m.put(v.nodeId(), v);
        }
        return new HavipRecord("havip-1", null, null, "a", 1, 4, m, HavipState.Phase.STABLE, false, false, null,
                List.of(), null, null, false, null, List.of(), updatedAt);
    }

    @Test
    void shouldGiveEveryMemberAliveAsStoredAFullTimeoutAtTakeover() {
        // Stored 10 s ago, both heard just before: their stored times are long stale, yet they were alive.
        HavipRecord stored = record(T0, member("a", VrrpState.MASTER, T0.minusMillis(500)),
                member("b", VrrpState.BACKUP, T0.minusMillis(200)));
        Instant takeover = T0.plusSeconds(10);
        HavipRecord view = LocalView.takeover(stored, takeover, SETTINGS);
        assertTrue(view.member("a").alive(takeover.plusMillis(2999), SETTINGS));
        assertFalse(view.member("a").alive(takeover.plusMillis(3001), SETTINGS));
        assertEquals(stored.revision(), view.revision());
        assertFalse(LocalView.livenessFlipped(stored, view, takeover, SETTINGS), "nothing to write at takeover");
    }

    @Test
    void shouldKeepAMemberStoredDeadDeadAtTakeover() {
        // b was last heard 5 s before the record was written: the writer knew it was dead.
        HavipRecord stored = record(T0, member("a", VrrpState.MASTER, T0), member("b", VrrpState.MASTER,
                T0.minusSeconds(5)));
        HavipRecord view = LocalView.takeover(stored, T0.plusSeconds(10), SETTINGS);
        assertFalse(view.member("b").alive(T0.plusSeconds(10), SETTINGS));
        assertTrue(view.member("a").alive(T0.plusSeconds(10), SETTINGS));
    }

    @Test
    void shouldAskForAWriteWhenAMemberDiesOrComesBackAgainstTheStore() {
        HavipRecord stored = record(T0, member("a", VrrpState.MASTER, T0), member("b", VrrpState.BACKUP, T0));
        HavipRecord view = stored.withMembers(Map.of("a", member("a", VrrpState.MASTER, T0.plusSeconds(20)),
                "b", member("b", VrrpState.BACKUP, T0)));
        assertFalse(LocalView.livenessFlipped(stored, view, T0.plusSeconds(2), SETTINGS), "both still alive");
        assertTrue(LocalView.livenessFlipped(stored, view, T0.plusSeconds(21), SETTINGS), "b died");

        HavipRecord storedDead = record(T0.plusSeconds(10), member("a", VrrpState.MASTER, T0.plusSeconds(10)),
                member("b", VrrpState.BACKUP, T0));
        HavipRecord back = storedDead.withMembers(Map.of("a", storedDead.member("a"),
                "b", member("b", VrrpState.BACKUP, T0.plusSeconds(11))));
        assertTrue(LocalView.livenessFlipped(storedDead, back, T0.plusSeconds(11), SETTINGS), "b came back");
    }

    @Test
    void shouldNotCountTimeSpentNotReadingAsSilence() {
        LocalView held = new LocalView(SETTINGS);
        HavipRecord stored = record(T0, member("a", VrrpState.MASTER, T0), member("b", VrrpState.BACKUP,
                T0.minusSeconds(10)));
        held.load("havip-1", stored, stored, null, true);
        // Paused for 60 s (no quorum) one second after a was last heard.
        held.notReading(T0.plusSeconds(1), T0.plusSeconds(61));
        HavipRecord view = held.view("havip-1");
        assertTrue(view.member("a").alive(T0.plusSeconds(62), SETTINGS));
        assertFalse(view.member("a").alive(T0.plusSeconds(63).plusMillis(1), SETTINGS));
        assertEquals(T0.minusSeconds(10), view.member("b").lastSeen(), "dead before the pause, dead after");
    }

    @Test
    void shouldKeepTheNewerLivenessWhenTheRecordIsReadAgain() {
        HavipRecord fresh = record(T0, member("a", VrrpState.MASTER, T0), member("b", VrrpState.BACKUP, T0));
        MemberView seen = member("a", VrrpState.MASTER, T0.plusSeconds(4)).withLiveness(T0.plusSeconds(4), "inc", 11);
        HavipRecord view = fresh.withMembers(Map.of("a", seen, "b", fresh.member("b")));
        HavipRecord over = LocalView.overlay(fresh, view);
        assertEquals(T0.plusSeconds(4), over.member("a").lastSeen());
        assertEquals(11, over.member("a").lastSequence());
        assertEquals(T0, over.member("b").lastSeen());
    }

    @Test
    void shouldForgetTheHavipsOfARevokedPartition() {
        LocalView held = new LocalView(SETTINGS);
        int p = LocalView.partitionOf("havip-1", 6);
        held.assigned(List.of(p), 6);
        assertTrue(held.owns("havip-1"));
        HavipRecord stored = record(T0, member("a", VrrpState.MASTER, T0));
        held.load("havip-1", stored, stored, null, true);
        held.revoked(List.of(p));
        assertFalse(held.owns("havip-1"));
        assertEquals(null, held.get("havip-1"));
    }

    @Test
    void shouldTreatALivenessOnlyChangeAsNoChange() {
        HavipRecord a = record(T0, member("a", VrrpState.MASTER, T0));
        HavipRecord b = a.withMembers(Map.of("a", a.member("a").withLiveness(T0.plus(Duration.ofSeconds(1)), "inc", 8)))
                .withUpdatedAt(T0.plusSeconds(1));
        assertTrue(a.sameButLiveness(b));
        HavipRecord c = a.withMembers(Map.of("a", member("a", VrrpState.BACKUP, T0)));
        assertFalse(a.sameButLiveness(c));
    }
}
