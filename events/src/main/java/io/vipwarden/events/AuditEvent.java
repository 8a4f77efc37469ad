package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.required;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;
import java.util.Map;

/**
 * One decision or action, with who took it, why, and the inputs it used. The audit topic never
 * expires: this is what an auditor reads a year later.
 *
 * @param nodeId  the node concerned, if any (fenced node, new owner, reporting node)
 * @param actor   a coordinator member id, or the operator identity for operator actions
 * @param epoch   the HaVip's epoch the action belongs to, or null when there is none
 * @param outcome what came of it (e.g. "ISSUED", "EXECUTED", "REFUSED", "FAILED"), free text
 * @param inputs  the facts the decision used, flattened to strings so they survive any reader
 */
public record AuditEvent(
        String auditId,
        String havipId,
        String nodeId,
        Type type,
        String actor,
        Long epoch,
        String reason,
        String outcome,
        Map<String, String> inputs,
        Instant at) implements Message {
    /**
     * The {@code inputs} key that ties {@link Type#OPERATOR_REQUEST} and {@link Type#REQUEST_OUTCOME}
     * events to the operator request they are about: its {@code requestId}. A coordinator that has
     * finished (or refused) a request publishes a REQUEST_OUTCOME with this key, the result in
     * {@code outcome} (e.g. "DONE", "REFUSED", "FAILED") and the why in {@code reason}.
     */
    public static final String INPUT_REQUEST_ID = "requestId";

    public enum Type {
        /** The decision engine decided something (failover, split brain, rejoin, hold, freeze...). */
        DECISION,
        COMMAND_ISSUED,
        COMMAND_RESULT,
        CLOUD_CALL,
        /** An action dropped because its epoch was no longer current when it was about to run. */
        STALE_ACTION_DROPPED,
        RECONCILE_CORRECTION,
        OPERATOR_REQUEST,
        REQUEST_OUTCOME,
        ALERT,
        CONFIG_FINDING,
        @JsonEnumDefaultValue
        OTHER
    }

    public AuditEvent {
        required(auditId, "auditId");
        required(havipId, "havipId");
        required(type, "type");
        required(actor, "actor");
        required(at, "at");
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }

    @Override
    public String key() {
        return havipId;
    }
}
