package io.vipwarden.events;

import java.time.Instant;

/** An operator's request from the gateway to the coordinators, on {@code requests}, keyed by HaVip id. */
public sealed interface OperatorRequest extends Message
        permits SwitchoverRequest, MaintenanceRequest, AcknowledgeRequest {
    String requestId();

    String havipId();

    /** The authenticated identity of the caller, as the gateway resolved it from the token. */
    String requestedBy();

    String reason();

    Instant requestedAt();

    @Override
    default String key() {
        return havipId();
    }
}
