package io.vipwarden.coordinator.decision;

import io.vipwarden.events.AcknowledgeRequest;
import io.vipwarden.events.ConfigReport;
import io.vipwarden.events.HealthChange;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.MaintenanceRequest;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.events.OperatorRequest;
import io.vipwarden.events.SwitchoverRequest;
import io.vipwarden.events.VrrpState;
import io.vipwarden.testbed.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One HaVip driven through the engine the way the store would: each decision replaces the record. */
final class EngineFixture {
    static final String HAVIP = "havip-1";
    static final Duration HB = Duration.ofMillis(1000);

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T00:00:00Z"));
    final EngineSettings settings;
    final DecisionEngine engine;
    HavipRecord record;
    Decision last;
    private final Map<String, Long> sequences = new HashMap<>();

    EngineFixture() {
        this(new EngineSettings(HB, 3, Duration.ofSeconds(10), 3, Duration.ofMinutes(10), Duration.ofSeconds(5),
                Duration.ofSeconds(2)));
    }

    EngineFixture(EngineSettings settings) {
        this.settings = settings;
        this.engine = new DecisionEngine(settings, clock);
        this.record = HavipRecord.empty(HAVIP, clock.instant());
    }

    Decision heartbeat(String node, VrrpState state, boolean healthy, int priority) {
        return node(new Heartbeat(HAVIP, node, "inc-" + node, seq(node), "i-" + node, "VI_1", state, priority,
                "192.0.2.10", healthy, List.of(), false, HB.toMillis()));
    }

    Decision health(String node, boolean healthy) {
        return node(new HealthChange(HAVIP, node, "inc-" + node, seq(node), healthy, List.of()));
    }

    Decision config(String node, String vpc, int vrid, String vip, String src, List<String> peers) {
        return node(new ConfigReport(HAVIP, node, "inc-" + node, seq(node), vpc, "/etc/keepalived/keepalived.conf",
                "sha", "VI_1", vrid, 100, List.of(vip), src, peers, List.of()));
    }

    Decision node(NodeEvent event) {
        return apply(engine.decide(record, new Input.FromNode(event, clock.instant())));
    }

    Decision tick() {
        return apply(engine.decide(record, new Input.Tick(HAVIP)));
    }

    Decision request(OperatorRequest request) {
        return apply(engine.decide(record, new Input.FromOperator(request, clock.instant())));
    }

    Decision switchover(String target) {
        return request(new SwitchoverRequest(UUID.randomUUID().toString(), HAVIP, target, "alice", "patching",
                clock.instant()));
    }

    Decision maintenance(boolean on) {
        return request(new MaintenanceRequest(UUID.randomUUID().toString(), HAVIP, on, "alice", "window",
                clock.instant()));
    }

    Decision acknowledge() {
        return request(new AcknowledgeRequest(UUID.randomUUID().toString(), HAVIP, "alice", "looked at it",
                clock.instant()));
    }

    /** node-a MASTER owner at epoch 1, node-b healthy BACKUP. */
    EngineFixture withPair() {
        heartbeat("node-a", VrrpState.MASTER, true, 100);
        heartbeat("node-b", VrrpState.BACKUP, true, 90);
        return this;
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    private Decision apply(Decision decision) {
        last = decision;
        record = decision.next();
        return decision;
    }

    private long seq(String node) {
        return sequences.merge(node, 1L, Long::sum);
    }
}
