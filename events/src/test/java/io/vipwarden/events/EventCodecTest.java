package io.vipwarden.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
