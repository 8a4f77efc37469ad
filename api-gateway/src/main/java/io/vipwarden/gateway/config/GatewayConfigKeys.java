package io.vipwarden.gateway.config;

import java.util.List;

/** Every setting the gateway reads, declared once with its default, unit and check. */
public final class GatewayConfigKeys {
    private GatewayConfigKeys() {
    }

    public static final ConfigKey<String> HTTP_HOST = ConfigKey.of("http.host", String.class, "127.0.0.1",
            "Address the HTTP server binds to. Keep 127.0.0.1 unless a proxy with TLS sits in front.",
            v -> v.isBlank() ? "must not be blank" : null);
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of("http.port", Integer.class, 8080,
            "TCP port of the HTTP server (0: any free port).", v -> v < 0 || v > 65535 ? "must be 0-65535" : null);
    public static final ConfigKey<Long> HTTP_BODY_LIMIT_BYTES = ConfigKey.of("http.body.limit.bytes", Long.class,
            16384L, "Largest request body accepted; larger bodies get 413.",
            v -> v < 256 || v > 10_485_760 ? "must be 256-10485760" : null);
    public static final ConfigKey<String> KAFKA_BOOTSTRAP_SERVERS = ConfigKey.of("kafka.bootstrap.servers",
            String.class, "127.0.0.1:9092", "Kafka brokers, host:port[,host:port...].",
            v -> v.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*") ? null : "must be host:port[,host:port...]");
    public static final ConfigKey<String> KAFKA_CLIENT_ID = ConfigKey.of("kafka.client.id", String.class,
            "vipwarden-gateway", "Kafka client id prefix of this gateway's producer and consumers.",
            v -> v.isBlank() ? "must not be blank" : null);
    public static final ConfigKey<String> TOPICS_PREFIX = ConfigKey.of("topics.prefix", String.class, "vipwarden",
            "Prefix of every vipwarden topic (<prefix>.audit, <prefix>.havip-state, ...).",
            v -> v.matches("[a-zA-Z0-9._-]{1,200}") ? null : "must be 1-200 of letters, digits, '.', '_', '-'");
    public static final ConfigKey<String> AUDIT_DIR = ConfigKey.of("audit.dir", String.class,
            "vipwarden-data/gateway", "Directory of the local audit index (rebuilt from the audit topic if deleted).",
            v -> v.isBlank() ? "must not be blank" : null);
    public static final ConfigKey<Boolean> AUDIT_FSYNC = ConfigKey.of("audit.fsync", Boolean.class, true,
            "fsync the local audit log after every batch read from Kafka.", null);
    public static final ConfigKey<Integer> AUDIT_QUERY_DEFAULT_LIMIT = ConfigKey.of("audit.query.default.limit",
            Integer.class, 100, "Events per page of /api/v1/audit when no limit is given.",
            v -> v < 1 || v > 100_000 ? "must be 1-100000" : null);
    public static final ConfigKey<Integer> AUDIT_QUERY_MAX_LIMIT = ConfigKey.of("audit.query.max.limit",
            Integer.class, 10_000, "Largest limit /api/v1/audit accepts.",
            v -> v < 1 || v > 1_000_000 ? "must be 1-1000000" : null);
    public static final ConfigKey<Integer> HAVIP_RECENT_DECISIONS = ConfigKey.of("havip.recent.decisions",
            Integer.class, 10, "How many recent audit decisions /api/v1/havips/{id} shows.",
            v -> v < 0 || v > 1000 ? "must be 0-1000" : null);
    public static final ConfigKey<Long> NODE_EVENTS_LOOKBACK_MS = ConfigKey.of("node.events.lookback.ms",
            Long.class, 600_000L, "At start, how far back node-events are read to learn the nodes (ms).",
            v -> v < 0 ? "must be >= 0" : null);
    public static final ConfigKey<Long> SSE_KEEPALIVE_MS = ConfigKey.of("sse.keepalive.ms", Long.class, 15_000L,
            "Interval of SSE keep-alive comments, so proxies do not cut idle streams (ms).",
            v -> v < 100 ? "must be >= 100" : null);
    public static final ConfigKey<Integer> REQUESTS_TRACKED_MAX = ConfigKey.of("requests.tracked.max",
            Integer.class, 10_000, "How many operator requests /api/v1/requests/{id} remembers (oldest dropped).",
            v -> v < 1 ? "must be >= 1" : null);
    public static final ConfigKey<Boolean> AUTH_HEALTH_OPEN = ConfigKey.of("auth.health.open", Boolean.class, true,
            "Whether /healthz and /readyz answer without a token.", null);
    public static final ConfigKey<Boolean> AUTH_METRICS_OPEN = ConfigKey.of("auth.metrics.open", Boolean.class,
            true, "Whether /metrics answers without a token.", null);
    public static final ConfigKey<Boolean> AUTH_READ_OPEN = ConfigKey.of("auth.read.open", Boolean.class, false,
            "Whether the read API (/api/v1 GETs, live events) answers without a viewer token.", null);

    /** The list key of tokens: each item has identity, role (viewer|operator) and sha256 (64 hex digits). */
    public static final String AUTH_TOKENS = "auth.tokens";
    /** Kafka client settings passed through unrenamed. */
    public static final String KAFKA_PROPERTIES = "kafka.properties";

    public static final List<ConfigKey<?>> ALL = List.of(HTTP_HOST, HTTP_PORT, HTTP_BODY_LIMIT_BYTES,
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_CLIENT_ID, TOPICS_PREFIX, AUDIT_DIR, AUDIT_FSYNC, AUDIT_QUERY_DEFAULT_LIMIT,
            AUDIT_QUERY_MAX_LIMIT, HAVIP_RECENT_DECISIONS, NODE_EVENTS_LOOKBACK_MS, SSE_KEEPALIVE_MS,
            REQUESTS_TRACKED_MAX, AUTH_HEALTH_OPEN, AUTH_METRICS_OPEN, AUTH_READ_OPEN);
}
