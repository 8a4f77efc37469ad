package io.vipwarden.agent;

import static io.vipwarden.agent.AgentTestSupport.config;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.agent.AgentTestSupport.TopicReader;
import io.vipwarden.agent.config.AgentConfig;
import io.vipwarden.events.Command;
import io.vipwarden.events.CommandResult;
import io.vipwarden.events.CommandResult.Outcome;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.EventType;
import io.vipwarden.events.Fence;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.Remap;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.Unfence;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coordinator commands through the real broker: Fence writes the track file, a stale epoch is refused
 * (also after a restart), other nodes' commands are ignored, every result is published.
 */
@ExtendWith(KafkaExtension.class)
class AgentCommandIT {
    @TempDir
    Path dir;

    private static Optional<CommandResult> result(TopicReader reader, String commandId) {
        return reader.poll(CommandResult.class).stream().filter(r -> r.commandId().equals(commandId)).findFirst();
    }

    private static void send(EventPublisher publisher, TopicNames topics, Command command) throws Exception {
        publisher.publish(topics.commands(), Envelope.wrap("/vipwarden/coordinator/test", command, Clock.systemUTC()))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldFenceRefuseStaleEpochsIgnoreOtherNodesAndReportEveryResult(EmbeddedKafka kafka) throws Exception {
        TopicNames topics = kafka.freshTopics("agent-commands", 3);
        AgentConfig config = config(dir, "node-c", kafka.bootstrapServers(), topics.prefix(), null);
        Path trackFile = config.havips().get(0).fenceTrackFile();
        String havip = config.havips().get(0).id();
        try (EventPublisher publisher = new EventPublisher(new KafkaProducer<>(KafkaSettings.producer(
                        kafka.bootstrapServers(), "test-coordinator", Map.of())), new EventCodec());
                TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.nodeEvents())) {
            try (Agent agent = Agent.start(config)) {
                await().atMost(Duration.ofSeconds(30)).until(agent::commandsReady);

                send(publisher, topics, new Fence("cmd-1", havip, "node-c", 5, "coordinator-1", "split brain"));
                CommandResult fenced = await().atMost(Duration.ofSeconds(30))
                        .until(() -> result(reader, "cmd-1"), Optional::isPresent).orElseThrow();
                assertEquals(Outcome.EXECUTED, fenced.outcome());
                assertEquals(EventType.FENCE, fenced.commandType());
                assertEquals(5, fenced.epoch());
                assertEquals("node-c", fenced.nodeId());
                assertEquals(agent.incarnation(), fenced.incarnation());
                assertEquals("1", Files.readString(trackFile).trim(), "keepalived reads a non-zero value: FAULT");
                await().atMost(Duration.ofSeconds(10)).until(() -> reader.poll(Heartbeat.class).stream()
                        .anyMatch(Heartbeat::fenced));

                send(publisher, topics, new Unfence("cmd-2", havip, "node-c", 4, "coordinator-2", "stale coordinator"));
                CommandResult stale = await().atMost(Duration.ofSeconds(30))
                        .until(() -> result(reader, "cmd-2"), Optional::isPresent).orElseThrow();
                assertEquals(Outcome.REFUSED_STALE_EPOCH, stale.outcome());
                assertTrue(stale.detail().contains("lower than 5"), stale.detail());
                assertEquals("1", Files.readString(trackFile).trim(), "a refused command changes nothing");

                send(publisher, topics, new Unfence("cmd-other", havip, "node-z", 9, "coordinator-1", "not ours"));
                send(publisher, topics, new Remap("cmd-3", havip, "node-c", 6, "coordinator-1", "failover", "node-d"));
                CommandResult remap = await().atMost(Duration.ofSeconds(30))
                        .until(() -> result(reader, "cmd-3"), Optional::isPresent).orElseThrow();
                assertEquals(Outcome.EXECUTED, remap.outcome());
                assertTrue(result(reader, "cmd-other").isEmpty(), "another node's command is ignored");

                send(publisher, topics, new Fence("cmd-4", "havip-unknown", "node-c", 1, "coordinator-1", "?"));
                assertEquals(Outcome.FAILED, await().atMost(Duration.ofSeconds(30))
                        .until(() -> result(reader, "cmd-4"), Optional::isPresent).orElseThrow().outcome());
            }
            // the highest epoch (6) survives a restart
            try (Agent agent = Agent.start(config)) {
                await().atMost(Duration.ofSeconds(30)).until(agent::commandsReady);
                send(publisher, topics, new Unfence("cmd-5", havip, "node-c", 5, "coordinator-2", "late"));
                assertEquals(Outcome.REFUSED_STALE_EPOCH, await().atMost(Duration.ofSeconds(30))
                        .until(() -> result(reader, "cmd-5"), Optional::isPresent).orElseThrow().outcome());
                send(publisher, topics, new Unfence("cmd-6", havip, "node-c", 6, "coordinator-1", "healed"));
                assertEquals(Outcome.EXECUTED, await().atMost(Duration.ofSeconds(30))
                        .until(() -> result(reader, "cmd-6"), Optional::isPresent).orElseThrow().outcome());
                assertEquals("0", Files.readString(trackFile).trim());
            }
        }
    }
}
