package io.vipwarden.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {
    private final EventCodec codec = new EventCodec();
    private final Clock clock = Clock.fixed(SampleMessages.AT, ZoneOffset.UTC);

    static java.util.List<Message> samples() {
        return SampleMessages.all();
    }

    @Test
    void shouldHaveASampleForEveryType() {
        Set<EventType> covered = SampleMessages.all().stream().map(EventType::of).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(EventType.class), covered);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldRoundTripEveryMessageType(Message message) throws Exception {
        Envelope envelope = Envelope.wrap("/vipwarden/test", message, clock);
        Envelope back = codec.decode(codec.encode(envelope));
        assertEquals(envelope, back);
        assertEquals(message, back.data());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldWriteDataThatValidatesAgainstItsJsonSchema(Message message) throws Exception {
        Envelope envelope = Envelope.wrap("/vipwarden/test", message, clock);
        JsonNode root = codec.mapper().readTree(codec.encode(envelope));
        assertValid("envelope", root);
        assertValid(EventType.of(message).schemaName(), root.get("data"));
        assertEquals("1.0", root.get("specversion").asText());
        assertEquals(EventType.of(message).ceType(), root.get("type").asText());
        assertEquals(message.key(), root.get("subject").asText());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldRejectDataMissingARequiredFieldBothInSchemaAndCodec(Message message) throws Exception {
        EventType type = EventType.of(message);
        JsonNode schema = readSchema(type.schemaName());
        String required = schema.get("required").get(0).asText();
        ObjectNode root = (ObjectNode) codec.mapper().readTree(codec.encode(Envelope.wrap("/t", message, clock)));
        ((ObjectNode) root.get("data")).remove(required);
        assertTrue(!schemaFor(type.schemaName()).validate(root.get("data")).isEmpty(),
                "schema of " + type + " should require " + required);
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> codec.decode(codec.mapper().writeValueAsBytes(root)));
        assertTrue(e.getMessage().contains(required), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldWriteEveryTypeAsDatabindWritesIt(Message message) throws Exception {
        // the streamed types must not drift from their databind form: same bytes, field for field
        Envelope envelope = Envelope.wrap("/vipwarden/test", message, clock);
        ObjectMapper mapper = codec.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("specversion", EventCodec.SPEC_VERSION);
        root.put("id", envelope.id());
        root.put("source", envelope.source());
        root.put("type", envelope.type().ceType());
        root.put("time", envelope.time().toString());
        root.put("subject", envelope.subject());
        root.put("datacontenttype", "application/json");
        root.put("dataschema", envelope.type().dataSchemaUri());
        root.put("schemaversion", envelope.schemaVersion());
        root.set("data", mapper.valueToTree(message));
        assertEquals(new String(mapper.writeValueAsBytes(root), StandardCharsets.UTF_8),
                new String(codec.encode(envelope), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("samplesWithNulls")
    void shouldWriteNullFieldsOfStreamedTypesAsDatabindDoes(Message message) throws Exception {
        Envelope envelope = Envelope.wrap("/vipwarden/test", message, clock);
        JsonNode data = codec.mapper().readTree(codec.encode(envelope)).get("data");
        assertEquals(codec.mapper().valueToTree(message).toString(), data.toString());
        assertEquals(message, codec.decode(codec.encode(envelope)).data());
    }

    static java.util.List<Message> samplesWithNulls() {
        return java.util.List.of(
                new Heartbeat("h", "n", "i", 1, null, null, VrrpState.BACKUP, 0, null, false, null, false, 0),
                new VrrpTransition("h", "n", "i", 2, null, VrrpTransition.Kind.GROUP, "G", VrrpState.UNKNOWN,
                        VrrpState.FAULT, 0, VrrpTransition.Source.PROCESS),
                new HealthChange("h", "n", "i", 3, true, java.util.List.of(new HealthCheckResult("c", "tcp", true, null))),
                new ConfigReport("h", "n", "i", 4, null, null, null, null, 0, 0, null, null, null,
                        java.util.List.of(new LintFinding("r", LintFinding.Severity.INFO, null, 0, "m", null))),
                new CommandResult("h", "n", "i", 5, "c", EventType.REMAP, 0, CommandResult.Outcome.FAILED, null),
                new Fence("c", "h", "n", 0, null, null),
                new Remap("c", "h", "n", 3, null, null, null));
    }

    @Test
    void shouldReadCommandsAsDatabindReadsThem() throws Exception {
        // the streamed command reader takes what databind takes: unknown fields, numbers as strings,
        // scalars for strings, fields in any order
        String data = "{\"epoch\":\"12\",\"extra\":{\"a\":[1,{\"b\":2}]},\"commandId\":7,\"havipId\":\"h\","
                + "\"nodeId\":\"n\",\"issuedBy\":true,\"reason\":null,\"previousOwner\":\"p\"}";
        for (EventType type : java.util.List.of(EventType.FENCE, EventType.UNFENCE, EventType.REANNOUNCE,
                EventType.REMAP)) {
            Message expected = codec.mapper().readValue(data, type.recordClass());
            Envelope read = codec.decode(envelope(type, data));
            assertEquals(expected, read.data(), type.toString());
        }
        assertEquals(7L, ((Fence) codec.decode(envelope(EventType.FENCE,
                "{\"commandId\":\"c\",\"havipId\":\"h\",\"nodeId\":\"n\",\"epoch\":7.9}")).data()).epoch());
    }

    @Test
    void shouldExplainMalformedCommandData() {
        String fence = "io.vipwarden.command.fence";
        assertReason("invalid data for " + fence + ": field 'epoch': expected an integer, got \"many\"",
                new String(envelope(EventType.FENCE,
                        "{\"commandId\":\"c\",\"havipId\":\"h\",\"nodeId\":\"n\",\"epoch\":\"many\"}"),
                        StandardCharsets.UTF_8));
        assertReason("field 'epoch': expected an integer, got false", new String(envelope(EventType.FENCE,
                "{\"commandId\":\"c\",\"havipId\":\"h\",\"nodeId\":\"n\",\"epoch\":false}"), StandardCharsets.UTF_8));
        assertReason("field 'epoch': ", new String(envelope(EventType.FENCE,
                "{\"commandId\":\"c\",\"havipId\":\"h\",\"nodeId\":\"n\",\"epoch\":123456789012345678901234}"),
                StandardCharsets.UTF_8));
        assertReason("field 'commandId': expected a string, got an object", new String(envelope(EventType.FENCE,
                "{\"commandId\":{},\"havipId\":\"h\",\"nodeId\":\"n\",\"epoch\":1}"), StandardCharsets.UTF_8));
        assertReason("invalid data for " + fence + ": field 'commandId' is required", new String(envelope(
                EventType.FENCE, "{\"havipId\":\"h\",\"nodeId\":\"n\",\"epoch\":1}"), StandardCharsets.UTF_8));
        assertReason("field 'epoch' must be >= 0, got -1", new String(envelope(EventType.FENCE,
                "{\"commandId\":\"c\",\"havipId\":\"h\",\"nodeId\":\"n\",\"epoch\":-1}"), StandardCharsets.UTF_8));
        assertReason("attribute 'data' is missing or not an object", "{\"specversion\":\"1.0\",\"schemaversion\":"
                + "\"1.0\",\"type\":\"" + fence + "\",\"id\":\"1\",\"source\":\"/s\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"data\":[1]}");
        assertReason("not JSON", "[1,");
    }

    private static byte[] envelope(EventType type, String data) {
        return ("{\"specversion\":\"1.0\",\"schemaversion\":\"1.0\",\"type\":\"" + type.ceType()
                + "\",\"id\":\"1\",\"source\":\"/s\",\"time\":\"2026-01-01T00:00:00Z\",\"data\":" + data + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldIgnoreUnknownFieldsAndUnknownEnumValues() throws Exception {
        Message heartbeat = SampleMessages.all().get(0);
        ObjectNode root = (ObjectNode) codec.mapper().readTree(codec.encode(Envelope.wrap("/t", heartbeat, clock)));
        root.put("someextension", "x");
        root.put("schemaversion", "1.7");
        ObjectNode data = (ObjectNode) root.get("data");
        data.put("addedInMinor7", 42);
        data.put("vrrpState", "SOME_FUTURE_STATE");
        Envelope read = codec.decode(codec.mapper().writeValueAsBytes(root));
        assertEquals(VrrpState.UNKNOWN, read.dataAs(Heartbeat.class).vrrpState());
        assertEquals("1.7", read.schemaVersion());
    }

    @Test
    void shouldRefuseAnUnknownMajorVersionNamingIt() throws Exception {
        ObjectNode root = (ObjectNode) codec.mapper()
                .readTree(codec.encode(Envelope.wrap("/t", SampleMessages.all().get(0), clock)));
        root.put("schemaversion", "2.0");
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> codec.decode(codec.mapper().writeValueAsBytes(root)));
        assertTrue(e.getMessage().contains("unknown major schema version 2"), e.getMessage());
    }

    @Test
    void shouldExplainEveryKindOfMalformedRecord() {
        assertReason("not JSON", "{\"specversion\":");
        assertReason("not a JSON object", "[1,2]");
        assertReason("empty record value", "");
        assertReason("unsupported CloudEvents specversion", "{\"specversion\":\"0.3\"}");
        assertReason("missing CloudEvents attribute 'schemaversion'", "{\"specversion\":\"1.0\"}");
        assertReason("unknown event type 'com.example.other'",
                "{\"specversion\":\"1.0\",\"schemaversion\":\"1.0\",\"type\":\"com.example.other\"}");
        assertReason("'time' is not an RFC 3339 timestamp",
                "{\"specversion\":\"1.0\",\"schemaversion\":\"1.0\",\"type\":\"io.vipwarden.audit\",\"id\":\"1\","
                        + "\"source\":\"/s\",\"time\":\"yesterday\",\"data\":{}}");
        assertReason("field 'sequence': ",
                "{\"specversion\":\"1.0\",\"schemaversion\":\"1.0\",\"type\":\"io.vipwarden.node.heartbeat\",\"id\":\"1\","
                        + "\"source\":\"/s\",\"time\":\"2026-01-01T00:00:00Z\",\"data\":{\"havipId\":\"h\",\"nodeId\":\"n\","
                        + "\"incarnation\":\"i\",\"sequence\":\"many\"}}");
    }

    private void assertReason(String expected, String json) {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private void assertValid(String schemaName, JsonNode node) {
        Set<ValidationMessage> errors = schemaFor(schemaName).validate(node);
        assertTrue(errors.isEmpty(), schemaName + ": " + errors);
    }

    private JsonSchema schemaFor(String schemaName) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(readSchema(schemaName));
    }

    private JsonNode readSchema(String schemaName) {
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("schemas/" + schemaName + ".schema.json")) {
            if (in == null) {
                throw new AssertionError("no schema file for " + schemaName);
            }
            return codec.mapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
