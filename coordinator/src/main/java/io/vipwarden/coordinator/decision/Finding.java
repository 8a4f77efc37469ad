package io.vipwarden.coordinator.decision;

import io.vipwarden.events.AuditEvent;
import java.util.Map;

/**
 * One auditable fact a decision produced: what kind, about which node, why, with which outcome and
 * the inputs it was based on. The adapters turn it into an {@link AuditEvent}.
 */
public record Finding(AuditEvent.Type type, String nodeId, String reason, String outcome, Map<String, String> inputs) {
    public Finding {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }
}
