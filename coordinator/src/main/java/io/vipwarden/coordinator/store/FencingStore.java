package io.vipwarden.coordinator.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vipwarden.coordinator.decision.HavipRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HaVip records in a Hazelcast {@code IMap}, changed only through entry processors, guarded by
 * split-brain protection (a minority side gets {@code SplitBrainProtectionException} on every read
 * and write) and merged by {@link HigherEpochMergePolicy} when a partition heals.
 */
public final class FencingStore {
    private final HazelcastInstance hz;
    private final IMap<String, HavipRecord> havips;
    private final IMap<String, TreeSet<String>> virtualRouterIds;
    private final IMap<String, CloudBinding> cloudBindings;
    private final int quorumSize;

    public FencingStore(HazelcastInstance hz, int quorumSize) {
        this.hz = hz;
        this.havips = hz.getMap(ClusterMember.HAVIP_MAP);
        this.virtualRouterIds = hz.getMap(ClusterMember.VRID_MAP);
        this.cloudBindings = hz.getMap(ClusterMember.CLOUD_MAP);
        this.quorumSize = quorumSize;
    }

    /** The cloud binding last observed for a HaVip, or null (none yet, or no quorum to read it). */
    public CloudBinding cloudBinding(String havipId) {
        try {
            return cloudBindings.get(havipId);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Records what the cloud said; @return true when it differs from what was recorded before. */
    public boolean recordCloudBinding(String havipId, CloudBinding binding) {
        CloudBinding before = cloudBindings.put(havipId, binding);
        return !binding.sameAs(before);
    }

    /** The stored record, or an empty one (epoch 0, revision 0) for a HaVip never seen. */
    public HavipRecord get(String havipId, Instant now) {
        HavipRecord r = havips.get(havipId);
        return r != null ? r : HavipRecord.empty(havipId, now);
    }

    /**
     * Stores {@code next} (with its revision raised by one) if the stored record is still at
     * {@code decidedOn}'s revision.
     *
     * @return the stored record, or null when another decision got there first
     */
    public HavipRecord compareAndSet(HavipRecord decidedOn, HavipRecord next) {
        HavipRecord stamped = new HavipRecord(next.havipId(), next.vip(), next.vpcId(), next.ownerNode(), next.epoch(),
                decidedOn.revision() + 1, next.members(), next.phase(), next.maintenance(), next.frozen(),
                next.holdDownUntil(), next.recentFailovers(), next.lastFailoverAt(), next.lastReason(),
                next.splitBrain(), next.attention(), next.configFindings(), next.updatedAt());
        Boolean ok = havips.executeOnKey(next.havipId(),
                new CompareAndSetProcessor(decidedOn.revision(), stamped));
        return Boolean.TRUE.equals(ok) ? stamped : null;
    }

    /** The stored records of these HaVips, in one call per partition owner (absent ones are left out). */
    public Map<String, HavipRecord> getAll(Set<String> havipIds) {
        return havips.getAll(havipIds);
    }

    /** The cloud bindings of these HaVips, in one call per partition owner (absent ones are left out). */
    public Map<String, CloudBinding> cloudBindings(Set<String> havipIds) {
        return cloudBindings.getAll(havipIds);
    }

    /** Every HaVip id in the store (a new owner of Kafka partitions picks its own out of them). */
    public Set<String> allHavips() {
        return havips.keySet();
    }

    /**
     * The record stored now, read from the key's partition owner, or null for a HaVip never stored
     * (throws without quorum): what the cloud executor checks a call's premise against.
     */
    public HavipRecord current(String havipId) {
        return havips.get(havipId);
    }

    /** The epoch stored now, read from the key's partition owner (throws without quorum). */
    public long currentEpoch(String havipId) {
        HavipRecord r = havips.get(havipId);
        return r == null ? 0 : r.epoch();
    }

    /** Every HaVip id whose primary copy lives on this member: the ones it ticks and reconciles. */
    public Set<String> localHavips() {
        return havips.localKeySet();
    }

    /** Records the HaVip under (VPC, virtual_router_id) and returns every HaVip using that pair. */
    public Set<String> registerVirtualRouterId(String vpcId, int virtualRouterId, String havipId) {
        return virtualRouterIds.executeOnKey(vpcId + "/" + virtualRouterId, new AddToSetProcessor(havipId));
    }

    /**
     * Whether this member may decide: the cluster it sees has at least the majority of the configured
     * coordinator count, and Hazelcast's split-brain protection agrees.
     */
    public boolean hasQuorum() {
        if (!hz.getLifecycleService().isRunning()) {
            return false;
        }
        try {
            return hz.getCluster().getMembers().size() >= quorumSize
                    && hz.getSplitBrainProtectionService().getSplitBrainProtection(ClusterMember.PROTECTION)
                            .hasMinimumSize();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Puts back a record rebuilt from the published state where the store holds none or an older epoch.
     *
     * @return true when the store took it (it had forgotten the HaVip), false when it already knew as much
     */
    public boolean restore(HavipRecord rebuilt) {
        return Boolean.TRUE.equals(havips.executeOnKey(rebuilt.havipId(), new RestoreProcessor(rebuilt)));
    }

    /** Runs {@code action} whenever the HaVip map loses a partition with all its backups (its records are gone). */
    public void onPartitionLost(Runnable action) {
        havips.addPartitionLostListener(event -> action.run());
    }
}
