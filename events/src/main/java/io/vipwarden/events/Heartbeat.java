package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.listOrEmpty;
import static io.vipwarden.events.ValidationSupport.nonNegative;
import static io.vipwarden.events.ValidationSupport.required;

import java.util.List;

/**
 * One per (node, HaVip) every heartbeat interval: the node's VRRP view of that HaVip and its health.
 *
 * @param cloudInstanceId the ECS/CVM instance or ENI id the cloud knows this node by
 * @param vrrpInstance    the keepalived instance carrying the HaVip's VIP
 * @param priority        effective VRRP priority as keepalived reports it
 * @param intervalMs      the agent's heartbeat interval, so a reader can judge liveness
 */
public record Heartbeat(
        String havipId,
        String nodeId,
        String incarnation,
        long sequence,
        String cloudInstanceId,
        String vrrpInstance,
        VrrpState vrrpState,
        int priority,
        String vip,
        boolean healthy,
        List<HealthCheckResult> checks,
        boolean fenced,
        long intervalMs) implements NodeEvent {
    public Heartbeat {
        required(havipId, "havipId");
        required(nodeId, "nodeId");
        required(incarnation, "incarnation");
        nonNegative(sequence, "sequence");
        required(vrrpState, "vrrpState");
        checks = listOrEmpty(checks);
        nonNegative(intervalMs, "intervalMs");
    }
}
