package io.vipwarden.coordinator.runtime;

import io.vipwarden.coordinator.decision.EngineSettings;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.MemberView;
import io.vipwarden.coordinator.store.CloudBinding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Utils;

/**
 * What this member knows about the HaVips keyed to the node-events partitions it consumes: the
 * record as last stored ({@code stored}) and the same record with the liveness this member has seen
 * since ({@code view}: members' last-seen time and sequence). A heartbeat that changes nothing but
 * liveness only moves the view; the store is written when a decision changes something, and when a
 * member's liveness flips against what the stored record says (see {@link #livenessFlipped}).
 *
 * <p>Liveness in the store is therefore a lower bound, exact only as of the record's
 * {@code updatedAt}: a member is "alive as stored" when it was alive at {@code updatedAt}. A new
 * owner of a partition (after a rebalance, a restart, or for a HaVip it first hears of) starts the
 * clock of every member alive as stored at takeover, a full timeout; members stored dead stay dead
 * until heard from. Time during which this member was not reading its partitions (paused without
 * quorum or Kafka, a stalled loop) is not counted as anybody's silence ({@link #notReading}).
 *
 * <p>Written by the event loop thread only; read by the reconciler and the outbox on other threads.
 */
final class LocalView {
    /** @param cloudKnown whether {@code cloud} was read (null then means "no binding recorded") */
    record Entry(HavipRecord stored, HavipRecord view, CloudBinding cloud, boolean cloudKnown) {
    }

    private final EngineSettings settings;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile Set<Integer> owned = Set.of();
    private volatile int partitionCount;

    LocalView(EngineSettings settings) {
        this.settings = settings;
    }

