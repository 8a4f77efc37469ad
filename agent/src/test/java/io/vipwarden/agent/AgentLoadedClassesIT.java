package io.vipwarden.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vipwarden.agent.AgentTestSupport.TopicReader;
import io.vipwarden.events.CommandResult;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.Fence;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.TopicNames;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable agent jar, started as the launcher starts it, heartbeating with an HTTP check and
 * executing a Fence: its JVM must not load the libraries the agent keeps out of its running path for
 * footprint (BENCHMARKS.md, agent-footprint): each of them would stay in memory for the agent's lifetime.
 */
@ExtendWith(KafkaExtension.class)
class AgentLoadedClassesIT {
    private static final Map<String, String> KEPT_OUT = Map.of(
            "com.fasterxml.jackson.databind.", "Jackson databind: give the type a streamed form in EventCodec, or read"
                    + " the document into plain maps with PlainTree",
            "picocli.", "picocli: only 'agent --config FILE' may run without it (AgentMain.runArguments)",
            "net.jpountz.", "lz4: the agent's producer writes compression.type=none (Agent.producerConfig)");

    @TempDir
    Path dir;

    @Test
    void shouldRunWithoutDatabindPicocliOrLz4(EmbeddedKafka kafka) throws Exception {
        Path jar = Path.of("target", "vipwarden-agent.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the runnable agent jar should exist at " + jar);
        TopicNames topics = kafka.freshTopics("agent-classes", 3);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        http.createContext("/healthz", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        http.start();
        Path classLog = dir.resolve("classes.log");
        Path config = writeConfig(kafka.bootstrapServers(), topics.prefix(), http.getAddress().getPort());
        Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:+UseSerialGC", "-Xlog:class+load=info:file=" + classLog, "-jar", jar.toString(),
                "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        try (EventPublisher publisher = new EventPublisher(new KafkaProducer<>(KafkaSettings.producer(
                        kafka.bootstrapServers(), "test-coordinator", Map.of())), new EventCodec());
                TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.nodeEvents())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !agent.isAlive()
                    || reader.poll(Heartbeat.class).stream().anyMatch(h -> h.checks().size() == 1));
            assertTrue(agent.isAlive(), "the agent exited: " + Files.readString(dir.resolve("agent.log")));
            publisher.publish(topics.commands(), Envelope.wrap("/vipwarden/coordinator/test",
                    new Fence("cmd-classes", "havip-classes", "node-classes", 1, "coordinator-1", "test"),
                    Clock.systemUTC())).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll(CommandResult.class).stream()
                    .anyMatch(r -> r.commandId().equals("cmd-classes")));
        } finally {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
            http.stop(0);
        }
        List<String> loaded = Files.readAllLines(classLog);
        for (Map.Entry<String, String> kept : KEPT_OUT.entrySet()) {
            List<String> offending = loaded.stream().filter(l -> l.contains("] " + kept.getKey())).limit(5).toList();
            assertTrue(offending.isEmpty(), "the running agent loaded " + offending + "... Keep it out: "
                    + kept.getValue());
        }
    }

    private Path writeConfig(String bootstrap, String prefix, int httpPort) throws IOException {
        Path conf = dir.resolve("keepalived.conf");
        Files.copy(TestFiles.keepalived("alibaba-node-a.conf"), conf);
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, String.join("\n",
                "node.id: node-classes",
                "topic.prefix: " + prefix,
                "kafka:",
                "  bootstrap.servers: " + bootstrap,
                "state.dir: " + dir.resolve("state"),
                "keepalived.config.path: " + conf,
                "keepalived.json-dump.path: " + dir.resolve("keepalived.json"),
                "keepalived.pid-file.path: " + dir.resolve("keepalived.pid"),
                "keepalived.json-signal: 0",
                "heartbeat.interval.ms: 500",
                "http.bind.address: 127.0.0.1",
                "http.port: 0",
                "havips:",
                "  - id: havip-classes",
                "    vrrp.instance: VI_1",
                "    fence.track-file.path: " + dir.resolve("fence"),
                "    checks:",
                "      - {name: web, type: http, url: 'http://127.0.0.1:" + httpPort + "/healthz', interval.ms: 500, timeout.ms: 400}",
                ""));
        return config;
    }
}
