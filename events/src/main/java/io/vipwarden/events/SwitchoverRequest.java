package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.required;

import java.time.Instant;

/** Move the HaVip to {@code targetNode}; refused (with the reason) if the target is unhealthy. */
public record SwitchoverRequest(String requestId, String havipId, String targetNode, String requestedBy,
        String reason, Instant requestedAt) implements OperatorRequest {
    public SwitchoverRequest {
        required(requestId, "requestId");
        required(havipId, "havipId");
        required(targetNode, "targetNode");
        required(requestedBy, "requestedBy");
        required(requestedAt, "requestedAt");
    }
}
