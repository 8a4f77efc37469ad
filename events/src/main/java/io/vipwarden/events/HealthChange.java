package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.listOrEmpty;
import static io.vipwarden.events.ValidationSupport.nonNegative;
import static io.vipwarden.events.ValidationSupport.required;

import java.util.List;

/** A node's overall health for a HaVip changed; {@code checks} holds every check's current verdict. */
public record HealthChange(
        String havipId,
        String nodeId,
        String incarnation,
        long sequence,
        boolean healthy,
        List<HealthCheckResult> checks) implements NodeEvent {
    public HealthChange {
        required(havipId, "havipId");
        required(nodeId, "nodeId");
        required(incarnation, "incarnation");
        nonNegative(sequence, "sequence");
        checks = listOrEmpty(checks);
    }
}
