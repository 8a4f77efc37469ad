package io.vipwarden.coordinator.runtime;

import io.vipwarden.coordinator.decision.Action;
import io.vipwarden.coordinator.decision.Action.NodeCommand;
import io.vipwarden.coordinator.decision.Decision;
import io.vipwarden.coordinator.decision.DecisionEngine;
import io.vipwarden.coordinator.decision.Finding;
import io.vipwarden.coordinator.decision.FleetConfigRules;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.Input;
import io.vipwarden.coordinator.decision.MemberView;
import io.vipwarden.coordinator.executor.CloudExecutor;
import io.vipwarden.coordinator.executor.Outbox;
import io.vipwarden.coordinator.metrics.CoordinatorMetrics;
import io.vipwarden.coordinator.reconcile.Reconciler;
import io.vipwarden.coordinator.store.CloudBinding;
import io.vipwarden.coordinator.store.FencingStore;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.ConfigReport;
import io.vipwarden.events.Heartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter around the engine: take the HaVip's record, decide, store the result only if the
 * record is still the one decided on (else decide again on the newer one), then publish what the
 * decision said (audit, commands, state) and queue its cloud calls. Whichever member runs this for a
 * HaVip, the compare-and-set makes each epoch granted exactly once.
 *
 * <p>For the HaVips keyed to the node-events partitions this member consumes, the record is held
 * here ({@link LocalView}) between decisions: a heartbeat that changes nothing but liveness touches
 * neither Hazelcast nor Kafka's outputs, and the timers (ticks) of those HaVips run here, where
 * their liveness is known. Every store write is still a compare-and-set on the revision decided on.
 */
public final class DecisionRunner {
    private static final int MAX_ATTEMPTS = 8;

    private final FencingStore store;
    private final DecisionEngine engine;
    private final Outbox outbox;
    private final CloudExecutor executor;
    private final Reconciler reconciler;
    private final CoordinatorMetrics metrics;
    private final Clock clock;
    private final Set<String> reportedVridFindings = ConcurrentHashMap.newKeySet();
    private final LocalView view;

    DecisionRunner(FencingStore store, DecisionEngine engine, Outbox outbox, CloudExecutor executor,
            Reconciler reconciler, CoordinatorMetrics metrics, Clock clock, LocalView view) {
        this.store = store;
        this.engine = engine;
        this.outbox = outbox;
        this.executor = executor;
        this.reconciler = reconciler;
        this.metrics = metrics;
        this.clock = clock;
        this.view = view;
    }

    /**
     * @return the stored decision, or null when nothing changed
     * @throws RuntimeException from Hazelcast when there is no quorum: the caller keeps the input for later
     */
    public Decision process(Input input) {
        String id = input.havipId();
        if (input instanceof Input.Tick) {
            LocalView.Entry e = view.get(id);
            return e == null ? null : processHeld(id, e, input);
        }
        LocalView.Entry e = held(id);
        return e == null ? processStored(input) : processHeld(id, e, input);
    }

