package io.vipwarden.agent;

import static io.vipwarden.agent.AgentTestSupport.config;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.agent.AgentTestSupport.TopicReader;
import io.vipwarden.events.ConfigReport;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition;
import io.vipwarden.events.VrrpTransition.Source;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * keepalived's two channels into a running agent: lines written into a real FIFO and JSON dumps
 * written into the dump file come out as VrrpTransitions on the node-events topic, in order; the
 * dump corrects what the FIFO lost; notify-script lines come in through {@code agent notify}.
 */
@ExtendWith(KafkaExtension.class)
class AgentKeepalivedIT {
    @TempDir
    Path dir;

    private static String dump(int state, int priority) {
        return "[{\"data\":{\"iname\":\"VI_1\",\"state\":" + state + ",\"effective_priority\":" + priority
                + ",\"vips\":[\"192.0.2.100/24 dev eth0\"]},\"stats\":{}}]";
    }

    private static List<String> steps(List<VrrpTransition> transitions) {
        return transitions.stream().map(t -> t.from() + ">" + t.to() + "@" + t.source()).toList();
    }

    @Test
    void shouldPublishFifoLinesAndDumpCorrectionsInOrder(EmbeddedKafka kafka) throws Exception {
        TopicNames topics = kafka.freshTopics("agent-keepalived", 1);
        Path fifo = AgentTestSupport.mkfifo(dir.resolve("notify.fifo"));
        Files.writeString(dir.resolve("keepalived.json"), dump(1, 100));
        try (Agent agent = Agent.start(config(dir, "node-a", kafka.bootstrapServers(), topics.prefix(), fifo));
                TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.nodeEvents())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll(VrrpTransition.class).size() == 1);
            ConfigReport report = reader.poll(ConfigReport.class).get(0);
            assertEquals("VI_1", report.vrrpInstance());
            assertEquals(51, report.virtualRouterId());
            assertEquals(List.of("192.0.2.100"), report.vips());

            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(("INSTANCE \"VI_1\" MASTER 100\n"
                        + "this is not a notify line\n"
                        + "INSTANCE \"VI_1\" MASTER_PRIORITY 90\n"
                        + "INSTANCE \"VI_1\" FAULT 0\n").getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll(VrrpTransition.class).size() == 4);
            // keepalived went FAULT -> BACKUP but the FIFO write was dropped: the next dump tells
            Files.writeString(dir.resolve("keepalived.json"), dump(1, 100));
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll(VrrpTransition.class).size() == 5);

            int exit = new CommandLine(new AgentMain()).execute("notify", "INSTANCE", "VI_1", "MASTER", "100",
                    "--port", String.valueOf(agent.httpPort()));
            assertEquals(0, exit);
            assertEquals(2, new CommandLine(new AgentMain()).execute("notify", "INSTANCE", "VI_1", "SLEEPING", "1",
                    "--port", String.valueOf(agent.httpPort())), "a malformed line is refused");
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll(VrrpTransition.class).size() == 6);

            List<VrrpTransition> transitions = reader.poll(VrrpTransition.class);
            assertEquals(List.of("UNKNOWN>BACKUP@JSON_DUMP", "BACKUP>MASTER@FIFO", "MASTER>MASTER_PRIORITY@FIFO",
                    "MASTER>FAULT@FIFO", "FAULT>BACKUP@JSON_DUMP", "BACKUP>MASTER@NOTIFY_SCRIPT"), steps(transitions));
            assertEquals(90, transitions.get(2).priority());
            assertTrue(transitions.stream().allMatch(t -> t.havipId().equals("havip-node-a")
                    && t.incarnation().equals(agent.incarnation()) && t.cloudInstanceId().equals("i-node-a")));
            List<NodeEvent> all = reader.poll().stream().map(e -> (NodeEvent) e.data()).toList();
            for (int i = 1; i < all.size(); i++) {
                assertTrue(all.get(i).sequence() > all.get(i - 1).sequence(), "sequence grows in topic order");
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                List<Heartbeat> beats = reader.poll(Heartbeat.class);
                return !beats.isEmpty() && beats.get(beats.size() - 1).vrrpState() == VrrpState.MASTER;
            });
            List<Heartbeat> beats = reader.poll(Heartbeat.class); // one read: more keep arriving
            Heartbeat last = beats.get(beats.size() - 1);
            assertEquals("192.0.2.100", last.vip());
            assertEquals(500, last.intervalMs());
            assertTrue(last.healthy());

            HttpClient http = HttpClient.newHttpClient();
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("vipwarden_agent_notify_lines_total{result=\"malformed\"} 2"), metrics);
            assertTrue(metrics.contains("vipwarden_agent_vrrp_state{havip=\"havip-node-a\",state=\"MASTER\"} 1"), metrics);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + agent.httpPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"kafkaConnected\":true"), health.body());

            // an operator edits keepalived.conf: the new version is linted and reported
            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, Files.readString(conf).replace("priority 100", "priority 300"));
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll(ConfigReport.class).size() == 2);
            ConfigReport edited = reader.poll(ConfigReport.class).get(1);
            assertTrue(!edited.configSha256().equals(report.configSha256()));
            assertEquals(300, edited.priority());
            assertTrue(edited.findings().stream().anyMatch(f -> f.ruleId().equals("priority-range")), edited.toString());
        }
    }

    @Test
    void shouldReopenTheFifoWhenKeepalivedRestarts(EmbeddedKafka kafka) throws Exception {
        TopicNames topics = kafka.freshTopics("agent-fifo-reopen", 1);
        Path fifo = AgentTestSupport.mkfifo(dir.resolve("notify.fifo"));
        try (Agent agent = Agent.start(config(dir, "node-r", kafka.bootstrapServers(), topics.prefix(), fifo));
                TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.nodeEvents())) {
            // every writer that opens and closes the FIFO is a keepalived start and stop
            for (String state : List.of("BACKUP", "MASTER", "BACKUP")) {
                try (OutputStream out = Files.newOutputStream(fifo)) {
                    out.write(("INSTANCE \"VI_1\" " + state + " 100\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll(VrrpTransition.class).size() == 3);
            assertEquals(List.of("UNKNOWN>BACKUP@FIFO", "BACKUP>MASTER@FIFO", "MASTER>BACKUP@FIFO"),
                    steps(reader.poll(VrrpTransition.class)));
            assertEquals(Source.FIFO, reader.poll(VrrpTransition.class).get(0).source());
        }
    }

    @Test
    void shouldReportStopWhenKeepalivedsProcessDiesWithoutANotification(EmbeddedKafka kafka) throws Exception {
        TopicNames topics = kafka.freshTopics("agent-process-gone", 1);
        Path fifo = AgentTestSupport.mkfifo(dir.resolve("notify.fifo"));
        // A stand-in process for keepalived: its pid goes into the pid file the agent watches.
        Process keepalived = new ProcessBuilder("sleep", "600").start();
        try {
            Files.writeString(dir.resolve("keepalived.pid"), keepalived.pid() + "\n");
            try (Agent agent = Agent.start(config(dir, "node-k", kafka.bootstrapServers(), topics.prefix(), fifo));
                    TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.nodeEvents())) {
                try (OutputStream out = Files.newOutputStream(fifo)) {
                    out.write("INSTANCE \"VI_1\" MASTER 100\n".getBytes(StandardCharsets.UTF_8));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll(VrrpTransition.class).size() == 1);
                Thread.sleep(600); // several state polls with keepalived alive: no STOP may appear
                assertEquals(List.of("UNKNOWN>MASTER@FIFO"), steps(reader.poll(VrrpTransition.class)));
                keepalived.destroyForcibly().waitFor();
                await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll(VrrpTransition.class).size() == 2);
                assertEquals(List.of("UNKNOWN>MASTER@FIFO", "MASTER>STOP@PROCESS"), steps(reader.poll(VrrpTransition.class)));
            }
        } finally {
            keepalived.destroyForcibly();
        }
    }
}
