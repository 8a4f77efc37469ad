package io.vipwarden.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One filled-in message of every type, for round-trip tests in any module (shipped in the test-jar). */
public final class SampleMessages {
    public static final Instant AT = Instant.parse("2026-11-22T08:30:15.123Z");

    private SampleMessages() {
    }

    public static List<Message> all() {
        List<HealthCheckResult> checks = List.of(
                new HealthCheckResult("nginx", "http", true, "200 in 3 ms"),
                new HealthCheckResult("uplink", "link", true, "eth0 up"));
        return List.of(
                new Heartbeat("havip-a", "node-1", "inc-1", 41, "i-sandbox-1", "VI_1", VrrpState.MASTER, 100,
                        "192.0.2.10", true, checks, false, 1000),
                new VrrpTransition("havip-a", "node-1", "inc-1", 42, "i-sandbox-1", VrrpTransition.Kind.INSTANCE, "VI_1",
                        VrrpState.BACKUP, VrrpState.MASTER, 100, VrrpTransition.Source.FIFO),
                new HealthChange("havip-a", "node-2", "inc-7", 3, false,
                        List.of(new HealthCheckResult("nginx", "http", false, "connection refused"))),
                new ConfigReport("havip-a", "node-1", "inc-1", 1, "vpc-sandbox", "/etc/keepalived/keepalived.conf",
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "VI_1", 51, 100,
                        List.of("192.0.2.10"), "192.0.2.11", List.of("192.0.2.12"),
                        List.of(new LintFinding("garp-missing", LintFinding.Severity.WARNING,
                                "/etc/keepalived/keepalived.conf", 12, "no garp_master_refresh",
                                "add garp_master_refresh 60"))),
                new CommandResult("havip-a", "node-2", "inc-7", 4, "cmd-9", EventType.FENCE, 7,
                        CommandResult.Outcome.EXECUTED, "track file /run/vipwarden/fence-VI_1 = 1"),
                new Fence("cmd-9", "havip-a", "node-2", 7, "coordinator-1", "split brain: node-1 keeps the VIP"),
                new Unfence("cmd-10", "havip-a", "node-2", 7, "coordinator-1", "rejoin: BACKUP and healthy for 30 s"),
                new Remap("cmd-11", "havip-a", "node-2", 8, "coordinator-2", "failover: owner dead", "node-1"),
                new Reannounce("cmd-12", "havip-a", "node-1", 8, "coordinator-3", "MASTER silent after heal"),
                new SwitchoverRequest("req-1", "havip-a", "node-2", "alice", "kernel upgrade on node-1", AT),
                new MaintenanceRequest("req-2", "havip-a", true, "alice", "planned work", AT),
                new AcknowledgeRequest("req-3", "havip-a", "bob", "flapping understood", AT),
                new AuditEvent("aud-1", "havip-a", "node-2", AuditEvent.Type.DECISION, "coordinator-1", 8L,
                        "failover: owner node-1 missed 3 heartbeats", "ISSUED",
                        Map.of("owner", "node-1", "lastSeenMs", "3120", "candidate", "node-2"), AT),
                new HavipState("havip-a", "192.0.2.10", "vpc-sandbox", HavipState.Phase.STABLE, "node-2", 8,
                        List.of(new HavipState.Member("node-1", "i-sandbox-1", VrrpState.FAULT, 100, false, true, true, AT),
                                new HavipState.Member("node-2", "i-sandbox-2", VrrpState.MASTER, 90, true, true, false, AT)),
                        List.of("i-sandbox-1", "i-sandbox-2"), "i-sandbox-2", false, false,
                        AT.plusSeconds(30), AT, "failover: owner dead", AT));
    }
}
