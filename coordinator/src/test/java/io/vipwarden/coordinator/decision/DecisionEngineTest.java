package io.vipwarden.coordinator.decision;

import static io.vipwarden.events.VrrpState.BACKUP;
import static io.vipwarden.events.VrrpState.MASTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.coordinator.decision.Action.CloudKind;
import io.vipwarden.coordinator.decision.Action.CommandKind;
import io.vipwarden.events.AuditEvent.Type;
import io.vipwarden.events.HavipState.Phase;
import io.vipwarden.events.VrrpState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {

    @Test
    void shouldGrantEpochOneToTheFirstHealthyMaster() {
        EngineFixture f = new EngineFixture();
        Decision d = f.heartbeat("node-a", MASTER, true, 100);
        assertEquals(1, f.record.epoch());
        assertEquals("node-a", f.record.ownerNode());
        assertEquals(FailoverReason.INITIAL, d.failover());
        assertTrue(d.commands().stream().anyMatch(c -> c.kind() == CommandKind.REMAP && c.nodeId().equals("node-a")));
        assertTrue(d.cloudCalls().stream().anyMatch(c -> c.kind() == CloudKind.ASSOCIATE
                && c.instanceId().equals("i-node-a") && c.epoch() == 1));
    }

    @Test
    void shouldNotGrantToAnUnhealthyMaster() {
        EngineFixture f = new EngineFixture();
        f.heartbeat("node-a", MASTER, false, 100);
        assertNull(f.record.ownerNode());
        assertEquals(0, f.record.epoch());
    }

    @Test
    void shouldFailOverOnlyAfterThreeMissedHeartbeatsOfTheOwner() {
        EngineFixture f = new EngineFixture().withPair();
        f.advance(Duration.ofMillis(1000));
        f.heartbeat("node-b", BACKUP, true, 90);
        f.advance(Duration.ofMillis(1900));
        f.tick();
        assertEquals(Phase.STABLE, f.record.phase(), "2.9 s of silence is within 3 x 1 s");
        f.advance(Duration.ofMillis(200));
        f.tick();
        assertEquals(Phase.FAILING_OVER, f.record.phase(), "3.1 s: the owner is dead, node-b will take over");
        assertEquals(1, f.record.epoch(), "no new epoch until a healthy member claims MASTER");
        Decision d = f.heartbeat("node-b", MASTER, true, 90);
        assertEquals(2, f.record.epoch());
        assertEquals(FailoverReason.OWNER_DEAD, d.failover());
    }

    @Test
    void shouldNotFenceAChallengerWhileTheOwnerIsQuiet() {
        EngineFixture f = new EngineFixture(new EngineSettings(EngineFixture.HB, 5, Duration.ofSeconds(10), 3,
                Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(2)));
        f.withPair();
        f.advance(Duration.ofMillis(3600));
        Decision d = f.heartbeat("node-b", MASTER, true, 90);
        assertTrue(d.commands().isEmpty(), "node-a missed adverts: node-b is taking over, not splitting the brain");
        assertFalse(f.record.member("node-b").fenced());
        f.advance(Duration.ofMillis(1500));
        Decision failover = f.tick();
        assertEquals("node-b", f.record.ownerNode());
        assertEquals(FailoverReason.OWNER_DEAD, failover.failover());
    }

    @Test
    void shouldHandTheVipToAFencedClaimantWhenTheOwnerThatBeatItDies() {
        EngineFixture f = new EngineFixture().withPair();
        f.heartbeat("node-b", MASTER, true, 90);
        assertTrue(f.record.member("node-b").fenced());
        f.advance(Duration.ofMillis(800));
        f.heartbeat("node-b", MASTER, true, 90);
        f.advance(Duration.ofMillis(800));
        f.heartbeat("node-b", MASTER, true, 90);
        f.advance(Duration.ofMillis(1500));
        Decision d = f.heartbeat("node-b", MASTER, true, 90);
        assertEquals("node-b", f.record.ownerNode(), "node-a is dead; the fenced node-b is all that is left");
        assertFalse(f.record.member("node-b").fenced());
        assertEquals(FailoverReason.OWNER_DEAD, d.failover());
        assertTrue(d.commands().stream().anyMatch(c -> c.kind() == CommandKind.UNFENCE && c.nodeId().equals("node-b")));
        assertTrue(d.cloudCalls().stream().anyMatch(c -> c.kind() == CloudKind.ASSOCIATE && c.instanceId().equals("i-node-b")));
    }

    @Test
    void shouldFailOverToTheHealthyMasterWhenTheOwnerIsDead() {
        EngineFixture f = new EngineFixture().withPair();
        f.advance(Duration.ofMillis(3100));
        f.tick();
        Decision d = f.heartbeat("node-b", MASTER, true, 90);
        assertEquals(2, f.record.epoch());
        assertEquals("node-b", f.record.ownerNode());
        assertEquals(FailoverReason.OWNER_DEAD, d.failover());
        assertTrue(d.findings().get(0).reason().startsWith("OWNER_DEAD: owner node-a is dead"), d.findings().toString());
        assertTrue(d.commands().stream().noneMatch(c -> c.kind() == CommandKind.FENCE), "a dead owner is not fenced");
        assertTrue(d.cloudCalls().stream().anyMatch(c -> c.kind() == CloudKind.ASSOCIATE
                && c.instanceId().equals("i-node-b") && c.epoch() == 2));
        assertEquals(f.clock.instant().plus(f.settings.holdDown()), f.record.holdDownUntil());
    }

    @ParameterizedTest
    @EnumSource(value = VrrpState.class, names = {"BACKUP", "FAULT", "STOP"})
    void shouldFailOverAndFenceAnOwnerThatGaveUp(VrrpState ownerState) {
        EngineFixture f = new EngineFixture().withPair();
        f.heartbeat("node-a", ownerState, true, 100);
        Decision d = f.heartbeat("node-b", MASTER, true, 90);
        assertEquals(2, f.record.epoch());
        assertEquals("node-b", f.record.ownerNode());
        assertEquals(FailoverReason.OWNER_NOT_MASTER, d.failover());
        assertTrue(d.commands().stream().anyMatch(c -> c.kind() == CommandKind.FENCE && c.nodeId().equals("node-a")
                && c.epoch() == 2));
        assertTrue(d.cloudCalls().stream().anyMatch(c -> c.kind() == CloudKind.UNASSOCIATE
                && c.instanceId().equals("i-node-a")));
        assertTrue(f.record.member("node-a").fenced());
    }

    @Test
    void shouldKeepTheHealthyOwnerInASplitBrainAndFenceTheOtherClaimant() {
        EngineFixture f = new EngineFixture().withPair();
        Decision d = f.heartbeat("node-b", MASTER, true, 200);
        assertEquals(1, f.record.epoch(), "no new epoch: the owner is kept");
        assertEquals("node-a", f.record.ownerNode());
        assertTrue(d.splitBrainBegan());
        assertEquals(Phase.SPLIT_BRAIN, f.record.phase());
        assertTrue(d.commands().stream().anyMatch(c -> c.kind() == CommandKind.FENCE && c.nodeId().equals("node-b")));
        assertTrue(d.cloudCalls().stream().anyMatch(c -> c.kind() == CloudKind.UNASSOCIATE
                && c.instanceId().equals("i-node-b")));
        Decision again = f.heartbeat("node-b", MASTER, true, 200);
        assertFalse(again.splitBrainBegan(), "one episode, counted once");
        assertTrue(again.commands().isEmpty(), "no second Fence before the refence period");
    }

    /** Two non-owner claimants appear while automatic action is off; leaving maintenance arbitrates them. */
    private static EngineFixture twoClaimantsWithoutTheOwner(int priorityB, int priorityC) {
        EngineFixture f = new EngineFixture();
        f.heartbeat("node-a", MASTER, true, 100);
        f.heartbeat("node-b", BACKUP, true, priorityB);
        f.heartbeat("node-c", BACKUP, true, priorityC);
        f.maintenance(true);
        f.heartbeat("node-a", BACKUP, true, 100);
        f.heartbeat("node-c", MASTER, true, priorityC);
        f.heartbeat("node-b", MASTER, true, priorityB);
        return f;
    }

    @Test
    void shouldAskTheOwnerToAnnounceAgainWhenTheSplitBrainEnds() {
        EngineFixture f = new EngineFixture().withPair();
        f.heartbeat("node-b", MASTER, true, 90);
        assertTrue(f.record.splitBrain());
        Decision d = f.heartbeat("node-b", VrrpState.FAULT, true, 90);
        assertFalse(f.record.splitBrain());
        assertTrue(d.commands().stream().anyMatch(c -> c.kind() == CommandKind.REANNOUNCE && c.nodeId().equals("node-a")),
                d.commands().toString());
        assertTrue(d.findings().stream().anyMatch(x -> x.reason().startsWith("SPLIT_BRAIN_ENDED")));
    }

    @Test
    void shouldChooseByNodeIdWhenClaimantsTieOnHealthAndPriority() {
        EngineFixture f = twoClaimantsWithoutTheOwner(90, 90);
        Decision d = f.maintenance(false);
        assertEquals("node-b", f.record.ownerNode());
        assertEquals(FailoverReason.SPLIT_BRAIN, d.failover());
        assertTrue(d.commands().stream().filter(c -> c.kind() == CommandKind.FENCE).map(Action::nodeId).toList()
                .containsAll(List.of("node-a", "node-c")), d.commands().toString());
    }

    @Test
    void shouldPreferHigherPriorityAmongHealthyClaimants() {
        EngineFixture f = twoClaimantsWithoutTheOwner(50, 150);
        f.maintenance(false);
        assertEquals("node-c", f.record.ownerNode());
    }

    @Test
    void shouldPreferHealthOverPriority() {
        EngineFixture f = twoClaimantsWithoutTheOwner(50, 150);
        f.health("node-c", false);
        f.maintenance(false);
        assertEquals("node-b", f.record.ownerNode());
    }

    @Test
    void shouldReplaceAnUnhealthyOwnerInASplitBrain() {
        EngineFixture f = new EngineFixture().withPair();
        f.health("node-a", false);
        Decision d = f.heartbeat("node-b", MASTER, true, 90);
        assertEquals("node-b", f.record.ownerNode());
        assertEquals(2, f.record.epoch());
        assertTrue(d.commands().stream().anyMatch(c -> c.kind() == CommandKind.FENCE && c.nodeId().equals("node-a")));
    }

    @Test
    void shouldUnfenceAFencedNodeAfterItStayedHealthyAndNotMasterForTheRejoinPeriod() {
        EngineFixture f = new EngineFixture().withPair();
        f.heartbeat("node-b", MASTER, true, 90);
        assertTrue(f.record.member("node-b").fenced());
        f.heartbeat("node-b", VrrpState.FAULT, true, 90);
        f.advance(Duration.ofMillis(2500));
        f.heartbeat("node-a", MASTER, true, 100);
        f.heartbeat("node-b", BACKUP, true, 90);
        assertTrue(f.record.member("node-b").fenced(), "2.5 s is less than the 5 s rejoin period");
        f.advance(Duration.ofMillis(2600));
        Decision d = f.tick();
        assertFalse(f.record.member("node-b").fenced());
        assertTrue(d.commands().stream().anyMatch(c -> c.kind() == CommandKind.UNFENCE && c.nodeId().equals("node-b")));
        assertTrue(d.cloudCalls().stream().anyMatch(c -> c.kind() == CloudKind.ASSOCIATE
                && c.instanceId().equals("i-node-b")));
        assertTrue(d.findings().stream().anyMatch(x -> x.reason().startsWith("REJOIN")));
        assertEquals(1, f.record.epoch(), "rejoin does not change the owner");
    }

    @Test
    void shouldRestartTheRejoinTimerWhenTheFencedNodeClaimsMasterAgain() {
        EngineFixture f = new EngineFixture().withPair();
        f.heartbeat("node-b", MASTER, true, 90);
        f.heartbeat("node-b", BACKUP, true, 90);
        f.advance(Duration.ofMillis(2000));
        f.heartbeat("node-a", MASTER, true, 100);
        Decision refence = f.heartbeat("node-b", MASTER, true, 90);
        assertTrue(refence.commands().stream().anyMatch(c -> c.kind() == CommandKind.FENCE),
                "a fenced node still claiming MASTER after the refence period gets its Fence again");
        f.heartbeat("node-b", BACKUP, true, 90);
        f.advance(Duration.ofMillis(4000));
        f.heartbeat("node-a", MASTER, true, 100);
        f.heartbeat("node-b", BACKUP, true, 90);
        assertTrue(f.record.member("node-b").fenced(), "the timer restarted at the last MASTER claim");
    }

    @Test
    void shouldKeepTheOwnerAndAlertOnceWhenNoHealthyCandidateExists() {
        EngineFixture f = new EngineFixture().withPair();
        f.health("node-b", false);
        Decision first = f.heartbeat("node-a", VrrpState.FAULT, true, 100);
        assertEquals("node-a", f.record.ownerNode());
        assertEquals(1, f.record.epoch());
        assertTrue(first.findings().stream().anyMatch(x -> x.type() == Type.ALERT
                && x.reason().startsWith("NO_HEALTHY_CANDIDATE")), first.findings().toString());
        for (int i = 0; i < 5; i++) {
            f.advance(Duration.ofMillis(500));
            f.heartbeat("node-a", VrrpState.FAULT, true, 100);
            Decision again = f.heartbeat("node-b", MASTER, false, 90);
            assertTrue(again.findings().isEmpty(), "no repeated alert, no flapping");
            assertEquals(1, f.record.epoch());
        }
    }

    @Test
    void shouldHoldDownAfterAFailover() {
        EngineFixture f = new EngineFixture().withPair();
        f.heartbeat("node-c", BACKUP, true, 80);
        f.heartbeat("node-a", BACKUP, true, 100);
        f.heartbeat("node-b", MASTER, true, 90);
        assertEquals("node-b", f.record.ownerNode());
        f.advance(Duration.ofSeconds(6));
        f.heartbeat("node-b", BACKUP, true, 90);
        Decision held = f.heartbeat("node-c", MASTER, true, 80);
        assertEquals("node-b", f.record.ownerNode(), "6 s after the failover is within the 10 s hold-down");
        assertTrue(held.findings().stream().anyMatch(x -> x.reason().startsWith("HELD_DOWN")), held.findings().toString());
        f.advance(Duration.ofSeconds(2));
        assertTrue(f.heartbeat("node-c", MASTER, true, 80).findings().isEmpty(), "held down once, audited once");
        f.advance(Duration.ofSeconds(2));
        Decision after = f.heartbeat("node-b", BACKUP, true, 90);
        assertEquals("node-c", f.record.ownerNode());
        assertEquals(3, f.record.epoch());
        assertEquals(FailoverReason.OWNER_NOT_MASTER, after.failover());
    }

    @Test
    void shouldFreezeWhenTheFailoverBudgetIsSpentAndResumeAfterAnAcknowledge() {
        // No hold-down and an immediate rejoin, so the pair can flap as fast as the test drives it.
        EngineFixture f = new EngineFixture(new EngineSettings(EngineFixture.HB, 3, Duration.ZERO, 2,
                Duration.ofMinutes(10), Duration.ZERO, Duration.ofSeconds(2)));
        f.withPair();
        f.heartbeat("node-a", BACKUP, true, 100);
        f.heartbeat("node-b", MASTER, true, 90);           // failover 1
        f.heartbeat("node-b", BACKUP, true, 90);
        f.heartbeat("node-a", MASTER, true, 100);          // failover 2
        assertEquals(3, f.record.epoch());
        f.heartbeat("node-a", BACKUP, true, 100);
        Decision frozen = f.heartbeat("node-b", MASTER, true, 90);
        assertTrue(f.record.frozen());
        assertEquals(Phase.FROZEN, f.record.phase());
        assertEquals(3, f.record.epoch(), "the third failover in the window does not happen");
        assertTrue(frozen.findings().stream().anyMatch(x -> x.type() == Type.ALERT && x.reason().startsWith("FROZEN")));
        f.heartbeat("node-b", MASTER, true, 90);
        assertEquals(3, f.record.epoch(), "frozen: still no automatic action");
        Decision ack = f.acknowledge();
        assertFalse(f.record.frozen());
        assertEquals("node-b", f.record.ownerNode(), "after the acknowledge the rules apply again at once");
        assertEquals(4, f.record.epoch());
        assertTrue(ack.findings().stream().anyMatch(x -> x.type() == Type.REQUEST_OUTCOME));
    }

    @Test
    void shouldRefuseASwitchoverToAnUnhealthyTargetWithTheReason() {
        EngineFixture f = new EngineFixture().withPair();
        f.health("node-b", false);
        Decision d = f.switchover("node-b");
        assertFalse(d.changed(), "a refused request changes nothing; it is only audited");
        assertEquals("node-a", f.record.ownerNode());
        assertEquals(1, f.record.epoch());
        assertTrue(d.findings().stream().anyMatch(x -> x.type() == Type.REQUEST_OUTCOME && x.outcome().equals("REFUSED")
                && x.reason().contains("node-b is unhealthy")), d.findings().toString());
    }

    @Test
    void shouldRefuseASwitchoverToAnUnknownOrDeadTarget() {
        EngineFixture f = new EngineFixture().withPair();
        assertTrue(f.switchover("node-x").findings().stream().anyMatch(x -> x.reason().contains("not a known member")));
        f.advance(Duration.ofSeconds(4));
        f.heartbeat("node-a", MASTER, true, 100);
        assertTrue(f.switchover("node-b").findings().stream().anyMatch(x -> x.reason().contains("is dead")));
    }

    @Test
    void shouldSwitchOverToAHealthyTargetAndFenceTheOldOwner() {
        EngineFixture f = new EngineFixture().withPair();
        Decision d = f.switchover("node-b");
        assertEquals("node-b", f.record.ownerNode());
        assertEquals(2, f.record.epoch());
        assertEquals(FailoverReason.SWITCHOVER, d.failover());
        assertTrue(d.commands().stream().anyMatch(c -> c.kind() == CommandKind.REMAP && c.nodeId().equals("node-b")));
        assertTrue(d.commands().stream().anyMatch(c -> c.kind() == CommandKind.FENCE && c.nodeId().equals("node-a")));
        assertTrue(f.record.recentFailovers().isEmpty(), "an operator's switchover does not spend the budget");
        assertTrue(d.findings().stream().anyMatch(x -> x.type() == Type.REQUEST_OUTCOME && x.outcome().equals("ACCEPTED")
                && x.inputs().containsKey(io.vipwarden.events.AuditEvent.INPUT_REQUEST_ID)),
                "the outcome names its request, so the gateway can answer GET /api/v1/requests/{id}: " + d.findings());
    }

    @Test
    void shouldTakeNoAutomaticActionInMaintenance() {
        EngineFixture f = new EngineFixture().withPair();
        f.maintenance(true);
        f.heartbeat("node-a", BACKUP, true, 100);
        Decision d = f.heartbeat("node-b", MASTER, true, 90);
        assertEquals("node-a", f.record.ownerNode());
        assertTrue(d.actions().isEmpty());
        assertEquals(Phase.MAINTENANCE, f.record.phase());
        f.maintenance(false);
        assertEquals("node-b", f.record.ownerNode(), "leaving maintenance applies the rules again");
    }

    @Test
    void shouldIgnoreADuplicateEvent() {
        EngineFixture f = new EngineFixture();
        var hb = new io.vipwarden.events.Heartbeat(EngineFixture.HAVIP, "node-a", "inc", 7, "i-a", "VI_1", MASTER, 100,
                "192.0.2.10", true, List.of(), false, 1000);
        f.node(hb);
        assertEquals(1, f.record.epoch());
        Decision again = f.node(hb);
        assertFalse(again.changed());
        assertTrue(again.actions().isEmpty());
    }

    @Test
    void shouldCarryReasonAndInputsInEveryFinding() {
        EngineFixture f = new EngineFixture().withPair();
        f.heartbeat("node-a", BACKUP, true, 100);
        Decision d = f.heartbeat("node-b", MASTER, true, 90);
        assertFalse(d.findings().isEmpty());
        for (Finding x : d.findings()) {
            assertFalse(x.reason().isBlank());
            assertEquals("1", x.inputs().get("epoch.before"));
            assertEquals("2", x.inputs().get("epoch.after"));
            assertTrue(x.inputs().get("member.node-a").contains("state=BACKUP"));
            assertTrue(x.inputs().get("trigger").startsWith("Heartbeat from node-b"));
        }
    }

    @Test
    void shouldNotChangeAnythingOnATickOfAStablePair() {
        EngineFixture f = new EngineFixture().withPair();
        f.advance(Duration.ofMillis(100));
        Decision d = f.tick();
        assertFalse(d.changed(), "a quiet tick must not rewrite the stored record");
        assertTrue(d.actions().isEmpty());
        assertTrue(d.findings().isEmpty());
        assertEquals(Phase.STABLE, f.record.phase());
    }

    @Test
    void shouldReportMembersThatDisagreeOnPeersOrVip() {
        EngineFixture f = new EngineFixture().withPair();
        f.config("node-a", "vpc-1", 51, "192.0.2.10", "198.51.100.1", List.of("198.51.100.2"));
        Decision d = f.config("node-b", "vpc-1", 51, "192.0.2.11", "198.51.100.2", List.of("198.51.100.9"));
        List<String> reasons = d.findings().stream().filter(x -> x.type() == Type.CONFIG_FINDING)
                .map(Finding::reason).toList();
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("VIP_MISMATCH")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("PEER_MISSING: node-b does not list node-a")),
                reasons.toString());
        Decision repeat = f.config("node-b", "vpc-1", 51, "192.0.2.11", "198.51.100.2", List.of("198.51.100.9"));
        assertTrue(repeat.findings().isEmpty(), "an open finding is reported once");
    }

    @Test
    void shouldReportAVirtualRouterIdUsedByTwoHavipsOfOneVpc() {
        assertTrue(FleetConfigRules.virtualRouterIdReuse("vpc-1", 51, java.util.Set.of("havip-1")).isEmpty());
        List<String> f = FleetConfigRules.virtualRouterIdReuse("vpc-1", 51, java.util.Set.of("havip-1", "havip-2"));
        assertEquals(List.of("VRID_REUSED: virtual_router_id 51 is used in vpc-1 by HaVips [havip-1, havip-2]"), f);
    }
}
