package io.vipwarden.gateway.config;

import io.vipwarden.events.TopicNames;
import io.vipwarden.gateway.auth.TokenGrant;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The gateway's effective configuration, immutable. Read from YAML by {@link GatewayConfigLoader}
 * (which validates every key and reports every problem at once) or built in code with
 * {@link #builder()} (the sandbox and the tests do that).
 *
 * @param kafkaProperties Kafka client settings passed through unrenamed (e.g. {@code security.protocol})
 */
public record GatewayConfig(
        String httpHost,
        int httpPort,
        long httpBodyLimitBytes,
        String kafkaBootstrapServers,
        String kafkaClientId,
        Map<String, String> kafkaProperties,
        TopicNames topics,
        Path auditDir,
        boolean auditFsync,
        int auditQueryDefaultLimit,
        int auditQueryMaxLimit,
        int havipRecentDecisions,
        long nodeEventsLookbackMs,
        long sseKeepaliveMs,
        int requestsTrackedMax,
        boolean authHealthOpen,
        boolean authMetricsOpen,
        boolean authReadOpen,
        List<TokenGrant> tokens) {

    public GatewayConfig {
        kafkaProperties = Map.copyOf(kafkaProperties);
        tokens = List.copyOf(tokens);
    }

    /** The effective values with secrets masked: a config printed by accident leaks nothing. */
    @Override
    public String toString() {
        return "GatewayConfig" + GatewayConfigLoader.describe(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.httpHost = httpHost;
        b.httpPort = httpPort;
        b.httpBodyLimitBytes = httpBodyLimitBytes;
        b.kafkaBootstrapServers = kafkaBootstrapServers;
        b.kafkaClientId = kafkaClientId;
        b.kafkaProperties = kafkaProperties;
        b.topics = topics;
        b.auditDir = auditDir;
        b.auditFsync = auditFsync;
        b.auditQueryDefaultLimit = auditQueryDefaultLimit;
        b.auditQueryMaxLimit = auditQueryMaxLimit;
        b.havipRecentDecisions = havipRecentDecisions;
        b.nodeEventsLookbackMs = nodeEventsLookbackMs;
        b.sseKeepaliveMs = sseKeepaliveMs;
        b.requestsTrackedMax = requestsTrackedMax;
        b.authHealthOpen = authHealthOpen;
        b.authMetricsOpen = authMetricsOpen;
        b.authReadOpen = authReadOpen;
        b.tokens = tokens;
        return b;
    }

    /** Starts from the declared defaults of {@link GatewayConfigKeys}. */
    public static final class Builder {
        private String httpHost = GatewayConfigKeys.HTTP_HOST.defaultValue();
        private int httpPort = GatewayConfigKeys.HTTP_PORT.defaultValue();
        private long httpBodyLimitBytes = GatewayConfigKeys.HTTP_BODY_LIMIT_BYTES.defaultValue();
        private String kafkaBootstrapServers = GatewayConfigKeys.KAFKA_BOOTSTRAP_SERVERS.defaultValue();
        private String kafkaClientId = GatewayConfigKeys.KAFKA_CLIENT_ID.defaultValue();
        private Map<String, String> kafkaProperties = Map.of();
        private TopicNames topics = TopicNames.defaults();
        private Path auditDir = Path.of(GatewayConfigKeys.AUDIT_DIR.defaultValue());
        private boolean auditFsync = GatewayConfigKeys.AUDIT_FSYNC.defaultValue();
        private int auditQueryDefaultLimit = GatewayConfigKeys.AUDIT_QUERY_DEFAULT_LIMIT.defaultValue();
        private int auditQueryMaxLimit = GatewayConfigKeys.AUDIT_QUERY_MAX_LIMIT.defaultValue();
        private int havipRecentDecisions = GatewayConfigKeys.HAVIP_RECENT_DECISIONS.defaultValue();
        private long nodeEventsLookbackMs = GatewayConfigKeys.NODE_EVENTS_LOOKBACK_MS.defaultValue();
        private long sseKeepaliveMs = GatewayConfigKeys.SSE_KEEPALIVE_MS.defaultValue();
        private int requestsTrackedMax = GatewayConfigKeys.REQUESTS_TRACKED_MAX.defaultValue();
        private boolean authHealthOpen = GatewayConfigKeys.AUTH_HEALTH_OPEN.defaultValue();
        private boolean authMetricsOpen = GatewayConfigKeys.AUTH_METRICS_OPEN.defaultValue();
        private boolean authReadOpen = GatewayConfigKeys.AUTH_READ_OPEN.defaultValue();
        private List<TokenGrant> tokens = List.of();

        public Builder httpHost(String v) { httpHost = v; return this; }
        public Builder httpPort(int v) { httpPort = v; return this; }
        public Builder httpBodyLimitBytes(long v) { httpBodyLimitBytes = v; return this; }
        public Builder kafkaBootstrapServers(String v) { kafkaBootstrapServers = v; return this; }
        public Builder kafkaClientId(String v) { kafkaClientId = v; return this; }
        public Builder kafkaProperties(Map<String, String> v) { kafkaProperties = v; return this; }
        public Builder topics(TopicNames v) { topics = v; return this; }
        public Builder auditDir(Path v) { auditDir = v; return this; }
        public Builder auditFsync(boolean v) { auditFsync = v; return this; }
        public Builder auditQueryDefaultLimit(int v) { auditQueryDefaultLimit = v; return this; }
        public Builder auditQueryMaxLimit(int v) { auditQueryMaxLimit = v; return this; }
        public Builder havipRecentDecisions(int v) { havipRecentDecisions = v; return this; }
        public Builder nodeEventsLookbackMs(long v) { nodeEventsLookbackMs = v; return this; }
        public Builder sseKeepaliveMs(long v) { sseKeepaliveMs = v; return this; }
        public Builder requestsTrackedMax(int v) { requestsTrackedMax = v; return this; }
        public Builder authHealthOpen(boolean v) { authHealthOpen = v; return this; }
        public Builder authMetricsOpen(boolean v) { authMetricsOpen = v; return this; }
        public Builder authReadOpen(boolean v) { authReadOpen = v; return this; }
        public Builder tokens(List<TokenGrant> v) { tokens = v; return this; }

        public GatewayConfig build() {
            return new GatewayConfig(httpHost, httpPort, httpBodyLimitBytes, kafkaBootstrapServers, kafkaClientId,
                    kafkaProperties, topics, auditDir, auditFsync, auditQueryDefaultLimit, auditQueryMaxLimit,
                    havipRecentDecisions, nodeEventsLookbackMs, sseKeepaliveMs, requestsTrackedMax, authHealthOpen,
                    authMetricsOpen, authReadOpen, tokens);
        }
    }
}
