package io.vipwarden.gateway;

import static io.vipwarden.gateway.GatewayFixture.OPERATOR_TOKEN;
import static io.vipwarden.gateway.GatewayFixture.VIEWER_TOKEN;
import static io.vipwarden.gateway.GatewayFixture.audit;
import static io.vipwarden.gateway.GatewayFixture.havip;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.events.AuditEvent;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Losing Kafka must not take the gateway down: it keeps serving what it has, refuses operator
 * requests it cannot hand on (503, nothing half-done), and picks up again when the broker is back.
 * Uses a broker of its own, since it stops it.
 */
class KafkaOutageIT {

    @Test
    void shouldKeepServingDuringABrokerOutageAndCatchUpAfterIt() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.create().start();
                GatewayFixture f = GatewayFixture.start(kafka, "outage")) {
            f.publish(f.topics.havipState(), havip("havip-o", "node-1", "node-2", 3, null));
            f.publish(f.topics.audit(), audit("havip-o", "node-1", AuditEvent.Type.DECISION, Instant.now(), "before"));
            await().until(() -> f.gateway.auditEvents() == 1 && f.gateway.fleet().havip("havip-o").isPresent());

            kafka.stop();
            assertEquals(200, f.get("/healthz", null).statusCode());
            assertEquals(200, f.get("/api/v1/havips/havip-o", VIEWER_TOKEN).statusCode(), "serves what it has");
            assertEquals(1, f.gateway.auditEvents());
            HttpResponse<String> refused = f.post("/api/v1/havips/havip-o/switchover", OPERATOR_TOKEN,
                    "{\"target\":\"node-2\",\"reason\":\"during the outage\"}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("unavailable"), refused.body());

            kafka.start();
            f.publish(f.topics.audit(), audit("havip-o", "node-2", AuditEvent.Type.DECISION, Instant.now(), "after"));
            await().atMost(Duration.ofSeconds(60)).until(() -> f.gateway.auditEvents() >= 2);
            HttpResponse<String> page = f.get("/api/v1/audit?havip=havip-o", VIEWER_TOKEN);
            assertTrue(page.body().contains("\"reason\":\"after\""), page.body());
            String operatorRequests = f.get("/api/v1/audit?type=OPERATOR_REQUEST", VIEWER_TOKEN).body();
            assertTrue(operatorRequests.contains("\"items\":[]"),
                    "a request answered 503 must not turn up later: " + operatorRequests);
        }
    }
}
