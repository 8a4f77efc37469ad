package io.vipwarden.chaos.check;

import static io.vipwarden.chaos.history.Entry.CloudAction.ASSOCIATE;
import static io.vipwarden.chaos.history.Entry.CloudAction.UNASSOCIATE;
import static io.vipwarden.events.VrrpState.BACKUP;
import static io.vipwarden.events.VrrpState.FAULT;
import static io.vipwarden.events.VrrpState.MASTER;
import static io.vipwarden.events.VrrpState.STOP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.chaos.check.Violation.Kind;
import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.History;
import io.vipwarden.chaos.history.HistoryBuilder;
import io.vipwarden.events.AuditEvent.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckerTest {
    private static final Duration BOUND = Duration.ofSeconds(5);
    private final Checker checker = new Checker(BOUND);

    /**
     * Node a (i-1) owns at epoch 1; it crashes; b (i-2) gets epoch 2, a is fenced in the cloud and by
     * its agent when it comes back, then rejoins as standby at epoch 2. Everything audited.
     */
    static HistoryBuilder goodFailover(long seed) {
        HistoryBuilder b = new HistoryBuilder(seed);
        b.at(0).member("a", "i-1").member("b", "i-2").cloudState(List.of("i-1", "i-2"), null);
        b.at(10).vrrp("a", MASTER).vrrp("b", BACKUP).cloudState(List.of("i-1", "i-2"), "i-1");
        b.at(20).grant("a", 1).audit(Type.DECISION, "a", 1L, "EPOCH_1", "first owner");
        b.at(100).fault("node crash a", true).vrrp("a", STOP);
        b.at(110).vrrp("b", MASTER).cloudState(List.of("i-1", "i-2"), "i-2");
        b.at(120).grant("b", 2).audit(Type.DECISION, "b", 2L, "EPOCH_2", "owner a is dead");
        b.issued("b", "c1", "REMAP", 2).audit(Type.COMMAND_ISSUED, "b", 2L, "ISSUED", "REMAP c1: failover");
        b.issued("a", "c2", "FENCE", 2).audit(Type.COMMAND_ISSUED, "a", 2L, "ISSUED", "FENCE c2: old owner");
        b.at(130).cloud(UNASSOCIATE, "i-1", 2L, "OK").audit("x-un", Type.CLOUD_CALL, "a", 2L, "EXECUTED",
                "UNASSOCIATE i-1", Map.of("action", "UNASSOCIATE", "instance", "i-1"));
        b.at(131).cloudState(List.of("i-2"), "i-2");
        b.at(140).outcome("b", "c1", "REMAP", 2, "EXECUTED").audit(Type.COMMAND_RESULT, "b", 2L, "EXECUTED",
                "REMAP c1 at epoch 2: EXECUTED");
        b.at(200).fault("node crash a", false).faultsOver().vrrp("a", BACKUP);
        b.at(210).outcome("a", "c2", "FENCE", 2, "EXECUTED").audit(Type.COMMAND_RESULT, "a", 2L, "EXECUTED",
                "FENCE c2 at epoch 2: EXECUTED").vrrp("a", FAULT);
        b.at(300).issued("a", "c3", "UNFENCE", 2).audit(Type.COMMAND_ISSUED, "a", 2L, "ISSUED", "UNFENCE c3: rejoin");
        b.at(310).cloud(ASSOCIATE, "i-1", 2L, "OK").audit("x-as", Type.CLOUD_CALL, "a", 2L, "EXECUTED",
                "ASSOCIATE i-1", Map.of("action", "ASSOCIATE", "instance", "i-1"));
        b.at(311).cloudState(List.of("i-2", "i-1"), "i-2");
        b.at(320).outcome("a", "c3", "UNFENCE", 2, "EXECUTED").audit(Type.COMMAND_RESULT, "a", 2L, "EXECUTED",
                "UNFENCE c3 at epoch 2: EXECUTED").vrrp("a", BACKUP);
        return b;
    }

    static History finished(HistoryBuilder b) {
        return b.at(1000).gatewayHoldsAll().end().build();
    }

    @Test
    void shouldPassAGoodFailoverAndReportItsConvergenceTime() {
        CheckReport report = checker.check(finished(goodFailover(7)));
        assertTrue(report.passed(), report.print());
        // b became the only MASTER, owner and cloud master at 131 ms; faults were over at 200 ms.
        assertEquals(Duration.ZERO, report.convergence().get("havip-1"));
        assertTrue(report.print().startsWith("PASS seed 7"), report.print());
    }

    @Test
    void shouldMeasureHowLongTheVipWentUnserved() {
        CheckReport report = checker.check(finished(goodFailover(19)));
        // a crashed at 100 ms while the cloud still routed to it; b announced at 110 ms
        assertEquals(Duration.ofMillis(10), report.unserved().get("havip-1"));
        assertTrue(report.print().contains("havip-1: converged 0 ms, unserved 10 ms"), report.print());
    }

    @Test
    void shouldMeasureConvergenceFromTheEndOfTheFaults() {
        HistoryBuilder b = goodFailover(1);
        b.at(400).vrrp("a", MASTER);   // a second MASTER after the faults
        b.at(900).vrrp("a", BACKUP);
        CheckReport report = checker.check(finished(b));
        assertTrue(report.passed(), report.print());
        assertEquals(Duration.ofMillis(700), report.convergence().get("havip-1"));
    }

    @Test
    void shouldCatchTwoOwnersAtOneEpoch() {
        HistoryBuilder b = goodFailover(3);
        b.at(500).grant("a", 2).audit(Type.DECISION, "a", 2L, "EPOCH_2", "again");
        CheckReport report = checker.check(finished(b));
        Violation v = first(report, Kind.TWO_OWNERS_AT_ONE_EPOCH);
        assertTrue(v.message().contains("epoch 2 was granted to b and then to a"), v.message());
        assertEquals(2, v.evidence().size(), report.print());
    }

    @Test
    void shouldCatchAGrantWhoseEpochGoesBack() {
        HistoryBuilder b = goodFailover(4);
        b.at(500).grant("b", 5).audit(Type.DECISION, "b", 5L, "EPOCH_5", "x");
        b.at(510).grant("b", 4).audit(Type.DECISION, "b", 4L, "EPOCH_4", "y");
        CheckReport report = checker.check(finished(b));
        assertOnly(report, Kind.GRANT_EPOCH_NOT_INCREASING, "epoch 4 was granted to b after epoch 5");
    }

    @Test
    void shouldCatchACloudActionWithAnOlderEpochThanOneAlreadyExecuted() {
        HistoryBuilder b = goodFailover(5);
        // a coordinator paused since epoch 1 wakes up and re-associates the old owner
        b.at(600).cloud(ASSOCIATE, "i-1", 1L, "InvalidInstanceId.AlreadyAssociated");
        CheckReport refusedOnly = checker.check(finished(goodFailover(5).at(600)
                .cloud(ASSOCIATE, "i-1", 1L, "InvalidInstanceId.AlreadyAssociated")));
        assertTrue(refusedOnly.passed(), "a call the cloud refused did not execute: " + refusedOnly.print());
        b.at(610).cloud(UNASSOCIATE, "i-2", 1L, "OK").audit("y", Type.CLOUD_CALL, "b", 1L, "EXECUTED", "",
                Map.of("action", "UNASSOCIATE", "instance", "i-2"));
        b.at(611).cloudState(List.of("i-1"), null);
        b.at(612).vrrp("b", FAULT).vrrp("a", MASTER).cloudState(List.of("i-1"), "i-1");
        CheckReport report = checker.check(finished(b));
        assertTrue(report.has(Kind.STALE_CLOUD_ACTION), report.print());
        Violation v = first(report, Kind.STALE_CLOUD_ACTION);
        assertTrue(v.message().contains("UNASSOCIATE i-2 at epoch 1 after it had executed ASSOCIATE i-1 at epoch 2"),
                v.message());
        // the old owner is MASTER again but owns nothing: never converged either
        assertTrue(report.has(Kind.NOT_CONVERGED), report.print());
    }

    @Test
    void shouldCatchTheCloudRoutingToAFencedNodeAndAnotherAtOnce() {
        HistoryBuilder b = new HistoryBuilder(6);
        b.at(0).member("a", "i-1").member("b", "i-2").cloudState(List.of("i-1", "i-2"), "i-1");
        b.at(10).vrrp("a", MASTER).vrrp("b", BACKUP).grant("a", 1).audit(Type.DECISION, "a", 1L, "EPOCH_1", "");
        b.at(20).fault("split brain", true).vrrp("b", MASTER);   // keepalived's own split brain: not ours yet
        b.at(30).cloud(UNASSOCIATE, "i-2", 1L, "OK").audit("f", Type.CLOUD_CALL, "b", 1L, "EXECUTED", "",
                Map.of("action", "UNASSOCIATE", "instance", "i-2"));
        b.at(31).cloudState(List.of("i-1"), "i-1");
        // a stale re-association (epoch 0) puts the fenced, still MASTER node b back in the route
        b.at(40).cloud(ASSOCIATE, "i-2", 0L, "OK").audit("g", Type.CLOUD_CALL, "b", 0L, "EXECUTED", "",
                Map.of("action", "ASSOCIATE", "instance", "i-2"));
        b.at(41).cloudState(List.of("i-1", "i-2"), "i-2");
        b.at(50).fault("split brain", false).faultsOver().vrrp("b", BACKUP);
        b.at(60).cloudState(List.of("i-1", "i-2"), "i-1");
        CheckReport report = checker.check(finished(b));
        Violation v = first(report, Kind.DUAL_ROUTE_AFTER_FENCE);
        assertTrue(v.message().contains("[a, b] at once, though b was fenced at epoch 1"), v.message());
        assertTrue(report.has(Kind.STALE_CLOUD_ACTION), report.print());
    }

    @Test
    void shouldNotBlameAFenceThatIsExecutedButNotYetSeenToTakeEffect() {
        HistoryBuilder b = new HistoryBuilder(17);
        b.at(0).member("a", "i-1").member("b", "i-2").cloudState(List.of("i-1", "i-2"), "i-1");
        b.at(10).vrrp("a", MASTER).grant("a", 1).audit(Type.DECISION, "a", 1L, "EPOCH_1", "");
        b.at(20).vrrp("b", MASTER);   // split brain
        b.at(30).issued("b", "f1", "FENCE", 1).audit(Type.COMMAND_ISSUED, "b", 1L, "ISSUED", "FENCE f1: claimant");
        b.at(40).cloud(UNASSOCIATE, "i-2", 1L, "OK").audit("u", Type.CLOUD_CALL, "b", 1L, "EXECUTED", "",
                Map.of("action", "UNASSOCIATE", "instance", "i-2"));
        // the agent's result arrives before the recorder samples keepalived and the cloud again
        b.at(45).outcome("b", "f1", "FENCE", 1, "EXECUTED").audit(Type.COMMAND_RESULT, "b", 1L, "EXECUTED", "f1");
        b.at(90).cloudState(List.of("i-1"), "i-1").vrrp("b", FAULT);
        b.at(100).faultsOver();
        CheckReport report = checker.check(finished(b));
        assertTrue(report.passed(), report.print());
        // ...but a fenced node that is MASTER again with another routable node is caught
        HistoryBuilder worse = new HistoryBuilder(18);
        worse.at(0).member("a", "i-1").member("b", "i-2").cloudState(List.of("i-1", "i-2"), "i-1");
        worse.at(10).vrrp("a", MASTER).vrrp("b", MASTER).grant("a", 1).audit(Type.DECISION, "a", 1L, "E", "");
        worse.at(45).outcome("b", "f1", "FENCE", 1, "EXECUTED").audit(Type.COMMAND_RESULT, "b", 1L, "EXECUTED", "f1");
        worse.at(90).vrrp("b", FAULT);
        worse.at(95).vrrp("b", MASTER);   // e.g. an agent that lifted its fence on a stale Unfence
        worse.at(100).faultsOver();
        CheckReport caught = checker.check(finished(worse));
        Violation v = first(caught, Kind.DUAL_ROUTE_AFTER_FENCE);
        assertTrue(v.message().contains("b was fenced at epoch 1"), caught.print());
    }

    /**
     * Seed 21 of the first 50-run acceptance (minimal history): during a split brain, b became MASTER
     * just before its fence ran; the recorder read the fence's result before its next keepalived
     * sample, so b still looked BACKUP, then MASTER, then FAULT. The fence never took effect while b
     * was MASTER: keepalived's own split brain, not a fenced node routed.
     */
    @Test
    void shouldNotTakeAStaleBackupSampleForAFenceTakingEffect() {
        HistoryBuilder b = new HistoryBuilder(21);
        b.at(0).member("a", "i-3").member("b", "i-4").vrrp("b", BACKUP);
        b.at(1907).vrrp("a", MASTER).cloudState(List.of("i-3", "i-4"), "i-3").grant("a", 1)
                .audit(Type.DECISION, "a", 1L, "EPOCH_1", "");
        b.at(27_881).outcome("b", "f1", "FENCE", 1, "EXECUTED").audit(Type.COMMAND_RESULT, "b", 1L, "EXECUTED", "f1");
        b.at(27_901).vrrp("b", MASTER);
        b.at(28_001).vrrp("b", FAULT).faultsOver();
        CheckReport report = checker.check(finished(b));
        assertTrue(report.passed(), report.print());
        // the same fence, seen to take effect (FAULT sampled after it), then b MASTER again: caught
        HistoryBuilder worse = new HistoryBuilder(22);
        worse.at(0).member("a", "i-3").member("b", "i-4").vrrp("b", BACKUP);
        worse.at(1907).vrrp("a", MASTER).cloudState(List.of("i-3", "i-4"), "i-3").grant("a", 1)
                .audit(Type.DECISION, "a", 1L, "EPOCH_1", "");
        worse.at(27_881).outcome("b", "f1", "FENCE", 1, "EXECUTED")
                .audit(Type.COMMAND_RESULT, "b", 1L, "EXECUTED", "f1");
        worse.at(27_901).vrrp("b", FAULT);
        worse.at(30_000).vrrp("b", MASTER).faultsOver();
        Violation v = first(checker.check(finished(worse)), Kind.DUAL_ROUTE_AFTER_FENCE);
        assertTrue(v.message().contains("b was fenced at epoch 1"), v.message());
    }

    @Test
    void shouldReadmitANodeOnceItsUnfenceIsIssuedEvenIfItsResultIsSeenLate() {
        HistoryBuilder b = new HistoryBuilder(20);
        b.at(0).member("a", "i-1").member("b", "i-2").cloudState(List.of("i-1", "i-2"), "i-1");
        b.at(10).vrrp("a", MASTER).vrrp("b", MASTER).grant("a", 1).audit(Type.DECISION, "a", 1L, "E", "");
        b.at(20).outcome("b", "f1", "FENCE", 1, "EXECUTED").audit(Type.COMMAND_RESULT, "b", 1L, "EXECUTED", "f1");
        b.at(30).vrrp("b", FAULT);
        b.at(40).issued("b", "u1", "UNFENCE", 1).audit(Type.COMMAND_ISSUED, "b", 1L, "ISSUED", "UNFENCE u1: rejoin");
        b.at(50).vrrp("b", MASTER);   // adverts still blocked: it claims again before its result is read
        b.at(60).outcome("b", "u1", "UNFENCE", 1, "EXECUTED").audit(Type.COMMAND_RESULT, "b", 1L, "EXECUTED", "u1");
        b.at(70).vrrp("b", BACKUP).faultsOver();
        CheckReport report = checker.check(finished(b));
        assertTrue(report.passed(), report.print());
    }

    @Test
    void shouldNotBlameKeepalivedsOwnSplitBrainBeforeAnyFence() {
        HistoryBuilder b = new HistoryBuilder(8);
        b.at(0).member("a", "i-1").member("b", "i-2").cloudState(List.of("i-1", "i-2"), "i-1");
        b.at(10).vrrp("a", MASTER).vrrp("b", MASTER).grant("a", 1).audit(Type.DECISION, "a", 1L, "EPOCH_1", "");
        b.at(20).faultsOver().vrrp("b", BACKUP);
        CheckReport report = checker.check(finished(b));
        assertTrue(report.passed(), report.print());
    }

    @Test
    void shouldCatchACommandIssuedWithoutItsAuditEvent() {
        History h = finished(goodFailover(9)).filter(e -> !(e instanceof Entry.AuditProduced a
                && a.reason().startsWith("FENCE c2:")));
        CheckReport report = checker.check(h);
        assertOnly(report, Kind.DECISION_NOT_AUDITED, "FENCE c2 to a was issued without a COMMAND_ISSUED audit");
    }

    @Test
    void shouldCatchEveryOtherDecisionWithoutItsAuditEvent() {
        History noCloudAudit = finished(goodFailover(10)).filter(e -> !(e instanceof Entry.AuditProduced a
                && a.auditId().equals("x-un")));
        assertOnly(checker.check(noCloudAudit), Kind.DECISION_NOT_AUDITED,
                "the cloud executed UNASSOCIATE i-1 at epoch 2 without a CLOUD_CALL audit");
        History noGrantAudit = finished(goodFailover(11)).filter(e -> !(e instanceof Entry.AuditProduced a
                && "EPOCH_2".equals(a.outcome())));
        assertOnly(checker.check(noGrantAudit), Kind.DECISION_NOT_AUDITED,
                "the grant of epoch 2 to b has no DECISION audit");
        History noResultAudit = finished(goodFailover(12)).filter(e -> !(e instanceof Entry.AuditProduced a
                && a.reason().startsWith("UNFENCE c3 at")));
        assertOnly(checker.check(noResultAudit), Kind.DECISION_NOT_AUDITED,
                "the result of UNFENCE c3 (EXECUTED by a) has no COMMAND_RESULT audit");
    }

    @Test
    void shouldCatchAnAuditEventTheGatewayCannotShow() {
        HistoryBuilder b = goodFailover(13);
        History h = b.at(1000).gateway(List.of("x-un")).end().build();
        CheckReport report = checker.check(h);
        assertTrue(report.violations().stream().allMatch(v -> v.kind() == Kind.AUDIT_LOST), report.print());
        assertTrue(report.has(Kind.AUDIT_LOST));
        assertTrue(first(report, Kind.AUDIT_LOST).message().contains("the gateway does not return it"));
        // x-as and every other event are missing; x-un is there
        assertFalse(report.violations().stream().anyMatch(v -> v.message().contains("x-un")), report.print());
    }

    @Test
    void shouldCatchAHavipThatNeverConverges() {
        HistoryBuilder b = goodFailover(14);
        b.at(400).vrrp("a", MASTER);
        CheckReport report = checker.check(finished(b));
        Violation v = first(report, Kind.NOT_CONVERGED);
        assertTrue(v.message().contains("2 MASTER nodes [a, b]"), v.message());
        assertEquals(null, report.convergence().get("havip-1"));
        assertTrue(report.worstConvergence().isEmpty());
    }

    @Test
    void shouldCatchAConvergenceSlowerThanTheBound() {
        HistoryBuilder b = goodFailover(15);
        b.at(400).cloudState(List.of("i-2", "i-1"), "i-1");   // cloud routes to the standby
        b.at(400 + 200 + BOUND.toMillis()).cloudState(List.of("i-2", "i-1"), "i-2");
        CheckReport report = checker.check(b.at(20_000).gatewayHoldsAll().end().build());
        assertOnly(report, Kind.NOT_CONVERGED, "converged only 5400 ms after the faults stopped (bound 5000 ms)");
    }

    @Test
    void shouldShrinkASafetyViolationToTheEntriesThatShowIt() {
        HistoryBuilder b = goodFailover(16);
        for (int i = 0; i < 200; i++) {   // noise: heartbeats of state that change nothing
            b.at(400 + i).vrrp("b", MASTER).cloudState(List.of("i-2", "i-1"), "i-2");
        }
        b.at(700).cloud(ASSOCIATE, "i-3", 1L, "OK");
        CheckReport report = checker.check(finished(b));
        Violation v = first(report, Kind.STALE_CLOUD_ACTION);
        assertEquals(2, v.evidence().size(), report.print());
        assertTrue(report.print().contains("minimal history (seed 16, 2 entries)"), report.print());
        assertTrue(report.print().contains("cloud #3 ASSOCIATE i-3 epoch 1 -> OK"), report.print());
    }

    private static void assertOnly(CheckReport report, Kind kind, String messagePart) {
        assertFalse(report.passed(), "expected " + kind);
        assertTrue(report.violations().stream().allMatch(v -> v.kind() == kind), report.print());
        assertTrue(report.violations().stream().anyMatch(v -> v.message().contains(messagePart)), report.print());
        assertTrue(report.print().contains("seed " + report.seed()), report.print());
    }

    private static Violation first(CheckReport report, Kind kind) {
        return report.violations().stream().filter(v -> v.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in\n" + report.print()));
    }
}
