package io.vipwarden.agent;

import static io.vipwarden.agent.AgentTestSupport.config;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vipwarden.agent.AgentTestSupport.TopicReader;
import io.vipwarden.agent.config.AgentConfig;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpTransition;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away, keepalived keeps changing state, the agent restarts, the broker comes back:
 * every transition arrives, exactly once (by incarnation and sequence), in order. Uses a broker of
 * its own, since it stops it.
 */
class AgentSpoolReplayIT {
    @TempDir
    Path dir;
    private EmbeddedKafka kafka;

    @BeforeEach
    void startBroker() {
        kafka = EmbeddedKafka.create().start();
    }

    @AfterEach
    void stopBroker() {
        kafka.close();
    }

    private static void write(Path fifo, String... lines) throws Exception {
        try (OutputStream out = Files.newOutputStream(fifo)) {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static double lines(Agent agent) {
        return agent.metrics().notifyLinesOk();
    }

    @Test
    void shouldDeliverEveryTransitionExactlyOnceAcrossABrokerOutageAndAnAgentRestart() throws Exception {
        TopicNames topics = kafka.freshTopics("agent-replay", 1);
        Path fifo = AgentTestSupport.mkfifo(dir.resolve("notify.fifo"));
        AgentConfig config = config(dir, "node-s", kafka.bootstrapServers(), topics.prefix(), fifo);

        String firstIncarnation;
        try (Agent agent = Agent.start(config);
                TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.nodeEvents())) {
            firstIncarnation = agent.incarnation();
            write(fifo, "INSTANCE \"VI_1\" BACKUP 100");
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll(VrrpTransition.class).size() == 1);

            kafka.stop();
            write(fifo, "INSTANCE \"VI_1\" MASTER 100", "INSTANCE \"VI_1\" FAULT 0", "INSTANCE \"VI_1\" BACKUP 100");
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(agent) == 4);
        }

        String secondIncarnation;
        try (Agent agent = Agent.start(config)) {
            secondIncarnation = agent.incarnation();
            write(fifo, "INSTANCE \"VI_1\" MASTER 100");
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(agent) == 1);
            kafka.start();
            try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.nodeEvents())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll(VrrpTransition.class).size() >= 5);
                // give a duplicate the chance to show up before counting
                await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
                List<VrrpTransition> transitions = reader.poll(VrrpTransition.class);
                Map<String, Long> copies = transitions.stream().collect(Collectors.groupingBy(
                        t -> t.incarnation() + "#" + t.sequence(), HashMap::new, Collectors.counting()));
                assertEquals(5, transitions.size(), "no transition lost or duplicated: " + transitions);
                assertEquals(5, copies.size());
                assertNotEquals(firstIncarnation, secondIncarnation);
                assertEquals(List.of(firstIncarnation, firstIncarnation, firstIncarnation, firstIncarnation,
                        secondIncarnation), transitions.stream().map(VrrpTransition::incarnation).toList(),
                        "the spool is replayed in order, before the new incarnation's events");
                assertEquals(List.of("BACKUP", "MASTER", "FAULT", "BACKUP", "MASTER"),
                        transitions.stream().map(t -> t.to().name()).toList());
                List<Long> firstSequences = transitions.subList(0, 4).stream().map(VrrpTransition::sequence).toList();
                for (int i = 1; i < firstSequences.size(); i++) {
                    assertEquals(true, firstSequences.get(i) > firstSequences.get(i - 1));
                }
            }
        }
    }
}
