package io.vipwarden.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every message type: its CloudEvents {@code type} attribute, its record class, and the JSON Schema
 * file ({@code schemas/<schemaName>.schema.json} on the classpath) that describes its {@code data}.
 */
public enum EventType {
    HEARTBEAT("io.vipwarden.node.heartbeat", Heartbeat.class, "heartbeat"),
    VRRP_TRANSITION("io.vipwarden.node.vrrp-transition", VrrpTransition.class, "vrrp-transition"),
    HEALTH_CHANGE("io.vipwarden.node.health-change", HealthChange.class, "health-change"),
    CONFIG_REPORT("io.vipwarden.node.config-report", ConfigReport.class, "config-report"),
    COMMAND_RESULT("io.vipwarden.node.command-result", CommandResult.class, "command-result"),
    FENCE("io.vipwarden.command.fence", Fence.class, "fence"),
    UNFENCE("io.vipwarden.command.unfence", Unfence.class, "unfence"),
    REMAP("io.vipwarden.command.remap", Remap.class, "remap"),
    REANNOUNCE("io.vipwarden.command.reannounce", Reannounce.class, "reannounce"),
    SWITCHOVER_REQUEST("io.vipwarden.request.switchover", SwitchoverRequest.class, "switchover-request"),
    MAINTENANCE_REQUEST("io.vipwarden.request.maintenance", MaintenanceRequest.class, "maintenance-request"),
    ACKNOWLEDGE_REQUEST("io.vipwarden.request.acknowledge", AcknowledgeRequest.class, "acknowledge-request"),
    AUDIT("io.vipwarden.audit", AuditEvent.class, "audit-event"),
    HAVIP_STATE("io.vipwarden.havip-state", HavipState.class, "havip-state");

    private static final Map<String, EventType> BY_CE_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.recordClass, Function.identity()));

    private final String ceType;
    private final Class<? extends Message> recordClass;
    private final String schemaName;

    EventType(String ceType, Class<? extends Message> recordClass, String schemaName) {
        this.ceType = ceType;
        this.recordClass = recordClass;
        this.schemaName = schemaName;
    }

    /** The CloudEvents {@code type} attribute. */
    public String ceType() {
        return ceType;
    }

    public Class<? extends Message> recordClass() {
        return recordClass;
    }

    public String schemaName() {
        return schemaName;
    }

    /** Classpath resource of the JSON Schema of this type's {@code data}. */
    public String schemaResource() {
        return "schemas/" + schemaName + ".schema.json";
    }

    /** The CloudEvents {@code dataschema} attribute: names the schema and its major version. */
    public String dataSchemaUri() {
        return "urn:vipwarden:schema:" + schemaName + ":" + SchemaVersion.CURRENT_MAJOR;
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }

    public static EventType of(Message message) {
        EventType type = BY_CLASS.get(message.getClass());
        if (type == null) {
            throw new IllegalArgumentException("no event type for " + message.getClass().getName());
        }
        return type;
    }
}
