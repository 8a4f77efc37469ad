package io.vipwarden.coordinator.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.coordinator.decision.Action.CloudCall;
import io.vipwarden.coordinator.decision.Action.CloudKind;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.MemberView;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.VrrpState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CallPremiseTest {
    static final Instant T = Instant.parse("2026-11-22T00:00:00Z");

    static HavipRecord record(long epoch, long revision, String owner, String fenced) {
        Map<String, MemberView> members = new TreeMap<>();
        for (String node : List.of("node-a", "node-b")) {
            boolean f = node.equals(fenced);
            members.put(node, new MemberView(node, "i-" + node, f ? VrrpState.FAULT : VrrpState.BACKUP, 100, true, T,
                    1000, f, null, f ? T : null, "inc", 1, null));
        }
        return new HavipRecord("havip-1", null, null, owner, epoch, revision, members, HavipState.Phase.STABLE, false,
                false, null, List.of(), null, null, false, null, List.of(), T);
    }

    static CloudCall call(CloudKind kind, String node, long epoch) {
        return new CloudCall(kind, "havip-1", node, "i-" + node, epoch, "why");
    }

    @Test
    void shouldLetAFenceRunWhileItsNodeIsStillFencedWhateverTheRevision() {
        assertNull(CallPremise.check(call(CloudKind.UNASSOCIATE, "node-b", 7), record(7, 40, "node-a", "node-b")));
    }

    @Test
    void shouldDropAFenceOfANodeUnfencedSinceAtTheSameEpoch() {
        CallPremise.Broken broken = CallPremise.check(call(CloudKind.UNASSOCIATE, "node-b", 7),
                record(7, 41, "node-a", null));

        assertFalse(broken.epochMoved(), "the decision's other calls still stand");
        assertTrue(broken.reason().contains("node-b is no longer fenced (it rejoined as standby; record revision 41)"), broken.reason());
    }

    @Test
    void shouldNeverUnassociateTheOwner() {
        CallPremise.Broken broken = CallPremise.check(call(CloudKind.UNASSOCIATE, "node-a", 7),
                record(7, 41, "node-a", null));

        assertTrue(broken.reason().contains("node-a owns the HaVip"), broken.reason());
    }

    @Test
    void shouldDropAnAssociateOfANodeFencedSinceAtTheSameEpoch() {
        CallPremise.Broken broken = CallPremise.check(call(CloudKind.ASSOCIATE, "node-b", 7),
                record(7, 42, "node-a", "node-b"));

        assertFalse(broken.epochMoved());
        assertTrue(broken.reason().contains("node-b has been fenced"), broken.reason());
        assertNull(CallPremise.check(call(CloudKind.ASSOCIATE, "node-b", 7), record(7, 43, "node-a", null)));
    }

    @Test
    void shouldDropACallOfAnotherEpochAndTheRestOfItsDecision() {
        CallPremise.Broken broken = CallPremise.check(call(CloudKind.ASSOCIATE, "node-a", 7),
                record(8, 50, "node-b", "node-a"));

        assertTrue(broken.epochMoved());
        assertEquals("ASSOCIATE of i-node-a was decided at epoch 7 but the HaVip is at epoch 8", broken.reason());
    }

    @Test
    void shouldDropEveryCallWhenTheStoreHoldsNoRecord() {
        CallPremise.Broken broken = CallPremise.check(call(CloudKind.VERIFY, "node-a", 1), null);

        assertTrue(broken.epochMoved());
        assertTrue(broken.reason().endsWith("but the HaVip is at epoch 0"), broken.reason());
    }

    @Test
    void shouldDropACallForANodeThatLeftOrChangedInstance() {
        HavipRecord r = record(7, 44, "node-a", "node-b");
        CloudCall other = new CloudCall(CloudKind.UNASSOCIATE, "havip-1", "node-b", "i-old", 7, "why");

        assertTrue(CallPremise.check(call(CloudKind.UNASSOCIATE, "node-c", 7), r).reason()
                .contains("node-c is no longer a member"));
        assertTrue(CallPremise.check(other, r).reason().contains("node-b's cloud instance is now i-node-b"));
    }

    @Test
    void shouldVerifyOnTheEpochAlone() {
        assertNull(CallPremise.check(call(CloudKind.VERIFY, "node-b", 7), record(7, 45, "node-a", "node-b")));
    }
}