    /**
     * A HaVip this member holds: decide on the view (no store read), store only what changes a
     * decision. The compare-and-set is on the revision the view was read at, exactly as if it had
     * been read just now: a write by anyone since then fails it, and the decision is taken again
     * on the record read afresh.
     */
    private Decision processHeld(String id, LocalView.Entry e, Input input) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Decision d = engine.decide(e.view(), input);
            Instant now = clock.instant();
            if (!d.changed()) {
                if (input instanceof Input.Tick && LocalView.livenessFlipped(e.stored(), e.view(), now,
                        engine.settings())) {
                    // Nothing to decide, but a member died (or came back) against what the store says.
                    HavipRecord stored = store.compareAndSet(e.view(), e.view().withUpdatedAt(now));
                    if (stored == null) {
                        metrics.conflict();
                        e = reread(id, e);
                        continue;
                    }
                    view.written(id, stored);
                    return null;
                }
                if (!d.findings().isEmpty() || !d.actions().isEmpty()) {
                    effects(input, d, e.view()); // e.g. a refused request: audited, nothing to store
                    return d;
                }
                return null;
            }
            if (quiet(input, d, e.stored(), now)) {
                view.viewed(id, d.next());
                return null;
            }
            HavipRecord stored = store.compareAndSet(e.view(), d.next());
            if (stored == null) {
                metrics.conflict();
                e = reread(id, e);
                continue;
            }
            view.written(id, stored);
            effects(input, d, stored);
            return d;
        }
        throw new IllegalStateException("gave up deciding on " + id + " after " + MAX_ATTEMPTS
                + " conflicting attempts");
    }

    /** A HaVip keyed to a partition another member consumes (e.g. a request on a partition of ours). */
    private Decision processStored(Input input) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            HavipRecord current = store.get(input.havipId(), clock.instant());
            Decision d = engine.decide(current, input);
            if (!d.changed()) {
                if (!d.findings().isEmpty() || !d.actions().isEmpty()) {
                    effects(input, d, current); // e.g. a refused request: audited, nothing to store
                }
                return d.findings().isEmpty() && d.actions().isEmpty() ? null : d;
            }
            HavipRecord stored = store.compareAndSet(current, d.next());
            if (stored == null) {
                metrics.conflict();
                continue;
            }
            effects(input, d, stored);
            return d;
        }
        throw new IllegalStateException("gave up deciding on " + input.havipId() + " after " + MAX_ATTEMPTS
                + " conflicting attempts");
    }

    /**
     * A heartbeat that changed nothing but liveness: same incarnation, the next sequence, the member
     * alive before it (here and as stored), no action, no finding, the record equal but for
     * last-seen times. Anything else (a state, priority or health change, a restart, a sequence gap,
     * a member coming back) goes to the store.
     */
    private boolean quiet(Input input, Decision d, HavipRecord stored, Instant now) {
        if (!(input instanceof Input.FromNode n) || !(n.event() instanceof Heartbeat hb)
                || !d.actions().isEmpty() || !d.findings().isEmpty() || d.failover() != null || d.splitBrainBegan()) {
            return false;
        }
        MemberView before = d.previous().member(hb.nodeId());
        MemberView asStored = stored.member(hb.nodeId());
        return before != null && asStored != null && hb.incarnation().equals(before.incarnation())
                && hb.sequence() == before.lastSequence() + 1 && before.alive(now, engine.settings())
                && LocalView.aliveAsStored(stored, asStored, engine.settings())
                && d.previous().sameButLiveness(d.next());
    }

    /** The entry of a HaVip keyed to a partition this member consumes, read from the store the first time. */
    private LocalView.Entry held(String id) {
        if (!view.owns(id)) {
            return null;
        }
        LocalView.Entry e = view.get(id);
        if (e != null) {
            return e;
        }
        Instant now = clock.instant();
        HavipRecord stored = store.get(id, now);
        CloudBinding cloud = store.cloudBinding(id);
        return view.load(id, stored, LocalView.takeover(stored, now, engine.settings()), cloud, true);
    }

    private LocalView.Entry reread(String id, LocalView.Entry e) {
        HavipRecord fresh = store.get(id, clock.instant());
        return view.load(id, fresh, LocalView.overlay(fresh, e.view()), null, false);
    }

    /** Ticks every HaVip this member holds: liveness timeouts, hold-down expiry, rejoin timers. */
    void tickAll() {
        for (String id : List.copyOf(view.havips())) {
            process(new Input.Tick(id));
        }
    }

    /**
     * This member now consumes these node-events partitions: it takes over every HaVip stored for
     * them, each member alive as stored with a full timeout from now.
     */
    void takeOver(Collection<Integer> partitions) {
        Set<String> ids = new HashSet<>();
        for (String id : store.allHavips()) {
            if (view.ownsPartition(id, partitions) && view.get(id) == null) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, HavipRecord> records = store.getAll(ids);
        Map<String, CloudBinding> clouds = store.cloudBindings(ids);
        records.forEach((id, r) -> {
            if (view.get(id) == null) {
                view.load(id, r, LocalView.takeover(r, now, engine.settings()), clouds.get(id), true);
            }
        });
    }

    /**
     * Reads every held record and cloud binding again (one batch): a record another writer changed
     * (a request decided elsewhere, a merge after a partition healed) replaces the stored one here,
     * with the liveness seen here on top.
     */
    void refreshAll() {
        Set<String> ids = Set.copyOf(view.havips());
        if (ids.isEmpty()) {
            return;
        }
        Map<String, HavipRecord> records = store.getAll(ids);
        Map<String, CloudBinding> clouds = store.cloudBindings(ids);
        for (String id : ids) {
            LocalView.Entry e = view.get(id);
            HavipRecord fresh = records.get(id);
            if (e == null) {
                continue;
            }
            if (fresh != null && fresh.revision() != e.stored().revision()) {
                view.load(id, fresh, LocalView.overlay(fresh, e.view()), clouds.get(id), true);
            } else {
                view.cloudObserved(id, clouds.get(id));
            }
        }
    }

    /** The cloud binding known here, else the stored one (null: none recorded, or no quorum). */
    public CloudBinding cloudBinding(String havipId) {
        LocalView.Entry e = view.get(havipId);
        return e != null && e.cloudKnown() ? e.cloud() : store.cloudBinding(havipId);
    }

    void cloudObserved(String havipId, CloudBinding binding) {
        view.cloudObserved(havipId, binding);
    }

    LocalView view() {
        return view;
    }

    private void effects(Input input, Decision d, HavipRecord stored) {
        metrics.decision(input.getClass().getSimpleName());
        Map<String, String> inputs = d.findings().isEmpty() ? Map.of() : d.findings().get(0).inputs();
        for (Finding f : d.findings()) {
            outbox.audit(stored.havipId(), f.nodeId(), f.type(), stored.epoch(), f.reason(), f.outcome(), f.inputs());
        }
        Instant produced = producedAt(input);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (NodeCommand c : d.commands()) {
            if (c.kind() == Action.CommandKind.FENCE) {
                metrics.fence();
            }
            sent.add(outbox.command(c, inputs));
        }
        if (produced != null && !sent.isEmpty()) {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenRun(() ->
                    metrics.decisionLatency(Duration.between(produced, clock.instant()).toNanos() / 1e9));
        }
        if (d.failover() != null && d.failover() != io.vipwarden.coordinator.decision.FailoverReason.INITIAL) {
            metrics.failover(d.failover().name());
        }
        if (d.splitBrainBegan()) {
            metrics.splitBrainEpisode();
        }
        if (!d.cloudCalls().isEmpty()) {
            executor.submit(stored.havipId(), d.cloudCalls(), () -> reconciler.reconcile(stored.havipId()));
        }
        if (significant(d.previous(), stored) || !d.actions().isEmpty() || !d.findings().isEmpty()) {
            outbox.state(stored, engine.settings());
        }
        if (input instanceof Input.FromNode n && n.event() instanceof ConfigReport c && c.vpcId() != null
                && c.virtualRouterId() > 0) {
            Set<String> users = store.registerVirtualRouterId(c.vpcId(), c.virtualRouterId(), c.havipId());
            for (String finding : FleetConfigRules.virtualRouterIdReuse(c.vpcId(), c.virtualRouterId(), users)) {
                if (reportedVridFindings.add(c.havipId() + "|" + finding)) {
                    outbox.audit(c.havipId(), c.nodeId(), AuditEvent.Type.CONFIG_FINDING, stored.epoch(), finding,
                            "OPEN", Map.of("vpcId", c.vpcId(), "virtualRouterId", String.valueOf(c.virtualRouterId()),
                                    "havips", users.toString()));
                }
            }
        }
    }

    private static Instant producedAt(Input input) {
        if (input instanceof Input.FromNode n) {
            return n.producedAt();
        }
        if (input instanceof Input.FromOperator o) {
            return o.producedAt();
        }
        return null;
    }

    /** Whether readers of the state topic would see a difference (heartbeat timestamps alone are not one). */
    static boolean significant(HavipRecord a, HavipRecord b) {
        if (!Objects.equals(a.ownerNode(), b.ownerNode()) || a.epoch() != b.epoch() || a.phase() != b.phase()
                || a.maintenance() != b.maintenance() || a.frozen() != b.frozen()
                || !a.members().keySet().equals(b.members().keySet())) {
            return true;
        }
        for (MemberView m : b.members().values()) {
            MemberView o = a.members().get(m.nodeId());
            if (o.vrrpState() != m.vrrpState() || o.healthy() != m.healthy() || o.fenced() != m.fenced()
                    || o.priority() != m.priority()) {
                return true;
            }
        }
        return false;
    }
}
