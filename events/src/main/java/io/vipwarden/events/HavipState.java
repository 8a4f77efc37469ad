package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.listOrEmpty;
import static io.vipwarden.events.ValidationSupport.nonNegative;
import static io.vipwarden.events.ValidationSupport.required;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;
import java.util.List;

/**
 * The latest known state of one HaVip, as the coordinators hold it; the {@code havip-state} topic
 * is compacted on the HaVip id, so it always holds the newest of these per HaVip.
 *
 * @param epoch           the fencing token: grows by one on every change of owner
 * @param cloudAssociated instance ids the cloud has associated with the HaVip
 * @param cloudMaster     the instance the cloud routes the VIP to now, as the cloud reports it
 */
public record HavipState(
        String havipId,
        String vip,
        String vpcId,
        Phase phase,
        String ownerNode,
        long epoch,
        List<Member> members,
        List<String> cloudAssociated,
        String cloudMaster,
        boolean maintenance,
        boolean frozen,
        Instant holdDownUntil,
        Instant lastFailoverAt,
        String lastReason,
        Instant updatedAt) implements Message {

    public enum Phase {
        /** One owner, a healthy standby, cloud and nodes agree. */
        STABLE,
        /** A failover was decided and is being carried out. */
        FAILING_OVER,
        /** Two or more members claim MASTER. */
        SPLIT_BRAIN,
        /** Owned, but no healthy standby to fail over to. */
        DEGRADED,
        /** No member is healthy enough to own it. */
        NO_OWNER,
        /** Too many failovers in the window: automatic action stops until an operator acknowledges. */
        FROZEN,
        /** An operator put it in maintenance: no automatic action. */
        MAINTENANCE,
        @JsonEnumDefaultValue
        UNKNOWN
    }

    /** One server of the HaVip group as the coordinators see it. */
    public record Member(String nodeId, String cloudInstanceId, VrrpState vrrpState, int priority, boolean healthy,
            boolean alive, boolean fenced, Instant lastSeen) {
        public Member {
            required(nodeId, "nodeId");
            required(vrrpState, "vrrpState");
        }
    }

    public HavipState {
        required(havipId, "havipId");
        required(phase, "phase");
        nonNegative(epoch, "epoch");
        members = listOrEmpty(members);
        cloudAssociated = listOrEmpty(cloudAssociated);
        required(updatedAt, "updatedAt");
    }

    @Override
    public String key() {
        return havipId;
    }
}
