package io.vipwarden.coordinator.decision;

import io.vipwarden.events.HavipState;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the coordinators hold about one HaVip: the grant ({@code ownerNode} at {@code epoch}),
 * the members, and the anti-flapping state. Immutable; the fencing store keeps one per HaVip and
 * replaces it only if its {@code revision} is still the one the decision was taken on.
 *
 * @param epoch        the fencing token: +1 on every change of owner, never down
 * @param revision     +1 on every stored change of any kind (optimistic concurrency)
 * @param attention    why automatic action is currently withheld (hold-down, no candidate, frozen...), or null
 * @param configFindings the fleet config rule findings currently open for this HaVip
 */
public record HavipRecord(String havipId, String vip, String vpcId, String ownerNode, long epoch, long revision,
        Map<String, MemberView> members, HavipState.Phase phase, boolean maintenance, boolean frozen,
        Instant holdDownUntil, List<Instant> recentFailovers, Instant lastFailoverAt, String lastReason,
        boolean splitBrain, String attention, List<String> configFindings, Instant updatedAt)
        implements Serializable {

    public HavipRecord {
        members = members == null ? Map.of() : Map.copyOf(members);
        recentFailovers = recentFailovers == null ? List.of() : List.copyOf(recentFailovers);
        configFindings = configFindings == null ? List.of() : List.copyOf(configFindings);
    }

    /** A HaVip nobody has decided anything about yet: epoch 0, no owner. */
    public static HavipRecord empty(String havipId, Instant now) {
        return new HavipRecord(havipId, null, null, null, 0, 0, Map.of(), HavipState.Phase.NO_OWNER, false, false,
                null, List.of(), null, null, false, null, List.of(), now);
    }

    /** The same record at another revision (the store stamps revisions; nothing else changes them). */
    public HavipRecord withRevision(long value) {
        return new HavipRecord(havipId, vip, vpcId, ownerNode, epoch, value, members, phase, maintenance, frozen,
                holdDownUntil, recentFailovers, lastFailoverAt, lastReason, splitBrain, attention, configFindings,
                updatedAt);
    }

    /**
     * Equal to {@code o} in everything but the members' liveness facts (last seen, last sequence) and
     * {@code updatedAt}: a heartbeat that changes only these changes nothing anyone decides on.
     */
    public boolean sameButLiveness(HavipRecord o) {
        if (o == null || epoch != o.epoch || revision != o.revision || maintenance != o.maintenance
                || frozen != o.frozen || splitBrain != o.splitBrain || phase != o.phase
                || !havipId.equals(o.havipId) || !Objects.equals(vip, o.vip) || !Objects.equals(vpcId, o.vpcId)
                || !Objects.equals(ownerNode, o.ownerNode) || !Objects.equals(holdDownUntil, o.holdDownUntil)
                || !recentFailovers.equals(o.recentFailovers) || !Objects.equals(lastFailoverAt, o.lastFailoverAt)
                || !Objects.equals(lastReason, o.lastReason) || !Objects.equals(attention, o.attention)
                || !configFindings.equals(o.configFindings) || members.size() != o.members.size()) {
            return false;
        }
        for (MemberView m : members.values()) {
            if (!m.sameButLiveness(o.members.get(m.nodeId()))) {
                return false;
            }
        }
        return true;
    }

    /** This record with other members (same keys or not) and everything else kept. */
    public HavipRecord withMembers(Map<String, MemberView> newMembers) {
        return new HavipRecord(havipId, vip, vpcId, ownerNode, epoch, revision, newMembers, phase, maintenance, frozen,
                holdDownUntil, recentFailovers, lastFailoverAt, lastReason, splitBrain, attention, configFindings,
                updatedAt);
    }

    /** This record stamped at {@code at}. */
    public HavipRecord withUpdatedAt(Instant at) {
        return new HavipRecord(havipId, vip, vpcId, ownerNode, epoch, revision, members, phase, maintenance, frozen,
                holdDownUntil, recentFailovers, lastFailoverAt, lastReason, splitBrain, attention, configFindings, at);
    }

    public MemberView member(String nodeId) {
        return nodeId == null ? null : members.get(nodeId);
    }

    public MemberView owner() {
        return member(ownerNode);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A mutable copy the engine edits while deciding, then freezes. */
    public static final class Builder {
        String havipId;
        String vip;
        String vpcId;
        String ownerNode;
        long epoch;
        long revision;
        final TreeMap<String, MemberView> members;
        HavipState.Phase phase;
        boolean maintenance;
        boolean frozen;
        Instant holdDownUntil;
        List<Instant> recentFailovers;
        Instant lastFailoverAt;
        String lastReason;
        boolean splitBrain;
        String attention;
        List<String> configFindings;
        Instant updatedAt;

        Builder(HavipRecord r) {
            havipId = r.havipId;
            vip = r.vip;
            vpcId = r.vpcId;
            ownerNode = r.ownerNode;
            epoch = r.epoch;
            revision = r.revision;
            members = new TreeMap<>(r.members);
            phase = r.phase;
            maintenance = r.maintenance;
            frozen = r.frozen;
            holdDownUntil = r.holdDownUntil;
            recentFailovers = new ArrayList<>(r.recentFailovers);
            lastFailoverAt = r.lastFailoverAt;
            lastReason = r.lastReason;
            splitBrain = r.splitBrain;
            attention = r.attention;
            configFindings = new ArrayList<>(r.configFindings);
            updatedAt = r.updatedAt;
        }

        MemberView owner() {
            return ownerNode == null ? null : members.get(ownerNode);
        }

        public HavipRecord build() {
            return new HavipRecord(havipId, vip, vpcId, ownerNode, epoch, revision, members, phase, maintenance, frozen,
                    holdDownUntil, recentFailovers, lastFailoverAt, lastReason, splitBrain, attention, configFindings,
                    updatedAt);
        }
    }
}
