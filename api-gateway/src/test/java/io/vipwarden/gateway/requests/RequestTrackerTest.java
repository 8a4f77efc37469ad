package io.vipwarden.gateway.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.events.AuditEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTrackerTest {
    private static AuditEvent event(String id, AuditEvent.Type type, String outcome) {
        return new AuditEvent("a-" + id + type, "h1", null, type, "otto", null, "why", outcome,
                Map.of(AuditEvent.INPUT_REQUEST_ID, id, RequestTracker.INPUT_KIND, "switchover"), Instant.EPOCH);
    }

    @Test
    void shouldOpenOnTheOperatorRequestAndCloseOnTheOutcome() {
        RequestTracker t = new RequestTracker(10);
        t.onAudit(event("r1", AuditEvent.Type.OPERATOR_REQUEST, "SUBMITTED"));
        assertEquals(RequestStatus.State.PENDING, t.get("r1").orElseThrow().state());
        t.onAudit(event("r1", AuditEvent.Type.REQUEST_OUTCOME, "REFUSED"));
        RequestStatus done = t.get("r1").orElseThrow();
        assertEquals(RequestStatus.State.COMPLETED, done.state());
        assertEquals("REFUSED", done.outcome());
        assertEquals("otto", done.requestedBy());
    }

    @Test
    void shouldForgetTheOldestBeyondItsBound() {
        RequestTracker t = new RequestTracker(2);
        t.onAudit(event("r1", AuditEvent.Type.OPERATOR_REQUEST, null));
        t.onAudit(event("r2", AuditEvent.Type.OPERATOR_REQUEST, null));
        t.onAudit(event("r3", AuditEvent.Type.OPERATOR_REQUEST, null));
        assertTrue(t.get("r1").isEmpty());
        assertEquals(2, t.size());
    }
}
