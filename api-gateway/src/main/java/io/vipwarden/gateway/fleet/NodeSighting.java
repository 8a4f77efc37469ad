package io.vipwarden.gateway.fleet;

import io.vipwarden.events.VrrpState;
import java.time.Instant;

/**
 * What a node last said about one HaVip on {@code node-events}.
 *
 * @param lastSeen     the time of the node's latest event for this HaVip
 * @param intervalMs   the node's heartbeat interval (0 when only non-heartbeat events were seen)
 */
public record NodeSighting(String nodeId, String havipId, String cloudInstanceId, VrrpState vrrpState, int priority,
        Boolean healthy, boolean fenced, Instant lastSeen, long intervalMs) {
}
