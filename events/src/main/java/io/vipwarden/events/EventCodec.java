package io.vipwarden.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes {@link Envelope}s as CloudEvents JSON (structured content mode). Writers emit
 * the current schema version; readers ignore unknown fields and unknown enum values (they become
 * {@code UNKNOWN}/{@code OTHER}), and refuse an unknown major version, an unknown type or a record
 * whose data breaks the contract with a {@link MalformedEventException} naming the reason.
 *
 * <p>Thread-safe; share one instance.
 */
public final class EventCodec {
    /** The Kafka {@code content-type} header value of structured-mode CloudEvents. */
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    public static final String SPEC_VERSION = "1.0";

    private final ObjectMapper mapper;

    public EventCodec() {
        this.mapper = newMapper();
    }

    /** The project's JSON mapper settings: ISO-8601 times, no nulls written, unknown fields ignored. */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] encode(Envelope envelope) {
        ObjectNode root = mapper.createObjectNode();
        root.put("specversion", SPEC_VERSION);
        root.put("id", envelope.id());
        root.put("source", envelope.source());
        root.put("type", envelope.type().ceType());
        root.put("time", envelope.time().toString());
        if (envelope.subject() != null) {
            root.put("subject", envelope.subject());
        }
        root.put("datacontenttype", "application/json");
        root.put("dataschema", envelope.type().dataSchemaUri());
        root.put("schemaversion", envelope.schemaVersion());
        root.set("data", mapper.valueToTree(envelope.data()));
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + envelope.type(), e);
        }
    }

    public Envelope decode(byte[] bytes) throws MalformedEventException {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedEventException("empty record value");
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (IOException e) {
            throw new MalformedEventException("not JSON: " + firstLine(e instanceof JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("not a JSON object");
        }
        String specVersion = text(root, "specversion");
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException("unsupported CloudEvents specversion '" + specVersion + "'");
        }
        String schemaVersion = text(root, "schemaversion");
        int major = SchemaVersion.major(schemaVersion);
        if (major != SchemaVersion.CURRENT_MAJOR) {
            throw new MalformedEventException("unknown major schema version " + major + " (schemaversion '"
                    + schemaVersion + "'); this reader knows major " + SchemaVersion.CURRENT_MAJOR);
        }
        String ceType = required(root, "type");
        EventType type = EventType.fromCeType(ceType)
                .orElseThrow(() -> new MalformedEventException("unknown event type '" + ceType + "'"));
        String id = required(root, "id");
        String source = required(root, "source");
        Instant time;
        try {
            time = Instant.parse(required(root, "time"));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("attribute 'time' is not an RFC 3339 timestamp: " + text(root, "time"));
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new MalformedEventException("attribute 'data' is missing or not an object for type " + ceType);
        }
        Message message;
        try {
            message = mapper.treeToValue(data, type.recordClass());
        } catch (JsonMappingException e) {
            throw new MalformedEventException("invalid data for " + ceType + ": " + describe(e));
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("invalid data for " + ceType + ": " + firstLine(e.getOriginalMessage()));
        }
        try {
            return new Envelope(id, source, type, time, text(root, "subject"), schemaVersion, message);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(e.getMessage());
        }
    }

    private static String describe(JsonMappingException e) {
        Throwable cause = e.getCause();
        // A record constructor's own check says best what is wrong (it names the field).
        if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) {
            return iae.getMessage();
        }
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("");
        String message = firstLine(e.getOriginalMessage());
        return path.isEmpty() ? message : "field '" + path + "': " + message;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String required(JsonNode root, String field) throws MalformedEventException {
        String value = text(root, field);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing CloudEvents attribute '" + field + "'");
        }
        return value;
    }
}
