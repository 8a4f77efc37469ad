package io.vipwarden.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vipwarden.events.TopicNames;
import io.vipwarden.gateway.auth.Role;
import io.vipwarden.gateway.auth.TokenGrant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the gateway's YAML config. Keys may be written dotted ({@code http.port: 8080}) or nested
 * ({@code http: {port: 8080}}). Every key is checked and every problem is reported at once through
 * {@link InvalidConfigException}; unknown keys are problems too (a typo must not silently fall back to
 * a default).
 */
public final class GatewayConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private GatewayConfigLoader() {
    }

    public static GatewayConfig load(Path file) throws InvalidConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(file + ": cannot read: " + e.getMessage().lines().findFirst()
                    .orElse(e.toString())));
        }
        return fromTree(root == null || root.isMissingNode() || root.isNull() ? YAML.createObjectNode() : root);
    }

    public static GatewayConfig parse(String yaml) throws InvalidConfigException {
        try {
            JsonNode root = YAML.readTree(yaml);
            return fromTree(root == null || root.isMissingNode() || root.isNull() ? YAML.createObjectNode() : root);
        } catch (IOException e) {
            throw new InvalidConfigException(List.of("not YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
    }

    static GatewayConfig fromTree(JsonNode root) throws InvalidConfigException {
        List<String> problems = new ArrayList<>();
        if (!root.isObject()) {
            throw new InvalidConfigException(List.of("the config must be a YAML mapping of keys to values"));
        }
        Map<String, JsonNode> flat = new LinkedHashMap<>();
        flatten("", root, flat);
        Map<String, ConfigKey<?>> declared = new HashMap<>();
        GatewayConfigKeys.ALL.forEach(k -> declared.put(k.name(), k));
        for (String key : flat.keySet()) {
            if (!declared.containsKey(key) && !key.equals(GatewayConfigKeys.AUTH_TOKENS)
                    && !key.equals(GatewayConfigKeys.KAFKA_PROPERTIES)) {
                problems.add(key + ": unknown key");
            }
        }
        Values values = new Values(flat, problems);
        GatewayConfig.Builder b = GatewayConfig.builder()
                .httpHost(values.get(GatewayConfigKeys.HTTP_HOST))
                .httpPort(values.get(GatewayConfigKeys.HTTP_PORT))
                .httpBodyLimitBytes(values.get(GatewayConfigKeys.HTTP_BODY_LIMIT_BYTES))
                .kafkaBootstrapServers(values.get(GatewayConfigKeys.KAFKA_BOOTSTRAP_SERVERS))
                .kafkaClientId(values.get(GatewayConfigKeys.KAFKA_CLIENT_ID))
                .auditDir(Path.of(values.get(GatewayConfigKeys.AUDIT_DIR)))
                .auditFsync(values.get(GatewayConfigKeys.AUDIT_FSYNC))
                .auditQueryDefaultLimit(values.get(GatewayConfigKeys.AUDIT_QUERY_DEFAULT_LIMIT))
                .auditQueryMaxLimit(values.get(GatewayConfigKeys.AUDIT_QUERY_MAX_LIMIT))
                .havipRecentDecisions(values.get(GatewayConfigKeys.HAVIP_RECENT_DECISIONS))
                .nodeEventsLookbackMs(values.get(GatewayConfigKeys.NODE_EVENTS_LOOKBACK_MS))
                .sseKeepaliveMs(values.get(GatewayConfigKeys.SSE_KEEPALIVE_MS))
                .requestsTrackedMax(values.get(GatewayConfigKeys.REQUESTS_TRACKED_MAX))
                .authHealthOpen(values.get(GatewayConfigKeys.AUTH_HEALTH_OPEN))
                .authMetricsOpen(values.get(GatewayConfigKeys.AUTH_METRICS_OPEN))
                .authReadOpen(values.get(GatewayConfigKeys.AUTH_READ_OPEN));
        String prefix = values.get(GatewayConfigKeys.TOPICS_PREFIX);
        b.topics(prefix != null && prefix.matches("[a-zA-Z0-9._-]{1,200}") ? TopicNames.withPrefix(prefix)
                : TopicNames.defaults());
        Integer defaultLimit = values.get(GatewayConfigKeys.AUDIT_QUERY_DEFAULT_LIMIT);
        Integer maxLimit = values.get(GatewayConfigKeys.AUDIT_QUERY_MAX_LIMIT);
        if (defaultLimit != null && maxLimit != null && defaultLimit > maxLimit) {
            problems.add(GatewayConfigKeys.AUDIT_QUERY_DEFAULT_LIMIT.name() + ": must not exceed "
                    + GatewayConfigKeys.AUDIT_QUERY_MAX_LIMIT.name() + " (" + defaultLimit + " > " + maxLimit + ")");
        }
        b.kafkaProperties(kafkaProperties(flat.get(GatewayConfigKeys.KAFKA_PROPERTIES), problems));
        b.tokens(tokens(flat.get(GatewayConfigKeys.AUTH_TOKENS), problems));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return b.build();
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (field.getValue().isObject() && !key.equals(GatewayConfigKeys.KAFKA_PROPERTIES)) {
                flatten(key, field.getValue(), out);
            } else {
                out.put(key, field.getValue());
            }
        }
    }

    private static Map<String, String> kafkaProperties(JsonNode node, List<String> problems) {
        Map<String, String> props = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return props;
        }
        if (!node.isObject()) {
            problems.add(GatewayConfigKeys.KAFKA_PROPERTIES + ": must be a mapping of Kafka client keys to values");
            return props;
        }
        Map<String, JsonNode> flat = new LinkedHashMap<>();
        flatten("", node, flat);
        flat.forEach((k, v) -> {
            if (!v.isValueNode()) {
                problems.add(GatewayConfigKeys.KAFKA_PROPERTIES + "." + k + ": must be a single value");
            } else {
                props.put(k, v.asText());
            }
        });
        return props;
    }

    private static List<TokenGrant> tokens(JsonNode node, List<String> problems) {
        List<TokenGrant> grants = new ArrayList<>();
        if (node == null || node.isNull()) {
            return grants;
        }
        String key = GatewayConfigKeys.AUTH_TOKENS;
        if (!node.isArray()) {
            problems.add(key + ": must be a list of {identity, role, sha256}");
            return grants;
        }
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String at = key + "[" + i + "]";
            if (!item.isObject()) {
                problems.add(at + ": must be a mapping with identity, role and sha256");
                continue;
            }
            String identity = item.path("identity").asText("");
            String role = item.path("role").asText("");
            String hash = item.path("sha256").asText("").toLowerCase(Locale.ROOT);
            boolean ok = true;
            if (identity.isBlank()) {
                problems.add(at + ".identity: required (who the audit trail names for this token)");
                ok = false;
            }
            Role parsedRole = null;
            try {
                parsedRole = Role.valueOf(role.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(at + ".role: must be viewer or operator (got '" + role + "')");
                ok = false;
            }
            if (!hash.matches("[0-9a-f]{64}")) {
                problems.add(at + ".sha256: must be 64 hex digits, the SHA-256 of the token"
                        + " (printf %s \"$TOKEN\" | sha256sum)");
                ok = false;
            } else if (!hashes.add(hash)) {
                problems.add(at + ".sha256: the same token is configured twice");
                ok = false;
            }
            item.fieldNames().forEachRemaining(f -> {
                if (!Set.of("identity", "role", "sha256").contains(f)) {
                    problems.add(at + "." + f + ": unknown key");
                }
            });
            if (ok) {
                grants.add(TokenGrant.of(identity, parsedRole, hash));
            }
        }
        return grants;
    }

    /** The effective configuration as key → value, secrets masked: what start-up logs. */
    public static Map<String, String> describe(GatewayConfig c) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(GatewayConfigKeys.HTTP_HOST.name(), c.httpHost());
        d.put(GatewayConfigKeys.HTTP_PORT.name(), String.valueOf(c.httpPort()));
        d.put(GatewayConfigKeys.HTTP_BODY_LIMIT_BYTES.name(), String.valueOf(c.httpBodyLimitBytes()));
        d.put(GatewayConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), c.kafkaBootstrapServers());
        d.put(GatewayConfigKeys.KAFKA_CLIENT_ID.name(), c.kafkaClientId());
        c.kafkaProperties().forEach((k, v) -> d.put(GatewayConfigKeys.KAFKA_PROPERTIES + "." + k,
                k.matches("(?i).*(password|secret|jaas|key|token|credentials).*") ? "****" : v));
        d.put(GatewayConfigKeys.TOPICS_PREFIX.name(), c.topics().prefix());
        d.put(GatewayConfigKeys.AUDIT_DIR.name(), c.auditDir().toString());
        d.put(GatewayConfigKeys.AUDIT_FSYNC.name(), String.valueOf(c.auditFsync()));
        d.put(GatewayConfigKeys.AUDIT_QUERY_DEFAULT_LIMIT.name(), String.valueOf(c.auditQueryDefaultLimit()));
        d.put(GatewayConfigKeys.AUDIT_QUERY_MAX_LIMIT.name(), String.valueOf(c.auditQueryMaxLimit()));
        d.put(GatewayConfigKeys.HAVIP_RECENT_DECISIONS.name(), String.valueOf(c.havipRecentDecisions()));
        d.put(GatewayConfigKeys.NODE_EVENTS_LOOKBACK_MS.name(), String.valueOf(c.nodeEventsLookbackMs()));
        d.put(GatewayConfigKeys.SSE_KEEPALIVE_MS.name(), String.valueOf(c.sseKeepaliveMs()));
        d.put(GatewayConfigKeys.REQUESTS_TRACKED_MAX.name(), String.valueOf(c.requestsTrackedMax()));
        d.put(GatewayConfigKeys.AUTH_HEALTH_OPEN.name(), String.valueOf(c.authHealthOpen()));
        d.put(GatewayConfigKeys.AUTH_METRICS_OPEN.name(), String.valueOf(c.authMetricsOpen()));
        d.put(GatewayConfigKeys.AUTH_READ_OPEN.name(), String.valueOf(c.authReadOpen()));
        d.put(GatewayConfigKeys.AUTH_TOKENS, c.tokens().stream()
                .map(t -> t.identity() + "(" + t.role().name().toLowerCase(Locale.ROOT) + ", sha256=****)").toList()
                .toString());
        return d;
    }

    /** Parses each declared key, recording a problem (and returning the default) when it is wrong. */
    private record Values(Map<String, JsonNode> flat, List<String> problems) {
        <T> T get(ConfigKey<T> key) {
            JsonNode node = flat.get(key.name());
            if (node == null || node.isNull()) {
                return key.defaultValue();
            }
            T value = convert(key, node);
            if (value == null) {
                problems.add(key.name() + ": must be " + typeName(key.type()) + " (got '" + node.asText() + "')");
                return key.defaultValue();
            }
            String problem = key.check().apply(value);
            if (problem != null) {
                problems.add(key.name() + ": " + problem + " (got " + (key.secret() ? "****" : value) + ")");
                return key.defaultValue();
            }
            return value;
        }

        private static <T> T convert(ConfigKey<T> key, JsonNode node) {
            Class<T> type = key.type();
            if (!node.isValueNode()) {
                return null;
            }
            String text = node.asText().trim();
            try {
                if (type == String.class) {
                    return type.cast(node.asText());
                } else if (type == Integer.class) {
                    return type.cast(Integer.valueOf(text));
                } else if (type == Long.class) {
                    return type.cast(Long.valueOf(text));
                } else if (type == Boolean.class) {
                    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                        return type.cast(Boolean.valueOf(text));
                    }
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
            return null;
        }

        private static String typeName(Class<?> type) {
            if (type == Integer.class || type == Long.class) {
                return "a whole number";
            }
            return type == Boolean.class ? "true or false" : "text";
        }
    }
}
