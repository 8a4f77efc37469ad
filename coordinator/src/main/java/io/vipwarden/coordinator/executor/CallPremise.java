package io.vipwarden.coordinator.executor;

import io.vipwarden.coordinator.decision.Action.CloudCall;
import io.vipwarden.coordinator.decision.Action.CloudKind;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.MemberView;
import java.util.Objects;

/**
 * What a decided cloud call takes for granted, checked against the HaVip's record as stored now.
 *
 * <p>The epoch alone is not enough: the record moves on at the same epoch (a fenced node rejoins as
 * standby, a standby is fenced as a claimant), and a call decided before such a change would undo
 * it. Nor is the record's revision: it grows on every stored change (a member's VRRP state, health
 * or liveness), so requiring it unchanged would drop most failovers' calls for nothing. So each kind
 * of call is checked for the facts it depends on:
 * <ul>
 *   <li>every call: the HaVip is still at the epoch the call was decided at;</li>
 *   <li>{@code ASSOCIATE}: the node is still a member with that cloud instance and is not fenced
 *       (the owner, or a standby that rejoined);</li>
 *   <li>{@code UNASSOCIATE} (the network fence): the node is still a member with that cloud instance,
 *       still fenced, and not the owner;</li>
 *   <li>{@code VERIFY} only reads the cloud: the epoch is enough.</li>
 * </ul>
 * Plain Java, no I/O: the executor and the reconciler read the record and ask here.
 */
public final class CallPremise {
    private CallPremise() {
    }

    /**
     * Why a premise no longer holds.
     *
     * @param epochMoved the HaVip is at another epoch (or its record cannot be read): the rest of the
     *                   call's decision is stale too, not only this call
     */
    public record Broken(boolean epochMoved, String reason) {
    }

    /**
     * @param now the record stored now, or null when the store holds none (it lost it: epoch 0)
     * @return null when the call may run, else why not
     */
    public static Broken check(CloudCall call, HavipRecord now) {
        long epoch = now == null ? 0 : now.epoch();
        if (now == null || epoch != call.epoch()) {
            return new Broken(true, call.kind() + " of " + call.instanceId() + " was decided at epoch " + call.epoch()
                    + " but the HaVip is at epoch " + epoch);
        }
        if (call.kind() == CloudKind.VERIFY) {
            return null;
        }
        String what = call.kind() + " of " + call.instanceId() + " (" + call.nodeId() + ") decided at epoch "
                + call.epoch();
        String revision = "record revision " + now.revision();
        MemberView m = now.member(call.nodeId());
        if (m == null) {
            return new Broken(false, what + ": " + call.nodeId() + " is no longer a member of the HaVip (" + revision
                    + ")");
        }
        if (!Objects.equals(m.cloudInstanceId(), call.instanceId())) {
            return new Broken(false, what + ": " + call.nodeId() + "'s cloud instance is now " + m.cloudInstanceId()
                    + " (" + revision + ")");
        }
        if (call.kind() == CloudKind.ASSOCIATE && m.fenced()) {
            return new Broken(false, what + ": " + call.nodeId() + " has been fenced since (" + revision
                    + "): associating it would let the cloud route to a fenced node");
        }
        if (call.kind() == CloudKind.UNASSOCIATE && call.nodeId().equals(now.ownerNode())) {
            return new Broken(false, what + ": " + call.nodeId() + " owns the HaVip (" + revision
                    + "): unassociating it would cut the owner off");
        }
        if (call.kind() == CloudKind.UNASSOCIATE && !m.fenced()) {
            return new Broken(false, what + ": " + call.nodeId() + " is no longer fenced (it rejoined as standby; "
                    + revision + "): unassociating it would cut off a node the record wants associated");
        }
        return null;
    }
}
