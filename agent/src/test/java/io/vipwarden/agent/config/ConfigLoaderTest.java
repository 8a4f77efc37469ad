package io.vipwarden.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private AgentConfig load(String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, env::get);
    }

    @Test
    void shouldLoadTheDocumentedExampleWithDefaults() throws Exception {
        Path example = Path.of("src/main/resources/agent-example.yaml");
        AgentConfig c = ConfigLoader.load(example, Map.of("VIPWARDEN_KAFKA_PASSWORD", "s3cret")::get);
        assertEquals("node-a", c.nodeId());
        assertEquals(1000, c.heartbeatIntervalMs());
        assertEquals(5000, c.statePollIntervalMs());
        assertEquals("127.0.0.1", c.httpBindAddress());
        assertEquals(1, c.havips().size());
        assertFalse(c.havips().get(0).checks().isEmpty());
        String described = ConfigLoader.describe(c);
        assertFalse(described.contains("s3cret"), "secrets are masked: " + described);
        assertTrue(described.contains("sasl.jaas.config=******"), described);
    }

    @Test
    void shouldApplyDefaultsAndPassKafkaKeysThroughUnrenamed() throws Exception {
        AgentConfig c = load("""
                node.id: n1
                kafka:
                  bootstrap.servers: 127.0.0.1:9092
                  delivery.timeout.ms: 5000
                havips:
                  - id: havip-1
                    vrrp.instance: VI_1
                    fence.track-file.path: /tmp/fence
                """, Map.of());
        assertEquals(Map.of("bootstrap.servers", "127.0.0.1:9092", "delivery.timeout.ms", "5000"), c.kafka());
        assertEquals(1000, c.heartbeatIntervalMs());
        assertEquals(16L * 1024 * 1024, c.spoolMaxBytes());
        assertEquals(36, c.jsonSignal());
        assertEquals(Path.of("/tmp/fence"), c.havips().get(0).fenceTrackFile());
        assertEquals(null, c.notifyFifo());
    }

    @Test
    void shouldListEveryProblemAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                heartbeat.interval.ms: fast
                spool.max.bytes: 10
                http.port: 70000
                hearbeat.interval.ms: 5
                kafka:
                  acks: all
                havips:
                  - id: "bad id!"
                    vip: 300.1.1.1
                    vswitch.cidr: nonsense
                    checks:
                      - name: web
                        type: gopher
                      - name: exec1
                        type: exec
                        interval.ms: 100
                        timeout.ms: 500
                """, Map.of()));
        List<String> p = e.problems();
        String all = String.join("\n", p);
        assertTrue(all.contains("node.id: required"), all);
        assertTrue(all.contains("heartbeat.interval.ms: must be a whole number, got 'fast'"), all);
        assertTrue(all.contains("spool.max.bytes: must be in"), all);
        assertTrue(all.contains("http.port: must be in [0, 65535], got 70000"), all);
        assertTrue(all.contains("hearbeat.interval.ms: unknown key"), all);
        assertTrue(all.contains("kafka: must contain bootstrap.servers"), all);
        assertTrue(all.contains("havips[0].id: must be"), all);
        assertTrue(all.contains("havips[0].vip: must be an IPv4 address"), all);
        assertTrue(all.contains("havips[0].vswitch.cidr: must be an IPv4 CIDR"), all);
        assertTrue(all.contains("havips[0].checks[0].type: must be one of"), all);
        assertTrue(all.contains("havips[0].checks[1].command: an exec check needs a command"), all);
        assertTrue(all.contains("havips[0].checks[1].timeout.ms: must not exceed interval.ms"), all);
        assertTrue(p.size() >= 12, all);
    }

    @Test
    void shouldReadSecretsFromTheEnvironmentAndFiles() throws Exception {
        Path secret = dir.resolve("jaas");
        Files.writeString(secret, "org.apache.kafka.common.security.plain.PlainLoginModule required;\n");
        AgentConfig c = load("""
                node.id: n1
                kafka:
                  bootstrap.servers: ${env:BROKERS}
                  sasl.jaas.config: ${file:%s}
                havips:
                  - id: h1
                    vip: 192.0.2.10
                """.formatted(secret), Map.of("BROKERS", "127.0.0.1:1"));
        assertEquals("127.0.0.1:1", c.kafka().get("bootstrap.servers"));
        assertTrue(c.kafka().get("sasl.jaas.config").startsWith("org.apache.kafka"));
        ConfigException missing = assertThrows(ConfigException.class, () -> load("""
                node.id: n1
                kafka: {bootstrap.servers: "${env:NOPE}"}
                havips: [{id: h1, vip: 192.0.2.10}]
                """, Map.of()));
        assertTrue(missing.problems().get(0).contains("environment variable NOPE is not set"), missing.getMessage());
    }

    @Test
    void shouldReportAnUnreadableFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("missing.yaml")));
        assertTrue(e.getMessage().contains("cannot read"));
    }
}
