package io.vipwarden.gateway.fleet;

import io.vipwarden.events.VrrpState;
import java.time.Instant;
import java.util.List;

/**
 * One node across its HaVips.
 *
 * @param up       whether any of its HaVips heard from it within three heartbeat intervals
 * @param lastSeen its latest event of any kind, or null when known only from the coordinators' state
 */
public record NodeSummary(String nodeId, boolean up, Instant lastSeen, List<Membership> havips) {
    /** The node in one HaVip: the coordinators' view, and the node's own last word (may be null). */
    public record Membership(String havipId, boolean owner, VrrpState vrrpState, boolean healthy, boolean alive,
            boolean fenced, NodeSighting reported) {
    }
}
