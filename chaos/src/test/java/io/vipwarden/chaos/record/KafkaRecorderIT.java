package io.vipwarden.chaos.record;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.chaos.check.CheckReport;
import io.vipwarden.chaos.check.Checker;
import io.vipwarden.chaos.check.Violation;
import io.vipwarden.chaos.history.Entry;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.CommandResult;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.EventType;
import io.vipwarden.events.Fence;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.Message;
import io.vipwarden.events.Remap;
import io.vipwarden.events.TopicNames;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Kafka recorder reading what services publish, on the in-process broker. */
@ExtendWith(KafkaExtension.class)
class KafkaRecorderIT {
    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void shouldRecordCommandsResultsAuditAndNewGrantsOnly(EmbeddedKafka kafka) throws Exception {
        TopicNames topics = kafka.freshTopics("chaos-recorder", 2);
        Recording recording = new Recording();
        try (EventPublisher publisher = new EventPublisher(new KafkaProducer<>(KafkaSettings.producer(
                kafka.bootstrapServers(), "chaos-it", Map.of())), new EventCodec());
             KafkaRecorder recorder = new KafkaRecorder(kafka.bootstrapServers(), topics, recording, CLOCK)) {
            send(publisher, topics.havipState(), state("node-a", 1));
            send(publisher, topics.havipState(), state("node-a", 1));   // the same grant again
            send(publisher, topics.audit(), audit("a1", AuditEvent.Type.DECISION, 1, "first owner"));
            send(publisher, topics.havipState(), state("node-b", 2));
            send(publisher, topics.audit(), audit("a2", AuditEvent.Type.DECISION, 2, "owner died"));
            send(publisher, topics.commands(), new Remap("c1", "havip-1", "node-b", 2, "coordinator-1", "failover",
                    "node-a"));
            send(publisher, topics.audit(), audit("a3", AuditEvent.Type.COMMAND_ISSUED, 2, "REMAP c1: failover"));
            // issued, but its audit never published: the checker must say so
            send(publisher, topics.commands(), new Fence("c2", "havip-1", "node-a", 2, "coordinator-1", "old owner"));
            send(publisher, topics.nodeEvents(), new CommandResult("havip-1", "node-b", "inc-1", 7, "c1",
                    EventType.REMAP, 2, CommandResult.Outcome.EXECUTED, null));
            send(publisher, topics.audit(), audit("a4", AuditEvent.Type.COMMAND_RESULT, 2, "REMAP c1: EXECUTED"));
            publisher.flush();

            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.recordsRead() >= 10);
        }
        assertEquals(List.of("node-a@1", "node-b@2"), recording.all(Entry.Grant.class).stream()
                .map(g -> g.owner() + "@" + g.epoch()).toList());
        assertEquals(List.of("REMAP c1", "FENCE c2"), recording.all(Entry.CommandIssued.class).stream()
                .map(c -> c.kind() + " " + c.commandId()).toList());
        assertEquals(1, recording.all(Entry.CommandOutcome.class).size());
        assertEquals(4, recording.all(Entry.AuditProduced.class).size());

        CheckReport report = new Checker(Duration.ofSeconds(5)).check(recording.history(3));
        assertEquals(1, report.violations().size(), report.print());
        Violation v = report.violations().get(0);
        assertEquals(Violation.Kind.DECISION_NOT_AUDITED, v.kind());
        assertTrue(v.message().contains("FENCE c2 to node-a was issued without a COMMAND_ISSUED audit"), v.message());
    }

    private static void send(EventPublisher publisher, String topic, Message m) throws Exception {
        publisher.publish(topic, Envelope.wrap("/chaos-it", m, CLOCK)).get();
    }

    private static HavipState state(String owner, long epoch) {
        return new HavipState("havip-1", "192.0.2.10", "vpc-sandbox", HavipState.Phase.STABLE, owner, epoch,
                List.of(), List.of(), null, false, false, null, null, "test", Instant.now());
    }

    private static AuditEvent audit(String id, AuditEvent.Type type, long epoch, String reason) {
        return new AuditEvent(id, "havip-1", null, type, "coordinator-1", epoch, reason, "OK", Map.of(), Instant.now());
    }
}
