package io.vipwarden.coordinator.it;

import io.vipwarden.events.ConfigReport;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.HealthChange;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a node's agent would publish, through the real codec and publisher: heartbeats on a timer and
 * VRRP transitions when the test changes the node's state. A node that becomes MASTER also
 * announces the VIP to the cloud emulator, as keepalived's gratuitous ARP would, and again with every
 * heartbeat while it stays MASTER (garp_master_refresh).
 */
final class SimulatedNode {
    static final long INTERVAL_MS = 200;

    final String havipId;
    final String nodeId;
    final String instanceId;
    final int priority;
    private final EventPublisher publisher;
    private final TopicNames topics;
    private final AliyunVpcEmulator emulator;
    private final String incarnation = UUID.randomUUID().toString();
    private long sequence;
    private volatile VrrpState state = VrrpState.BACKUP;
    private volatile boolean healthy = true;
    private volatile boolean garpRefresh = true;
    private ScheduledFuture<?> heartbeats;

    SimulatedNode(String havipId, String nodeId, String instanceId, int priority, EventPublisher publisher,
            TopicNames topics, AliyunVpcEmulator emulator) {
        this.havipId = havipId;
        this.nodeId = nodeId;
        this.instanceId = instanceId;
        this.priority = priority;
        this.publisher = publisher;
        this.topics = topics;
        this.emulator = emulator;
    }

    synchronized SimulatedNode start(VrrpState initial, ScheduledExecutorService timer) {
        become(initial);
        heartbeats = timer.scheduleAtFixedRate(this::heartbeat, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The node (agent and all) goes silent, as if powered off. */
    synchronized void die() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
            heartbeats = null;
        }
    }

    synchronized void become(VrrpState next) {
        VrrpState from = state;
        state = next;
        publish(new VrrpTransition(havipId, nodeId, incarnation, ++sequence, instanceId, VrrpTransition.Kind.INSTANCE,
                "VI_1", from, next, priority, VrrpTransition.Source.FIFO));
        heartbeat();
        if (next == VrrpState.MASTER && emulator != null) {
            emulator.announce(havipId, instanceId);
        }
    }

    /** Also re-announces while MASTER, as keepalived's garp_master_refresh does. */
    synchronized void heartbeat() {
        if (state == VrrpState.MASTER && garpRefresh && emulator != null) {
            emulator.announce(havipId, instanceId);
        }
        publish(new Heartbeat(havipId, nodeId, incarnation, ++sequence, instanceId, "VI_1", state, priority,
                "192.0.2.50", healthy, List.of(), false, INTERVAL_MS));
    }

    /** keepalived without garp_master_refresh: a MASTER announces once, on becoming MASTER. */
    void stopRefreshingAnnouncements() {
        garpRefresh = false;
    }

    synchronized void setHealthy(boolean value) {
        healthy = value;
        publish(new HealthChange(havipId, nodeId, incarnation, ++sequence, value, List.of()));
    }

    synchronized void reportConfig(String vpcId, int virtualRouterId) {
        publish(new ConfigReport(havipId, nodeId, incarnation, ++sequence, vpcId, "/etc/keepalived/keepalived.conf",
                "0".repeat(64), "VI_1", virtualRouterId, priority, List.of("192.0.2.50"), null, List.of(), List.of()));
    }

    VrrpState state() {
        return state;
    }

    private void publish(NodeEvent event) {
        publisher.publish(topics.nodeEvents(), Envelope.wrap("/vipwarden/agent/" + nodeId, event, Clock.systemUTC()));
    }
}
