package io.vipwarden.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON or YAML document read with jackson-core's streaming parser into plain Java values: maps
 * (in document order, a repeated key keeps its last value), lists, strings, numbers (Integer, Long,
 * BigInteger, Double), booleans and null, as Jackson databind's untyped reading gives them. The agent's
 * configuration and keepalived's JSON dump are read this way, so the running agent never loads
 * databind (BENCHMARKS.md, agent-footprint).
 */
public final class PlainTree {
    private PlainTree() {
    }

    /** The next value of the parser, or null when the document is empty. */
    public static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        return token == null ? null : value(parser, token);
    }

    private static Object value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String key = p.currentName();
                    map.put(key, value(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(value(p, t));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            case VALUE_EMBEDDED_OBJECT -> {
                return p.getEmbeddedObject();
            }
            default -> throw new IOException("unexpected " + token + " at " + p.currentLocation());
        }
    }
}
