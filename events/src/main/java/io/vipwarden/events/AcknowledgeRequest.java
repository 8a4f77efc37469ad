package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.required;

import java.time.Instant;

/** Acknowledge a HaVip whose automation froze after too many failovers, letting it act again. */
public record AcknowledgeRequest(String requestId, String havipId, String requestedBy, String reason,
        Instant requestedAt) implements OperatorRequest {
    public AcknowledgeRequest {
        required(requestId, "requestId");
        required(havipId, "havipId");
        required(requestedBy, "requestedBy");
        required(requestedAt, "requestedAt");
    }
}
