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
import io.vipwarden.coordinator.store.FencingStore;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.ConfigReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter around the engine: read the HaVip's record, decide, store the result only if the
 * record is still the one decided on (else decide again on the newer one), then publish what the
 * decision said (audit, commands, state) and queue its cloud calls. Whichever member runs this for a
 * HaVip, the compare-and-set makes each epoch granted exactly once.
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

    public DecisionRunner(FencingStore store, DecisionEngine engine, Outbox outbox, CloudExecutor executor,
            Reconciler reconciler, CoordinatorMetrics metrics, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.outbox = outbox;
        this.executor = executor;
        this.reconciler = reconciler;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @return the stored decision, or null when nothing changed
     * @throws RuntimeException from Hazelcast when there is no quorum: the caller keeps the input for later
     */
    public Decision process(Input input) {
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
