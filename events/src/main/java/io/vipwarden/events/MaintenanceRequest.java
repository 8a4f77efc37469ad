package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.required;

import java.time.Instant;

/** Turn maintenance mode on or off: while on, the coordinators take no automatic action on the HaVip. */
public record MaintenanceRequest(String requestId, String havipId, boolean enabled, String requestedBy,
        String reason, Instant requestedAt) implements OperatorRequest {
    public MaintenanceRequest {
        required(requestId, "requestId");
        required(havipId, "havipId");
        required(requestedBy, "requestedBy");
        required(requestedAt, "requestedAt");
    }
}
