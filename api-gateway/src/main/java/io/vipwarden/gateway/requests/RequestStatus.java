package io.vipwarden.gateway.requests;

import java.time.Instant;

/**
 * Where an operator request stands.
 *
 * @param outcome the coordinators' answer (e.g. DONE, REFUSED, FAILED), null while pending
 */
public record RequestStatus(String requestId, String kind, String havipId, String requestedBy, Instant requestedAt,
        State state, String outcome, String reason, String decidedBy, Instant decidedAt) {
    public enum State { PENDING, COMPLETED }

    RequestStatus complete(String outcome, String reason, String decidedBy, Instant decidedAt) {
        return new RequestStatus(requestId, kind, havipId, requestedBy, requestedAt, State.COMPLETED, outcome, reason,
                decidedBy, decidedAt);
    }
}
