package io.vipwarden.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads and writes {@link Envelope}s as CloudEvents JSON (structured content mode). Writers emit
 * the current schema version; readers ignore unknown fields and unknown enum values (they become
 * {@code UNKNOWN}/{@code OTHER}), and refuse an unknown major version, an unknown type or a record
 * whose data breaks the contract with a {@link MalformedEventException} naming the reason.
 *
 * <p>The envelope, the node events (what an agent writes) and the commands (what an agent reads) are
 * written and read with jackson-core's streaming API; the other types' {@code data} goes through
 * Jackson databind, which is only loaded when one of them is met (or {@link #mapper()} is asked
 * for). So a node agent never loads databind: its ~500 classes would stay in the agent's memory for
 * good (BENCHMARKS.md, agent-footprint). Every type has exactly one form on the wire: a test checks
 * the streamed types write what databind would write.
 *
 * <p>Thread-safe; share one instance.
 */
public final class EventCodec {
    /** The Kafka {@code content-type} header value of structured-mode CloudEvents. */
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    public static final String SPEC_VERSION = "1.0";

    private static final JsonFactory JSON = new JsonFactory();

    private volatile ObjectMapper mapper;

    public EventCodec() {
    }

    /** The project's JSON mapper settings: ISO-8601 times, no nulls written, unknown fields ignored. */
    public static ObjectMapper newMapper() {
        return Databind.newMapper();
    }

    /** A mapper with the project's settings ({@link #newMapper()}), made on first use. */
    public ObjectMapper mapper() {
        ObjectMapper m = mapper;
        if (m == null) {
            synchronized (this) {
                m = mapper;
                if (m == null) {
                    m = Databind.newMapper();
                    mapper = m;
                }
            }
        }
        return m;
    }

    public byte[] encode(Envelope envelope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("specversion", SPEC_VERSION);
            g.writeStringField("id", envelope.id());
            g.writeStringField("source", envelope.source());
            g.writeStringField("type", envelope.type().ceType());
            g.writeStringField("time", envelope.time().toString());
            if (envelope.subject() != null) {
                g.writeStringField("subject", envelope.subject());
            }
            g.writeStringField("datacontenttype", "application/json");
            g.writeStringField("dataschema", envelope.type().dataSchemaUri());
            g.writeStringField("schemaversion", envelope.schemaVersion());
            g.writeFieldName("data");
            if (!Streamed.write(g, envelope.data())) {
                Databind.write(mapper(), g, envelope.data());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + envelope.type(), e);
        }
        return out.toByteArray();
    }

    public Envelope decode(byte[] bytes) throws MalformedEventException {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedEventException("empty record value");
        }
        Attributes root = Attributes.read(bytes);
        String specVersion = root.specVersion;
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException("unsupported CloudEvents specversion '" + specVersion + "'");
        }
        String schemaVersion = root.schemaVersion;
        int major = SchemaVersion.major(schemaVersion);
        if (major != SchemaVersion.CURRENT_MAJOR) {
            throw new MalformedEventException("unknown major schema version " + major + " (schemaversion '"
                    + schemaVersion + "'); this reader knows major " + SchemaVersion.CURRENT_MAJOR);
        }
        String ceType = required(root.type, "type");
        EventType type = EventType.fromCeType(ceType).orElse(null);
        if (type == null) {
            throw new MalformedEventException("unknown event type '" + ceType + "'");
        }
        String id = required(root.id, "id");
        String source = required(root.source, "source");
        Instant time;
        try {
            time = Instant.parse(required(root.time, "time"));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("attribute 'time' is not an RFC 3339 timestamp: " + root.time);
        }
        if (root.dataStart < 0) {
            throw new MalformedEventException("attribute 'data' is missing or not an object for type " + ceType);
        }
        Message message;
        try {
            message = Streamed.reads(type)
                    ? Streamed.read(type, bytes, root.dataStart, root.dataEnd - root.dataStart)
                    : Databind.read(mapper(), bytes, root.dataStart, root.dataEnd - root.dataStart, type);
        } catch (IllegalArgumentException e) {
            // a record constructor's own check says best what is wrong (it names the field)
            throw new MalformedEventException("invalid data for " + ceType + ": " + e.getMessage());
        } catch (MalformedEventException e) {
            throw new MalformedEventException("invalid data for " + ceType + ": " + e.getMessage());
        }
        try {
            return new Envelope(id, source, type, time, root.subject, schemaVersion, message);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(e.getMessage());
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String required(String value, String field) throws MalformedEventException {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing CloudEvents attribute '" + field + "'");
        }
        return value;
    }

    /** The CloudEvents attributes of a record and where its {@code data} object lies in the bytes. */
    private static final class Attributes {
        String specVersion;
        String schemaVersion;
        String type;
        String id;
        String source;
        String time;
        String subject;
        int dataStart = -1;
        int dataEnd = -1;

        static Attributes read(byte[] bytes) throws MalformedEventException {
            Attributes a = new Attributes();
            try (JsonParser p = JSON.createParser(bytes)) {
                JsonToken first = p.nextToken();
                if (first != JsonToken.START_OBJECT) {
                    p.skipChildren(); // a broken array is "not JSON", as a whole-document read would say
                    throw new MalformedEventException("not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("data")) {
                        if (value == JsonToken.START_OBJECT) {
                            a.dataStart = (int) p.currentTokenLocation().getByteOffset();
                            p.skipChildren();
                            a.dataEnd = (int) p.currentLocation().getByteOffset();
                        } else {
                            p.skipChildren();
                            a.dataStart = -1;
                        }
                        continue;
                    }
                    String text = Streamed.text(p, value);
                    switch (name) {
                        case "specversion" -> a.specVersion = text;
                        case "schemaversion" -> a.schemaVersion = text;
                        case "type" -> a.type = text;
                        case "id" -> a.id = text;
                        case "source" -> a.source = text;
                        case "time" -> a.time = text;
                        case "subject" -> a.subject = text;
                        default -> {
                            // an extension attribute: ignored
                        }
                    }
                }
            } catch (JsonProcessingException e) {
                throw new MalformedEventException("not JSON: " + firstLine(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new MalformedEventException("not JSON: " + firstLine(e.getMessage()));
            }
            return a;
        }
    }

    /**
     * The {@code data} of node events and commands, written and read field by field with jackson-core.
     * Same JSON as databind writes for these records (component order, nulls left out, enums by name);
     * reading ignores unknown fields, takes numbers written as strings, fractions for integers and
     * scalars for strings as databind would, and leaves the checks of required fields to the record
     * constructors.
     */
    private static final class Streamed {
        static boolean reads(EventType type) {
            return switch (type) {
                case FENCE, UNFENCE, REMAP, REANNOUNCE -> true;
                default -> false;
            };
        }

        static boolean write(JsonGenerator g, Message m) throws IOException {
            if (m instanceof Heartbeat h) {
                g.writeStartObject();
                nodeEvent(g, h.havipId(), h.nodeId(), h.incarnation(), h.sequence());
                string(g, "cloudInstanceId", h.cloudInstanceId());
                string(g, "vrrpInstance", h.vrrpInstance());
                name(g, "vrrpState", h.vrrpState());
                g.writeNumberField("priority", h.priority());
                string(g, "vip", h.vip());
                g.writeBooleanField("healthy", h.healthy());
                checks(g, h.checks());
                g.writeBooleanField("fenced", h.fenced());
                g.writeNumberField("intervalMs", h.intervalMs());
                g.writeEndObject();
            } else if (m instanceof VrrpTransition t) {
                g.writeStartObject();
                nodeEvent(g, t.havipId(), t.nodeId(), t.incarnation(), t.sequence());
                string(g, "cloudInstanceId", t.cloudInstanceId());
                name(g, "kind", t.kind());
                string(g, "vrrpInstance", t.vrrpInstance());
                name(g, "from", t.from());
                name(g, "to", t.to());
                g.writeNumberField("priority", t.priority());
                name(g, "source", t.source());
                g.writeEndObject();
            } else if (m instanceof HealthChange h) {
                g.writeStartObject();
                nodeEvent(g, h.havipId(), h.nodeId(), h.incarnation(), h.sequence());
                g.writeBooleanField("healthy", h.healthy());
                checks(g, h.checks());
                g.writeEndObject();
            } else if (m instanceof ConfigReport r) {
                g.writeStartObject();
                nodeEvent(g, r.havipId(), r.nodeId(), r.incarnation(), r.sequence());
                string(g, "vpcId", r.vpcId());
                string(g, "configPath", r.configPath());
                string(g, "configSha256", r.configSha256());
                string(g, "vrrpInstance", r.vrrpInstance());
                g.writeNumberField("virtualRouterId", r.virtualRouterId());
                g.writeNumberField("priority", r.priority());
                strings(g, "vips", r.vips());
                string(g, "unicastSrcIp", r.unicastSrcIp());
                strings(g, "unicastPeers", r.unicastPeers());
                g.writeArrayFieldStart("findings");
                for (LintFinding f : r.findings()) {
                    g.writeStartObject();
                    string(g, "ruleId", f.ruleId());
                    name(g, "severity", f.severity());
                    string(g, "file", f.file());
                    g.writeNumberField("line", f.line());
                    string(g, "message", f.message());
                    string(g, "hint", f.hint());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            } else if (m instanceof CommandResult r) {
                g.writeStartObject();
                nodeEvent(g, r.havipId(), r.nodeId(), r.incarnation(), r.sequence());
                string(g, "commandId", r.commandId());
                name(g, "commandType", r.commandType());
                g.writeNumberField("epoch", r.epoch());
                name(g, "outcome", r.outcome());
                string(g, "detail", r.detail());
                g.writeEndObject();
            } else if (m instanceof Command c) {
                g.writeStartObject();
                string(g, "commandId", c.commandId());
                string(g, "havipId", c.havipId());
                string(g, "nodeId", c.nodeId());
                g.writeNumberField("epoch", c.epoch());
                string(g, "issuedBy", c.issuedBy());
                string(g, "reason", c.reason());
                if (c instanceof Remap r) {
                    string(g, "previousOwner", r.previousOwner());
                }
                g.writeEndObject();
            } else {
                return false;
            }
            return true;
        }

        /** A command's data; unknown fields are skipped. */
        static Command read(EventType type, byte[] bytes, int offset, int length)
                throws MalformedEventException {
            String commandId = null;
            String havipId = null;
            String nodeId = null;
            long epoch = 0;
            String issuedBy = null;
            String reason = null;
            String previousOwner = null;
            try (JsonParser p = JSON.createParser(bytes, offset, length)) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (field) {
                        case "commandId" -> commandId = string(p, value, field);
                        case "havipId" -> havipId = string(p, value, field);
                        case "nodeId" -> nodeId = string(p, value, field);
                        case "epoch" -> epoch = integer(p, value, field);
                        case "issuedBy" -> issuedBy = string(p, value, field);
                        case "reason" -> reason = string(p, value, field);
                        case "previousOwner" -> previousOwner = string(p, value, field);
                        default -> p.skipChildren();
                    }
                }
            } catch (IOException e) {
                // the envelope was read whole before, so this is a number out of range or the like
                throw new MalformedEventException(firstLine(e.getMessage()));
            }
            return switch (type) {
                case FENCE -> new Fence(commandId, havipId, nodeId, epoch, issuedBy, reason);
                case UNFENCE -> new Unfence(commandId, havipId, nodeId, epoch, issuedBy, reason);
                case REANNOUNCE -> new Reannounce(commandId, havipId, nodeId, epoch, issuedBy, reason);
                case REMAP -> new Remap(commandId, havipId, nodeId, epoch, issuedBy, reason, previousOwner);
                default -> throw new IllegalStateException("not a streamed command type: " + type);
            };
        }

        /** A scalar as text, null for JSON null, "" for an object or array (skipped). */
        static String text(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value.isStructStart()) {
                p.skipChildren();
                return "";
            }
            return p.getText();
        }

        private static String string(JsonParser p, JsonToken value, String field)
                throws IOException, MalformedEventException {
            if (value.isStructStart()) {
                throw new MalformedEventException("field '" + field + "': expected a string, got "
                        + (value == JsonToken.START_OBJECT ? "an object" : "an array"));
            }
            return value == JsonToken.VALUE_NULL ? null : p.getText();
        }

        private static long integer(JsonParser p, JsonToken value, String field)
                throws IOException, MalformedEventException {
            if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                try {
                    return p.getLongValue(); // a fraction is cut, as databind's ACCEPT_FLOAT_AS_INT does
                } catch (IOException e) {
                    throw new MalformedEventException("field '" + field + "': " + firstLine(e.getMessage()));
                }
            }
            if (value == JsonToken.VALUE_STRING) {
                try {
                    return Long.parseLong(p.getText().trim());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new MalformedEventException("field '" + field + "': expected an integer, got "
                    + (value == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : value.isStructStart()
                            ? "a " + (value == JsonToken.START_OBJECT ? "JSON object" : "JSON array")
                            : p.getText()));
        }

        private static void nodeEvent(JsonGenerator g, String havipId, String nodeId, String incarnation,
                long sequence) throws IOException {
            string(g, "havipId", havipId);
            string(g, "nodeId", nodeId);
            string(g, "incarnation", incarnation);
            g.writeNumberField("sequence", sequence);
        }

        private static void checks(JsonGenerator g, List<HealthCheckResult> checks) throws IOException {
            g.writeArrayFieldStart("checks");
            for (HealthCheckResult c : checks) {
                g.writeStartObject();
                string(g, "name", c.name());
                string(g, "kind", c.kind());
                g.writeBooleanField("healthy", c.healthy());
                string(g, "detail", c.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
        }

        private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
            g.writeArrayFieldStart(field);
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }

        private static void string(JsonGenerator g, String field, String value) throws IOException {
            if (value != null) {
                g.writeStringField(field, value);
            }
        }

        private static void name(JsonGenerator g, String field, Enum<?> value) throws IOException {
            if (value != null) {
                g.writeStringField(field, value.name());
            }
        }
    }

    /**
     * Everything that needs Jackson databind, in a class of its own: the JVM loads databind only when
     * this class is first used, not when {@link EventCodec} is loaded or verified.
     */
    private static final class Databind {
        static ObjectMapper newMapper() {
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

        static void write(ObjectMapper mapper, JsonGenerator g, Message data) throws IOException {
            mapper.writeValue(g, data);
        }

        static Message read(ObjectMapper mapper, byte[] bytes, int offset, int length, EventType type)
                throws MalformedEventException {
            try {
                return mapper.readValue(bytes, offset, length, type.recordClass());
            } catch (JsonMappingException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) {
                    throw iae;
                }
                throw new MalformedEventException(describe(e));
            } catch (JsonProcessingException e) {
                throw new MalformedEventException(firstLine(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new MalformedEventException(firstLine(e.getMessage()));
            }
        }

        private static String describe(JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse("");
            String message = firstLine(e.getOriginalMessage());
            return path.isEmpty() ? message : "field '" + path + "': " + message;
        }
    }
}
