package io.vipwarden.coordinator.runtime;

import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.MemberView;
import io.vipwarden.coordinator.executor.Outbox;
import io.vipwarden.coordinator.store.FencingStore;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Command;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.MalformedEventException;
import io.vipwarden.events.Message;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.messaging.TopicSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the fencing store back what it forgot. The Hazelcast map lives only in the members' memory:
 * when every member restarts (or a partition and its backup are lost together) the records are gone,
 * and deciding from an empty record would grant epoch 1 again, which every agent refuses because it
 * has seen higher. Before a member decides anything, it reads the compacted {@code havip-state} topic
 * (the newest state per HaVip) and the {@code commands} topic (the highest epoch any agent can have
 * seen, in case a grant's state never reached Kafka) and puts back each HaVip the store holds at a
 * lower epoch or not at all.
 *
 * <p>What is rebuilt: owner and epoch, fenced members, maintenance, frozen, hold-down and the last
 * failover. What is not trusted: the members' VRRP states and liveness are as old as the outage, so
 * each member comes back as {@code UNKNOWN} and heard from "now": nobody is fenced or failed over on
 * a claim made before the restart, an owner that stays silent times out like any other, and the first
 * heartbeats decide. The node events the coordinators' group had not yet read when the restore began
 * are as old: when a HaVip is to be restored, the restore reads them too and records each member's
 * newest incarnation and sequence, so the event loop drops them as already seen when it reads them
 * again, and only what the agents say after the restore counts (a node that died during the outage
 * cannot look alive and MASTER from its last heartbeats). On an ordinary start (the store already
 * holds every published epoch) that backlog, which can be long after a coordinator outage, is not
 * read at all. When a command carries a higher epoch than the newest state, the owner of that
 * epoch is not known: the record comes back at that epoch with no owner, and the next grant is higher
 * than anything an agent has seen.
 */
final class StateRestore {
    private static final Logger log = LoggerFactory.getLogger(StateRestore.class);
    static final String OUTCOME = "RESTORED";

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> groupConsumerConfig;
    private final TopicNames topics;
    private final EventCodec codec;
    private final FencingStore store;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param consumerConfig      for reading whole topics (no group)
     * @param groupConsumerConfig the same with the coordinators' group id, to find what the group has yet to read
     */
    StateRestore(Map<String, Object> consumerConfig, Map<String, Object> groupConsumerConfig, TopicNames topics,
            EventCodec codec, FencingStore store, Outbox outbox, Clock clock, Duration timeout) {
        this.consumerConfig = consumerConfig;
        this.groupConsumerConfig = groupConsumerConfig;
        this.topics = topics;
        this.codec = codec;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * What one pass found and did.
     *
     * @param recordsRead every record read, the node-events backlog's included when it was read
     * @param behind      HaVips the store held at a lower epoch than published, or not at all
     * @param backlogRead whether the node-events backlog was read: only when some HaVip was behind
     * @param restored    HaVips put back (fewer than {@code behind} when another member got there first)
     */
    record Outcome(long recordsRead, long unreadable, int havipsPublished, int behind, boolean backlogRead,
            int restored) {
    }

    /** The newest event of one member the coordinators' group had not read yet when the restore began. */
    record Seen(String incarnation, long sequence) {
    }

    /**
     * Reads both topics to their end and restores what the store lacks, reading the node-events
     * backlog only when the store lacks something.
     *
     * @throws TimeoutException when the topics could not be read to their end in time (nothing was restored)
     * @throws RuntimeException from Hazelcast without quorum: the caller tries again
     */
    Outcome run() throws TimeoutException {
        Map<String, HavipState> states = new HashMap<>();
        Map<String, Long> commandEpochs = new HashMap<>();
        long[] unreadable = {0};
        long read = TopicSnapshot.readToEnd(consumerConfig, List.of(topics.havipState(), topics.commands()), timeout,
                r -> {
                    if (r.value() == null) {
                        return; // a tombstone on the compacted topic: nothing to restore
                    }
                    Message m;
                    try {
                        m = codec.decode(r.value()).data();
                    } catch (MalformedEventException | RuntimeException e) {
                        // Already dead-lettered when it was first consumed; reading it again adds nothing.
                        unreadable[0]++;
                        return;
                    }
                    if (m instanceof HavipState s) {
                        states.merge(s.havipId(), s, (older, newer) -> newer.epoch() >= older.epoch() ? newer : older);
                    } else if (m instanceof Command c) {
                        commandEpochs.merge(c.havipId(), c.epoch(), Math::max);
                    }
                });
        TreeSet<String> havips = new TreeSet<>(states.keySet());
        havips.addAll(commandEpochs.keySet());
        Map<String, HavipRecord> stored = havips.isEmpty() ? Map.of() : store.getAll(havips);
        TreeSet<String> behind = new TreeSet<>();
        for (String havipId : havips) {
            HavipState state = states.get(havipId);
            long published = Math.max(state == null ? 0 : state.epoch(), commandEpochs.getOrDefault(havipId, 0L));
            HavipRecord held = stored.get(havipId);
            // As RestoreProcessor decides: a record at the published epoch or higher is kept.
            if (published > 0 && (held == null || held.epoch() < published)) {
                behind.add(havipId);
            }
        }
        if (behind.isEmpty()) {
            return new Outcome(read, unreadable[0], states.size(), 0, false, 0);
        }
        Map<String, Map<String, Seen>> backlog = new HashMap<>();
        read += TopicSnapshot.readToEnd(groupConsumerConfig, List.of(topics.nodeEvents()), true, timeout, r -> {
            if (r.value() == null) {
                return;
            }
            try {
                if (codec.decode(r.value()).data() instanceof NodeEvent e && behind.contains(e.havipId())) {
                    backlog.computeIfAbsent(e.havipId(), k -> new HashMap<>()).merge(e.nodeId(),
                            new Seen(e.incarnation(), e.sequence()), (older, newer) ->
                                    newer.incarnation().equals(older.incarnation()) && newer.sequence() < older.sequence()
                                            ? older : newer);
                }
            } catch (MalformedEventException | RuntimeException e) {
                unreadable[0]++;
            }
        });
        Instant now = clock.instant();
        int restored = 0;
        for (String havipId : behind) {
            HavipState state = states.get(havipId);
            long commandEpoch = commandEpochs.getOrDefault(havipId, 0L);
            HavipRecord rebuilt = rebuild(havipId, state, commandEpoch, backlog.getOrDefault(havipId, Map.of()), now);
            if (rebuilt.epoch() == 0 || !store.restore(rebuilt)) {
                continue;
            }
            restored++;
            String why = "STATE_RESTORED: the coordinators' store held no record of " + havipId
                    + " at epoch " + rebuilt.epoch() + " or higher (all members restarted, or its partition was lost); "
                    + "rebuilt from " + topics.havipState() + " (epoch " + (state == null ? "none" : state.epoch())
                    + ", owner " + (state == null ? "none" : state.ownerNode()) + ") and " + topics.commands()
                    + " (highest command epoch " + commandEpoch + "): owner " + rebuilt.ownerNode() + " at epoch "
                    + rebuilt.epoch() + "; members' VRRP states unknown until they report";
            log.warn(why);
            outbox.audit(havipId, rebuilt.ownerNode(), AuditEvent.Type.DECISION, rebuilt.epoch(), why, OUTCOME,
                    Map.of("stateEpoch", String.valueOf(state == null ? 0 : state.epoch()),
                            "commandEpoch", String.valueOf(commandEpoch)));
        }
        return new Outcome(read, unreadable[0], states.size(), behind.size(), true, restored);
    }

    /**
     * The record to put back for one HaVip (revision 0: the store stamps it).
     *
     * @param backlog per node, the newest event the group has yet to read: the event loop will drop it and
     *                everything before it as already seen
     */
    static HavipRecord rebuild(String havipId, HavipState state, long commandEpoch, Map<String, Seen> backlog,
            Instant now) {
        long stateEpoch = state == null ? 0 : state.epoch();
        boolean ownerKnown = state != null && stateEpoch >= commandEpoch;
        TreeMap<String, MemberView> members = new TreeMap<>();
        if (state != null) {
            for (HavipState.Member m : state.members()) {
                Seen seen = backlog.get(m.nodeId());
                members.put(m.nodeId(), new MemberView(m.nodeId(), m.cloudInstanceId(), VrrpState.UNKNOWN,
                        m.priority(), m.healthy(), now, 0, m.fenced(), null, null,
                        seen == null ? null : seen.incarnation(), seen == null ? -1 : seen.sequence(), null));
            }
        }
        backlog.forEach((nodeId, seen) -> members.computeIfAbsent(nodeId, id -> new MemberView(id, null,
                VrrpState.UNKNOWN, 0, false, now, 0, false, null, null, seen.incarnation(), seen.sequence(), null)));
        Instant lastFailover = state == null ? null : state.lastFailoverAt();
        return new HavipRecord(havipId, state == null ? null : state.vip(), state == null ? null : state.vpcId(),
                ownerKnown ? state.ownerNode() : null, Math.max(stateEpoch, commandEpoch), 0, members,
                ownerKnown ? state.phase() : HavipState.Phase.NO_OWNER,
                state != null && state.maintenance(), state != null && state.frozen(),
                state == null ? null : state.holdDownUntil(), lastFailover == null ? List.of() : List.of(lastFailover),
                lastFailover, state == null ? null : state.lastReason(),
                ownerKnown && state.phase() == HavipState.Phase.SPLIT_BRAIN, null, List.of(), now);
    }
}
