package io.vipwarden.coordinator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.coordinator.CoordinatorMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CoordinatorConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldUseTheDeclaredDefaultsForAnEmptyFile() throws Exception {
        Path file = Files.writeString(dir.resolve("empty.yaml"), "");
        CoordinatorConfig c = CoordinatorConfig.load(file);
        assertEquals("coordinator-1", c.memberId());
        assertEquals(Duration.ofMillis(5000), c.reconcileInterval());
        assertEquals(Duration.ofSeconds(1), c.engine().heartbeatInterval());
        assertEquals(3, c.engine().missedHeartbeats());
        assertEquals(2, c.cluster().quorumSize());
        assertEquals("vipwarden.node-events", c.topics().nodeEvents());
    }

    @Test
    void shouldReadNestedAndDottedKeysAndPassLibraryKeysThrough() throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), """
                member.id: c7
                cluster:
                  port: 5702
                  members: [127.0.0.1:5701, 127.0.0.1:5702, 127.0.0.1:5703]
                heartbeat.interval.ms: 500
                hazelcast.max.no.heartbeat.seconds: 5
                kafka:
                  consumer:
                    session.timeout.ms: 9000
                  producer.linger.ms: 5
                cloud:
                  provider: alibaba
                  alibaba.endpoint: 127.0.0.1:18080
                """);
        CoordinatorConfig c = CoordinatorConfig.load(file);
        assertEquals("c7", c.memberId());
        assertEquals(5702, c.cluster().port());
        assertEquals(3, c.cluster().members().size());
        assertEquals(Duration.ofMillis(500), c.engine().heartbeatInterval());
        assertEquals(Map.of("hazelcast.max.no.heartbeat.seconds", "5"), c.cluster().properties());
        assertEquals(Map.of("session.timeout.ms", "9000"), c.kafkaConsumer());
        assertEquals(Map.of("linger.ms", "5"), c.kafkaProducer());
        assertEquals("alibaba", c.cloudProvider());
        assertEquals(Map.of("alibaba.endpoint", "127.0.0.1:18080"), c.cloud());
    }

    @Test
    void shouldListEveryProblemAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> CoordinatorConfig.fromMap(Map.of(
                "heartbeat.interval.ms", "soon",
                "reconcile.interval.ms", 5,
                "cluster.members", List.of("127.0.0.1:5701", "nohost"),
                "cloud.provider", "aws",
                "colour", "blue")));
        List<String> p = e.problems();
        assertTrue(p.stream().anyMatch(s -> s.startsWith("heartbeat.interval.ms: must be a whole number of ms, got 'soon'")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("reconcile.interval.ms: must be between 100 and 3600000 ms, got 5")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("cluster.members: 'nohost' is not host:port")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("cloud.provider: must be one of")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("colour: unknown key")), p.toString());
        assertEquals(5, p.size(), p.toString());
    }

    @Test
    void shouldRequireTheMemberItselfInTheMemberList() {
        ConfigException e = assertThrows(ConfigException.class, () -> CoordinatorConfig.fromMap(Map.of(
                "cluster.port", 5799)));
        assertTrue(e.problems().get(0).contains("must contain this member's own cluster.host:cluster.port (127.0.0.1:5799)"));
    }

    @Test
    void shouldMaskSecretsInTheEffectiveConfig() throws Exception {
        CoordinatorConfig c = CoordinatorConfig.fromMap(Map.of("kafka.producer.sasl.jaas.config", "user pass",
                "cloud.alibaba.access.key.secret", "s3cr3t"));
        assertEquals("******", c.effective().get("kafka.producer.sasl.jaas.config"));
        assertEquals("******", c.effective().get("cloud.alibaba.access.key.secret"));
        assertTrue(c.effective().values().stream().noneMatch(v -> v.contains("s3cr3t")));
    }

    @Test
    void shouldExitWithTwoAndListTheProblemsOnABadFile() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "tick.interval.ms: 0\nexecutor.threads: many\n");
        String out = runExpectingExitTwo(file);
        assertTrue(out.contains("2 configuration problem(s)"), out);
        assertTrue(out.contains("tick.interval.ms: must be between 50 and 60000 ms, got 0"), out);
        assertTrue(out.contains("executor.threads: must be a whole number, got 'many'"), out);
    }

    @Test
    void shouldExitWithTwoWhenTheCloudProviderSettingsAreWrong() throws Exception {
        Path file = Files.writeString(dir.resolve("cloud.yaml"),
                "cloud.provider: alibaba\ncloud.alibaba.protocol: gopher\ncloud.alibaba.credentials.file: "
                        + dir.resolve("missing.properties") + "\n");
        String out = runExpectingExitTwo(file);
        assertTrue(out.contains("cloud.alibaba.protocol must be https or http, got 'gopher'"), out);
    }

    /** Runs the CLI on {@code file}, asserts exit code 2 and returns what it printed on stderr. */
    private static String runExpectingExitTwo(Path file) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new CoordinatorMain()).execute("--config", file.toString());
        } finally {
            System.setErr(old);
        }
        String out = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, out);
        return out;
    }
}
