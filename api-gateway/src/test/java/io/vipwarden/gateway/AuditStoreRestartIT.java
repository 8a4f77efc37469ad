package io.vipwarden.gateway;

import static io.vipwarden.gateway.GatewayFixture.VIEWER_TOKEN;
import static io.vipwarden.gateway.GatewayFixture.audit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.EventCodec;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class AuditStoreRestartIT {
    private static final int BEFORE = 600;
    private static final int WHILE_DOWN = 150;
    private final ObjectMapper mapper = EventCodec.newMapper();

    @Test
    void shouldKeepEveryAuditEventQueryableAcrossARestartWithoutLossOrDuplicates(EmbeddedKafka kafka)
            throws Exception {
        try (GatewayFixture f = GatewayFixture.start(kafka, "audit-restart")) {
            Set<String> published = new HashSet<>(publish(f, 0, BEFORE));
            await().atMost(Duration.ofSeconds(30)).until(() -> f.gateway.auditEvents() == BEFORE);
            String requestId = "req-restart-1";
            f.publish(f.topics.audit(), new AuditEvent("op-1", "havip-0", null, AuditEvent.Type.OPERATOR_REQUEST,
                    "otto", null, "drill", "SUBMITTED", Map.of(AuditEvent.INPUT_REQUEST_ID, requestId, "kind",
                            "switchover"), Instant.now()));
            f.publish(f.topics.audit(), new AuditEvent("out-1", "havip-0", null, AuditEvent.Type.REQUEST_OUTCOME,
                    "coordinator-1", 2L, "done", "DONE", Map.of(AuditEvent.INPUT_REQUEST_ID, requestId),
                    Instant.now()));
            published.add("op-1");
            published.add("out-1");
            await().until(() -> f.gateway.auditEvents() == BEFORE + 2);
            assertEquals(published, walkAll(f));

            f.stopGateway();
            published.addAll(publish(f, BEFORE, WHILE_DOWN));
            f.startGateway();

            await().atMost(Duration.ofSeconds(30)).until(() -> f.gateway.auditEvents() == BEFORE + 2 + WHILE_DOWN);
            Set<String> after = walkAll(f);
            assertEquals(published.size(), after.size());
            assertEquals(published, after);
            JsonNode request = mapper.readTree(f.get("/api/v1/requests/" + requestId, VIEWER_TOKEN).body());
            assertEquals("COMPLETED", request.get("state").asText(), "request outcomes survive the restart too");
            assertEquals("DONE", request.get("outcome").asText());
        }
    }

    private static List<String> publish(GatewayFixture f, int from, int n) {
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        Instant base = Instant.now();
        for (int i = from; i < from + n; i++) {
            AuditEvent e = audit("havip-" + (i % 7), "node-" + (i % 11), AuditEvent.Type.DECISION,
                    base.plusMillis(i), "event " + i);
            ids.add(e.auditId());
            sent.add(f.publisher.publish(f.topics.audit(),
                    io.vipwarden.events.Envelope.wrap("/vipwarden/test", e, java.time.Clock.systemUTC())));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        return ids;
    }

    /** Every audit id, walking all pages newest first; fails on a duplicate. */
    private Set<String> walkAll(GatewayFixture f) throws Exception {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = mapper.readTree(f.get("/api/v1/audit?limit=97"
                    + (cursor == null ? "" : "&cursor=" + cursor), VIEWER_TOKEN).body());
            for (JsonNode e : page.get("items")) {
                if (!ids.add(e.get("auditId").asText())) {
                    throw new AssertionError("duplicate " + e.get("auditId").asText());
                }
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }
}