    /** Kafka's default partitioner for a keyed record: where the agents' events for a HaVip land. */
    static int partitionOf(String havipId, int partitions) {
        return Utils.toPositive(Utils.murmur2(havipId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Whether this member consumes the node-events partition the HaVip is keyed to. */
    boolean owns(String havipId) {
        int n = partitionCount;
        return n > 0 && owned.contains(partitionOf(havipId, n));
    }

    boolean ownsPartition(String havipId, Collection<Integer> partitions) {
        int n = partitionCount;
        return n > 0 && partitions.contains(partitionOf(havipId, n));
    }

    void assigned(Collection<Integer> partitions, int count) {
        Set<Integer> next = new HashSet<>(owned);
        next.addAll(partitions);
        partitionCount = count;
        owned = Set.copyOf(next);
    }

    /** Forgets the partitions and everything learnt about their HaVips: their new owner decides now. */
    void revoked(Collection<Integer> partitions) {
        Set<Integer> next = new HashSet<>(owned);
        next.removeAll(partitions);
        owned = Set.copyOf(next);
        int n = partitionCount;
        if (n > 0) {
            entries.keySet().removeIf(id -> partitions.contains(partitionOf(id, n)));
        }
    }

    Entry get(String havipId) {
        return entries.get(havipId);
    }

    Set<String> havips() {
        return entries.keySet();
    }

    int size() {
        return entries.size();
    }

    /** The view of a HaVip (stored record + liveness seen here), or null when this member does not hold it. */
    HavipRecord view(String havipId) {
        Entry e = entries.get(havipId);
        return e == null ? null : e.view();
    }

    /** Takes a record read from the store (keeping what is known of the cloud binding unless given one). */
    Entry load(String havipId, HavipRecord stored, HavipRecord view, CloudBinding cloud, boolean cloudKnown) {
        return entries.compute(havipId, (k, e) -> cloudKnown || e == null
                ? new Entry(stored, view, cloud, cloudKnown)
                : new Entry(stored, view, e.cloud(), e.cloudKnown()));
    }

    /** A record just stored by this member: stored and view are the same again. */
    Entry written(String havipId, HavipRecord stored) {
        return entries.compute(havipId, (k, e) -> e == null ? new Entry(stored, stored, null, false)
                : new Entry(stored, stored, e.cloud(), e.cloudKnown()));
    }

    /** Liveness moved, nothing else: only the view changes. */
    Entry viewed(String havipId, HavipRecord view) {
        return entries.computeIfPresent(havipId, (k, e) -> new Entry(e.stored(), view, e.cloud(), e.cloudKnown()));
    }

    void cloudObserved(String havipId, CloudBinding binding) {
        entries.computeIfPresent(havipId, (k, e) -> new Entry(e.stored(), e.view(), binding, true));
    }

    /**
     * This member did not read its partitions from {@code from} to {@code to}: whoever was alive at
     * {@code from} gets that time back, so a pause here is never taken for silence there.
     */
    void notReading(Instant from, Instant to) {
        Duration gap = Duration.between(from, to);
        if (gap.isNegative() || gap.isZero()) {
            return;
        }
        entries.replaceAll((id, e) -> {
            Map<String, MemberView> members = new LinkedHashMap<>();
            boolean any = false;
            for (MemberView m : e.view().members().values()) {
                if (m.lastSeen() != null && m.alive(from, settings)) {
                    Instant moved = m.lastSeen().plus(gap);
                    m = m.withLiveness(moved.isAfter(to) ? to : moved, m.incarnation(), m.lastSequence());
                    any = true;
                }
                members.put(m.nodeId(), m);
            }
            return any ? new Entry(e.stored(), e.view().withMembers(members), e.cloud(), e.cloudKnown()) : e;
        });
    }

    /**
     * The view a new holder starts from: every member that was alive when the record was last stored
     * gets a full timeout from {@code now}; a member stored dead stays dead until heard from.
     */
    static HavipRecord takeover(HavipRecord stored, Instant now, EngineSettings settings) {
        Map<String, MemberView> members = new LinkedHashMap<>();
        boolean any = false;
        for (MemberView m : stored.members().values()) {
            if (aliveAsStored(stored, m, settings) && m.lastSeen().isBefore(now)) {
                m = m.withLiveness(now, m.incarnation(), m.lastSequence());
                any = true;
            }
            members.put(m.nodeId(), m);
        }
        return any ? stored.withMembers(members) : stored;
    }

    /** A record read again from the store (another writer got there first), with the liveness seen here on top. */
    static HavipRecord overlay(HavipRecord fresh, HavipRecord view) {
        if (view == null) {
            return fresh;
        }
        Map<String, MemberView> members = new LinkedHashMap<>();
        boolean any = false;
        for (MemberView m : fresh.members().values()) {
            MemberView v = view.member(m.nodeId());
            if (v != null && v.lastSeen() != null && (m.lastSeen() == null || v.lastSeen().isAfter(m.lastSeen()))) {
                long seq = Objects.equals(v.incarnation(), m.incarnation())
                        ? Math.max(v.lastSequence(), m.lastSequence()) : m.lastSequence();
                m = m.withLiveness(v.lastSeen(), m.incarnation(), seq);
                any = true;
            }
            members.put(m.nodeId(), m);
        }
        return any ? fresh.withMembers(members) : fresh;
    }

    /**
     * Whether some member is alive in the view now but was dead as stored, or the other way round:
     * then the store must be written, so that whoever holds the HaVip next knows who is dead.
     */
    static boolean livenessFlipped(HavipRecord stored, HavipRecord view, Instant now, EngineSettings settings) {
        for (MemberView m : view.members().values()) {
            MemberView s = stored.member(m.nodeId());
            boolean wasAlive = s != null && aliveAsStored(stored, s, settings);
            if (wasAlive != m.alive(now, settings)) {
                return true;
            }
        }
        return false;
    }

    /** Alive at the moment the record was stored: every store write carries the writer's liveness. */
    static boolean aliveAsStored(HavipRecord stored, MemberView m, EngineSettings settings) {
        return m.lastSeen() != null && stored.updatedAt() != null && m.alive(stored.updatedAt(), settings);
    }
}
