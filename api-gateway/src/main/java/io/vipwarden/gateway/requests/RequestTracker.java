package io.vipwarden.gateway.requests;

import io.vipwarden.events.AuditEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers operator requests and their outcomes, learned from the audit trail: the gateway's own
 * {@link AuditEvent.Type#OPERATOR_REQUEST} event opens a request, and the coordinators'
 * {@link AuditEvent.Type#REQUEST_OUTCOME} event, with the request id under
 * {@link AuditEvent#INPUT_REQUEST_ID} in its inputs, closes it. Bounded: the oldest are forgotten
 * first. Plain Java; thread-safe.
 */
public final class RequestTracker {
    /** The {@code inputs} key naming the kind of request (switchover, maintenance, acknowledge). */
    public static final String INPUT_KIND = "kind";

    private final int max;
    private final Map<String, RequestStatus> byId;

    public RequestTracker(int max) {
        this.max = max;
        this.byId = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RequestStatus> eldest) {
                return size() > RequestTracker.this.max;
            }
        };
    }

    public synchronized void opened(RequestStatus status) {
        byId.putIfAbsent(status.requestId(), status);
    }

    /** Feeds one audit event; those not about a request are ignored. */
    public synchronized void onAudit(AuditEvent event) {
        String id = event.inputs().get(AuditEvent.INPUT_REQUEST_ID);
        if (id == null || id.isBlank()) {
            return;
        }
        if (event.type() == AuditEvent.Type.OPERATOR_REQUEST) {
            byId.putIfAbsent(id, new RequestStatus(id, event.inputs().getOrDefault(INPUT_KIND, "unknown"),
                    event.havipId(), event.actor(), event.at(), RequestStatus.State.PENDING, null, event.reason(),
                    null, null));
        } else if (event.type() == AuditEvent.Type.REQUEST_OUTCOME) {
            RequestStatus known = byId.get(id);
            RequestStatus base = known != null ? known : new RequestStatus(id,
                    event.inputs().getOrDefault(INPUT_KIND, "unknown"), event.havipId(), null, null,
                    RequestStatus.State.PENDING, null, null, null, null);
            byId.put(id, base.complete(event.outcome() == null ? "UNKNOWN" : event.outcome(), event.reason(),
                    event.actor(), event.at()));
        }
    }

    public synchronized Optional<RequestStatus> get(String requestId) {
        return Optional.ofNullable(byId.get(requestId));
    }

    public synchronized int size() {
        return byId.size();
    }
}
