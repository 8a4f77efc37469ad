package io.vipwarden.chaos.record;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.chaos.check.CheckReport;
import io.vipwarden.chaos.check.Checker;
import io.vipwarden.chaos.check.Violation;
import io.vipwarden.chaos.history.Entry;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.TopicNames;
import io.vipwarden.gateway.Gateway;
import io.vipwarden.gateway.auth.Role;
import io.vipwarden.gateway.auth.TokenAuthenticator;
import io.vipwarden.gateway.auth.TokenGrant;
import io.vipwarden.gateway.config.GatewayConfig;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The whole audit trail read back from a real gateway, page after page, and checked against what was produced. */
@ExtendWith(KafkaExtension.class)
class GatewayAuditClientIT {
    private static final String TOKEN = "chaos-reader-token";

    @TempDir
    Path dir;

    @Test
    void shouldReadEveryAuditEventBackThroughThePagesAndFindNoneLost(EmbeddedKafka kafka) throws Exception {
        TopicNames topics = kafka.freshTopics("chaos-gateway", 2);
        GatewayConfig config = GatewayConfig.builder().httpPort(0).kafkaBootstrapServers(kafka.bootstrapServers())
                .topics(topics).auditDir(dir).auditFsync(false)
                .tokens(List.of(TokenGrant.of("chaos", Role.VIEWER, TokenAuthenticator.sha256Hex(TOKEN)))).build();
        List<Entry> produced = new ArrayList<>();
        try (Gateway gateway = Gateway.start(config);
             EventPublisher publisher = new EventPublisher(new KafkaProducer<>(KafkaSettings.producer(
                     kafka.bootstrapServers(), "chaos-gw-it", Map.of())), new EventCodec())) {
            await().atMost(Duration.ofSeconds(30)).until(gateway::ready);
            for (int i = 0; i < 1_100; i++) {
                AuditEvent e = new AuditEvent(UUID.randomUUID().toString(), "havip-" + (i % 3), null,
                        AuditEvent.Type.DECISION, "coordinator-1", (long) i, "test " + i, "OK", Map.of(), Instant.now());
                publisher.publish(topics.audit(), Envelope.wrap("/chaos-it", e, Clock.systemUTC()));
                produced.add(Entry.AuditProduced.of(Instant.now(), e));
            }
            publisher.flush();
            GatewayAuditClient client = new GatewayAuditClient(gateway.baseUrl(), TOKEN);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.auditIds().size() >= 1_100);
            List<String> ids = client.auditIds();
            assertEquals(1_100, new HashSet<>(ids).size());

            // one id missing from the answer: the checker must see it as lost
            List<Entry> history = new ArrayList<>(produced);
            history.add(new Entry.GatewayAudit(Instant.now(), ids.subList(1, ids.size())));
            CheckReport report = new Checker(Duration.ofSeconds(5))
                    .check(io.vipwarden.chaos.history.History.of(21, history));
            assertEquals(1, report.violations().size(), report.print());
            assertEquals(Violation.Kind.AUDIT_LOST, report.violations().get(0).kind());
            assertTrue(report.violations().get(0).message().contains(ids.get(0)), report.print());

            IOException refused = assertThrows(IOException.class,
                    () -> new GatewayAuditClient(gateway.baseUrl(), "wrong-token").auditIds());
            assertTrue(refused.getMessage().contains("401"), refused.getMessage());
        }
    }
}
