package io.vipwarden.gateway.requests;

import io.vipwarden.events.AcknowledgeRequest;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.MaintenanceRequest;
import io.vipwarden.events.OperatorRequest;
import io.vipwarden.events.SwitchoverRequest;
import io.vipwarden.events.TopicNames;
import io.vipwarden.messaging.EventPublisher;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns an operator's call into a request on the {@code requests} topic for the coordinators, and an
 * {@link AuditEvent.Type#OPERATOR_REQUEST} audit event naming the caller, both keyed by the HaVip.
 * Blocking (waits for the broker's acknowledgement): call it from a worker thread.
 */
public final class OperatorActions {
    public static final String SOURCE = "/vipwarden/gateway";
    private static final long PUBLISH_TIMEOUT_SECONDS = 15;

    private final EventPublisher publisher;
    private final TopicNames topics;
    private final RequestTracker tracker;
    private final Clock clock;

    public OperatorActions(EventPublisher publisher, TopicNames topics, RequestTracker tracker, Clock clock) {
        this.publisher = publisher;
        this.topics = topics;
        this.tracker = tracker;
        this.clock = clock;
    }

    public RequestStatus switchover(String havipId, String target, String reason, String caller) {
        String id = newId();
        return submit(new SwitchoverRequest(id, havipId, target, caller, reason, clock.instant()), "switchover",
                target, Map.of("targetNode", target));
    }

    public RequestStatus maintenance(String havipId, boolean enabled, String reason, String caller) {
        String id = newId();
        return submit(new MaintenanceRequest(id, havipId, enabled, caller, reason, clock.instant()), "maintenance",
                null, Map.of("enabled", String.valueOf(enabled)));
    }

    public RequestStatus acknowledge(String havipId, String reason, String caller) {
        String id = newId();
        return submit(new AcknowledgeRequest(id, havipId, caller, reason, clock.instant()), "acknowledge", null,
                Map.of());
    }

    /**
     * Records that an authenticated caller tried an operator action their role does not allow, so the
     * trail shows who tried what. No request id: nothing was requested.
     */
    public void denied(String havipId, String kind, String caller, String why) {
        AuditEvent audit = new AuditEvent(UUID.randomUUID().toString(), havipId, null,
                AuditEvent.Type.OPERATOR_REQUEST, caller, null, why, "DENIED", Map.of(RequestTracker.INPUT_KIND, kind),
                clock.instant());
        await(publisher.publish(topics.audit(), Envelope.wrap(SOURCE, audit, clock)), "audit");
    }

    private RequestStatus submit(OperatorRequest request, String kind, String nodeId,
            Map<String, String> details) {
        Map<String, String> inputs = new HashMap<>(details);
        inputs.put(AuditEvent.INPUT_REQUEST_ID, request.requestId());
        inputs.put(RequestTracker.INPUT_KIND, kind);
        AuditEvent audit = new AuditEvent(UUID.randomUUID().toString(), request.havipId(), nodeId,
                AuditEvent.Type.OPERATOR_REQUEST, request.requestedBy(), null, request.reason(), "SUBMITTED", inputs,
                request.requestedAt());
        RequestStatus status = new RequestStatus(request.requestId(), kind, request.havipId(), request.requestedBy(),
                request.requestedAt(), RequestStatus.State.PENDING, null, request.reason(), null, null);
        // Audit first: a request the coordinators act on must never be missing from the trail. Each send
        // is awaited here, on the caller's (worker) thread: chaining the second send inside the first one's
        // callback would run it on the producer's I/O thread, which must never wait for metadata.
        await(publisher.publish(topics.audit(), Envelope.wrap(SOURCE, audit, clock)), "audit");
        await(publisher.publish(topics.requests(), Envelope.wrap(SOURCE, request, clock)), "requests");
        tracker.opened(status);
        return status;
    }

    private void await(CompletableFuture<?> sent, String what) {
        try {
            sent.get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted publishing to " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishFailedException("could not publish to the " + what + " topic: "
                    + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    /** The request could not be handed to Kafka; nothing was promised to the caller. */
    public static final class PublishFailedException extends RuntimeException {
        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
