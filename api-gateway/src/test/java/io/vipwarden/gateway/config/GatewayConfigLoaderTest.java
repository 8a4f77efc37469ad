package io.vipwarden.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.gateway.auth.Role;
import io.vipwarden.gateway.auth.TokenAuthenticator;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayConfigLoaderTest {
    private static final String HASH = TokenAuthenticator.sha256Hex("secret-token");

    @Test
    void shouldUseEveryDefaultForAnEmptyConfig() throws Exception {
        GatewayConfig c = GatewayConfigLoader.parse("");
        assertEquals("127.0.0.1", c.httpHost());
        assertEquals(8080, c.httpPort());
        assertEquals("vipwarden.audit", c.topics().audit());
        assertTrue(c.authMetricsOpen());
        assertFalse(c.authReadOpen());
        assertTrue(c.tokens().isEmpty());
    }

    @Test
    void shouldReadDottedAndNestedKeysTokensAndKafkaPassThrough() throws Exception {
        GatewayConfig c = GatewayConfigLoader.parse("""
                http:
                  port: 9090
                kafka.bootstrap.servers: 127.0.0.1:9092,127.0.0.1:9093
                kafka:
                  properties:
                    security.protocol: SASL_SSL
                    sasl.jaas.config: "org.apache...PlainLoginModule required password=hunter2;"
                topics.prefix: prod
                auth:
                  read.open: true
                  tokens:
                    - identity: alice
                      role: operator
                      sha256: %s
                """.formatted(HASH.toUpperCase()));
        assertEquals(9090, c.httpPort());
        assertEquals("prod.havip-state", c.topics().havipState());
        assertEquals("SASL_SSL", c.kafkaProperties().get("security.protocol"));
        assertTrue(c.authReadOpen());
        assertEquals("alice", c.tokens().get(0).identity());
        assertEquals(Role.OPERATOR, c.tokens().get(0).role());
        String described = GatewayConfigLoader.describe(c).toString();
        assertFalse(described.contains("hunter2"), described);
        assertFalse(described.contains(HASH), described);
        assertTrue(described.contains("alice(operator"), described);
        assertFalse(c.toString().contains("hunter2"), c.toString());
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> GatewayConfigLoader.parse("""
                http.port: 70000
                http.body.limit.bytes: lots
                kafka.bootstrap.servers: nohostport
                topics.prefix: "bad prefix"
                audit.query.default.limit: 500
                audit.query.max.limit: 100
                auth.metrics.open: maybe
                htpp.host: typo
                auth.tokens:
                  - identity: ""
                    role: admin
                    sha256: abc
                  - identity: bob
                    role: viewer
                    sha256: %s
                  - identity: carol
                    role: viewer
                    sha256: %s
                """.formatted(HASH, HASH)));
        List<String> p = e.problems();
        String all = String.join("\n", p);
        for (String key : List.of("http.port", "http.body.limit.bytes", "kafka.bootstrap.servers", "topics.prefix",
                "audit.query.default.limit", "auth.metrics.open", "htpp.host: unknown key",
                "auth.tokens[0].identity", "auth.tokens[0].role", "auth.tokens[0].sha256",
                "auth.tokens[2].sha256: the same token")) {
            assertTrue(all.contains(key), key + " missing from:\n" + all);
        }
        assertEquals(11, p.size(), all);
    }

    @Test
    void shouldDocumentEveryKeyInTheReadme() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        for (ConfigKey<?> key : GatewayConfigKeys.ALL) {
            assertTrue(readme.contains("| `" + key.name() + "` |"), key.name() + " is missing from README.md");
        }
        assertTrue(readme.contains("| `" + GatewayConfigKeys.AUTH_TOKENS + "` |"));
        assertTrue(readme.contains("| `" + GatewayConfigKeys.KAFKA_PROPERTIES + "` |"));
    }
}
