package io.vipwarden.gateway;

import static io.vipwarden.gateway.GatewayFixture.OPERATOR;
import static io.vipwarden.gateway.GatewayFixture.OPERATOR_TOKEN;
import static io.vipwarden.gateway.GatewayFixture.VIEWER_TOKEN;
import static io.vipwarden.gateway.GatewayFixture.audit;
import static io.vipwarden.gateway.GatewayFixture.havip;
import static io.vipwarden.gateway.GatewayFixture.heartbeat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.MaintenanceRequest;
import io.vipwarden.events.AcknowledgeRequest;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.SwitchoverRequest;
import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class GatewayApiIT {
    private final ObjectMapper mapper = EventCodec.newMapper();
    private final EventCodec codec = new EventCodec();
    private GatewayFixture f;

    @BeforeEach
    void start(EmbeddedKafka kafka, TestInfo info) throws Exception {
        f = GatewayFixture.start(kafka, info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        return mapper.readTree(r.body());
    }

    private void publishTwoHavips() {
        f.publish(f.topics.havipState(), havip("havip-a", "node-1", "node-2", 4, Instant.now().minusSeconds(30)));
        f.publish(f.topics.havipState(), havip("havip-b", "node-3", "node-4", 1, null));
        await().until(() -> f.gateway.fleet().havips().size() == 2);
    }

    @Test
    void shouldAnswerHealthAndReadinessWithoutAToken() throws Exception {
        HttpResponse<String> health = f.get("/healthz", null);
        assertEquals(200, health.statusCode());
        assertEquals("UP", json(health).get("status").asText());
        HttpResponse<String> ready = f.get("/readyz", null);
        assertEquals(200, ready.statusCode());
        assertEquals("READY", json(ready).get("status").asText());
    }

    @Test
    void shouldListHavipsAndShowOneWithMembersCloudBindingAndRecentDecisions() throws Exception {
        publishTwoHavips();
        f.publish(f.topics.audit(), audit("havip-a", "node-1", AuditEvent.Type.DECISION, Instant.now(), "failover"));
        f.publish(f.topics.audit(), audit("havip-a", "node-1", AuditEvent.Type.CLOUD_CALL, Instant.now(), "api"));
        await().until(() -> f.gateway.auditEvents() == 2);

        JsonNode list = json(f.get("/api/v1/havips", VIEWER_TOKEN));
        assertEquals(2, list.get("items").size());
        JsonNode a = list.get("items").get(0);
        assertEquals("havip-a", a.get("havipId").asText());
        assertEquals("node-1", a.get("owner").asText());
        assertEquals(4, a.get("epoch").asLong());
        assertEquals(2, a.get("membersUp").asInt());
        assertTrue(a.get("healthyStandby").asBoolean());

        HttpResponse<String> one = f.get("/api/v1/havips/havip-a", VIEWER_TOKEN);
        assertEquals(200, one.statusCode());
        JsonNode d = json(one);
        assertEquals("node-1", d.get("owner").asText());
        assertEquals(2, d.get("members").size());
        assertEquals("MASTER", d.get("members").get(0).get("vrrpState").asText());
        assertTrue(d.get("members").get(0).get("healthy").asBoolean());
        assertEquals("i-node-1", d.get("cloud").get("master").asText());
        assertEquals(2, d.get("cloud").get("associated").size());
        assertEquals(1, d.get("recentDecisions").size(), "only DECISION events count as decisions");
        assertEquals("failover", d.get("recentDecisions").get(0).get("reason").asText());
    }

    @Test
    void shouldListNodesAndShowOneFromNodeEvents() throws Exception {
        publishTwoHavips();
        f.publish(f.topics.nodeEvents(), heartbeat("havip-a", "node-1", VrrpState.MASTER, 1));
        f.publish(f.topics.nodeEvents(), new VrrpTransition("havip-a", "node-9", "inc-9", 1, "i-node-9",
                VrrpTransition.Kind.INSTANCE, "VI_1", VrrpState.BACKUP, VrrpState.FAULT, 0,
                VrrpTransition.Source.FIFO));
        await().until(() -> f.gateway.fleet().node("node-9").isPresent());

        JsonNode nodes = json(f.get("/api/v1/nodes", VIEWER_TOKEN)).get("items");
        Set<String> ids = new HashSet<>();
        nodes.forEach(n -> ids.add(n.get("nodeId").asText()));
        assertEquals(Set.of("node-1", "node-2", "node-3", "node-4", "node-9"), ids);

        JsonNode n1 = json(f.get("/api/v1/nodes/node-1", VIEWER_TOKEN));
        assertTrue(n1.get("up").asBoolean());
        JsonNode membership = n1.get("havips").get(0);
        assertEquals("havip-a", membership.get("havipId").asText());
        assertTrue(membership.get("owner").asBoolean());
        assertEquals("MASTER", membership.get("reported").get("vrrpState").asText());

        JsonNode n9 = json(f.get("/api/v1/nodes/node-9", VIEWER_TOKEN));
        assertEquals("FAULT", n9.get("havips").get(0).get("vrrpState").asText());
    }

    @Test
    void shouldAnswer404WithJsonForUnknownIdsAndRoutes() throws Exception {
        for (String path : List.of("/api/v1/havips/nope", "/api/v1/nodes/nope", "/api/v1/requests/nope",
                "/api/v1/nothing-here")) {
            HttpResponse<String> r = f.get(path, VIEWER_TOKEN);
            assertEquals(404, r.statusCode(), path);
            assertEquals("not_found", json(r).get("error").asText(), path);
        }
    }

    @Test
    void shouldRequireAViewerTokenForTheReadApiAndAnswerJson() throws Exception {
        HttpResponse<String> none = f.get("/api/v1/havips", null);
        assertEquals(401, none.statusCode());
        assertEquals("unauthorized", json(none).get("error").asText());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, f.get("/api/v1/havips", "wrong-token").statusCode());
        assertEquals(401, f.get("/api/v1/audit", null).statusCode());
        assertEquals(200, f.get("/api/v1/havips", VIEWER_TOKEN).statusCode());
        assertEquals(200, f.get("/api/v1/havips", OPERATOR_TOKEN).statusCode());
        assertEquals(200, f.get("/metrics", null).statusCode(), "metrics are open by default");
    }

    @Test
    void shouldExposeGatewayMetricsAndFleetGaugesInPrometheusAndOpenMetrics() throws Exception {
        publishTwoHavips();
        f.get("/api/v1/havips", VIEWER_TOKEN);
        HttpResponse<String> text = f.get("/metrics", null);
        assertEquals(200, text.statusCode());
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String body = text.body();
        assertTrue(body.contains("vipwarden_havip_epoch{havip=\"havip-a\"} 4.0"), body);
        assertTrue(body.contains("vipwarden_havip_owner_info{havip=\"havip-a\",node=\"node-1\"} 1.0"), body);
        assertTrue(body.contains("vipwarden_havip_members_up{havip=\"havip-b\"} 2.0"), body);
        assertTrue(body.contains("vipwarden_havip_healthy_standby{havip=\"havip-a\"} 1.0"), body);
        assertTrue(body.contains("vipwarden_havip_last_failover_age_seconds{havip=\"havip-a\"}"), body);
        assertFalse(body.contains("vipwarden_havip_last_failover_age_seconds{havip=\"havip-b\"}"), body);
        assertTrue(body.contains("vipwarden_havip_phase{havip=\"havip-a\",phase=\"stable\"} 1.0"), body);
        assertTrue(body.contains("vipwarden_gateway_http_requests_total{code=\"200\",method=\"GET\",route=\"/api/v1/havips\"}"),
                body);
        assertTrue(body.contains("vipwarden_gateway_ready 1.0"), body);

        HttpResponse<String> om = f.get("/metrics", null, "application/openmetrics-text; version=1.0.0");
        assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(om.body().trim().endsWith("# EOF"));
        assertTrue(om.body().contains("vipwarden_havip_epoch{havip=\"havip-a\"} 4.0"));
    }

    @Test
    void shouldFilterAndPageTheAuditNewestFirstWithAStableCursor() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
        for (int i = 0; i < 30; i++) {
            String havip = i % 3 == 0 ? "havip-x" : "havip-y";
            AuditEvent.Type type = i % 2 == 0 ? AuditEvent.Type.DECISION : AuditEvent.Type.COMMAND_ISSUED;
            f.publish(f.topics.audit(), audit(havip, "node-" + (i % 5), type, base.plusSeconds(60L * i), "r" + i));
        }
        await().until(() -> f.gateway.auditEvents() == 30);

        // havip-x: i = 0,3,...,27 -> 10 events; pages of 4 newest first (by the order they were read)
        List<String> reasons = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String q = "/api/v1/audit?havip=havip-x&limit=4" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = json(f.get(q, VIEWER_TOKEN));
            page.get("items").forEach(e -> reasons.add(e.get("reason").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
            if (pages == 1) {
                // New events must not shift the pages already being walked.
                f.publish(f.topics.audit(), audit("havip-x", "node-0", AuditEvent.Type.ALERT, Instant.now(), "new"));
                await().until(() -> f.gateway.auditEvents() == 31);
            }
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(List.of("r27", "r24", "r21", "r18", "r15", "r12", "r9", "r6", "r3", "r0"), reasons);

        JsonNode decisions = json(f.get("/api/v1/audit?havip=havip-x&type=decision", VIEWER_TOKEN));
        decisions.get("items").forEach(e -> assertEquals("DECISION", e.get("type").asText()));
        assertEquals(5, decisions.get("items").size());

        JsonNode byNode = json(f.get("/api/v1/audit?node=node-2&limit=100", VIEWER_TOKEN));
        assertEquals(6, byNode.get("items").size());

        String since = URLEncoder.encode(base.plusSeconds(60L * 10).toString(), StandardCharsets.UTF_8);
        String until = URLEncoder.encode(base.plusSeconds(60L * 20).toString(), StandardCharsets.UTF_8);
        JsonNode window = json(f.get("/api/v1/audit?since=" + since + "&until=" + until + "&limit=100",
                VIEWER_TOKEN));
        assertEquals(10, window.get("items").size(), "since inclusive, until exclusive: i = 10..19");

        JsonNode lastHour = json(f.get("/api/v1/audit?since=1h&limit=100", VIEWER_TOKEN));
        // base is 2 h ago: i*60 s >= 3600 s -> i = 60.. none of the 30, only the "new" event
        assertEquals(1, lastHour.get("items").size());
        assertEquals("new", lastHour.get("items").get(0).get("reason").asText());
    }

    @Test
    void shouldAnswerTheAuditAsNdjsonOrCsvByAcceptOrFormat() throws Exception {
        f.publish(f.topics.audit(), audit("havip-a", "node-1", AuditEvent.Type.DECISION, Instant.now(),
                "split brain, resolved"));
        f.publish(f.topics.audit(), audit("havip-a", null, AuditEvent.Type.ALERT, Instant.now(), "=cmd"));
        await().until(() -> f.gateway.auditEvents() == 2);

        HttpResponse<String> nd = f.get("/api/v1/audit", VIEWER_TOKEN, "application/x-ndjson");
        assertTrue(nd.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        String[] lines = nd.body().split("\n");
        assertEquals(2, lines.length);
        assertEquals("ALERT", mapper.readTree(lines[0]).get("type").asText());

        HttpResponse<String> csv = f.get("/api/v1/audit?format=csv", VIEWER_TOKEN);
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] rows = csv.body().split("\r\n");
        assertEquals(3, rows.length);
        assertTrue(rows[0].startsWith("at,auditId,havipId,nodeId,type"));
        assertTrue(rows[1].contains(",ALERT,") && rows[1].contains(",'=cmd,"), rows[1]);
        assertTrue(rows[2].contains("\"split brain, resolved\""), rows[2]);

        HttpResponse<String> csvByAccept = f.get("/api/v1/audit", VIEWER_TOKEN, "text/csv");
        assertTrue(csvByAccept.body().startsWith("at,auditId"));
    }

    @Test
    void shouldRejectEveryBadAuditParameterNamingIt() throws Exception {
        Map<String, String> bad = Map.of(
                "limit=0", "limit", "limit=abc", "limit", "limit=999999999", "limit",
                "type=EXPLOSION", "type", "since=yesterday", "since", "until=2026-13-01T00:00:00Z", "until",
                "cursor=bm9wZQ", "cursor", "format=xml", "format", "colour=red", "colour",
                "since=1h&until=2h", "since");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = f.get("/api/v1/audit?" + e.getKey(), VIEWER_TOKEN);
            assertEquals(400, r.statusCode(), e.getKey());
            JsonNode body = json(r);
            assertEquals("bad_parameter", body.get("error").asText(), e.getKey());
            assertEquals(e.getValue(), body.get("field").asText(), e.getKey());
            assertNotNull(body.get("message").asText());
        }
        assertEquals(400, f.get("/api/v1/events?havip=%20", VIEWER_TOKEN).statusCode());
    }

    @Test
    void shouldAcceptASwitchoverFromAnOperatorPublishItAuditItAndReportItsOutcome() throws Exception {
        publishTwoHavips();
        String body = "{\"target\":\"node-2\",\"reason\":\"kernel upgrade on node-1\"}";
        assertEquals(401, f.post("/api/v1/havips/havip-a/switchover", null, body).statusCode());
        HttpResponse<String> forbidden = f.post("/api/v1/havips/havip-a/switchover", VIEWER_TOKEN, body);
        assertEquals(403, forbidden.statusCode());
        assertEquals("forbidden", json(forbidden).get("error").asText());

        HttpResponse<String> accepted = f.post("/api/v1/havips/havip-a/switchover", OPERATOR_TOKEN, body);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String requestId = json(accepted).get("requestId").asText();
        assertEquals("/api/v1/requests/" + requestId, accepted.headers().firstValue("Location").orElseThrow());

        List<Envelope> requests = readAll(f.topics.requests(), 1);
        SwitchoverRequest sent = requests.get(0).dataAs(SwitchoverRequest.class);
        assertEquals(requestId, sent.requestId());
        assertEquals("havip-a", sent.havipId());
        assertEquals("node-2", sent.targetNode());
        assertEquals(OPERATOR, sent.requestedBy());
        assertEquals("kernel upgrade on node-1", sent.reason());

        await().until(() -> f.gateway.auditEvents() == 2);
        JsonNode trail = json(f.get("/api/v1/audit?type=OPERATOR_REQUEST", VIEWER_TOKEN)).get("items");
        JsonNode audited = trail.get(0).get("outcome").asText().equals("DENIED") ? trail.get(1) : trail.get(0);
        JsonNode denied = audited == trail.get(0) ? trail.get(1) : trail.get(0);
        assertEquals("DENIED", denied.get("outcome").asText(), "the viewer's attempt is on the trail");
        assertEquals(GatewayFixture.VIEWER, denied.get("actor").asText());
        assertFalse(denied.get("inputs").has(AuditEvent.INPUT_REQUEST_ID));
        assertEquals(OPERATOR, audited.get("actor").asText());
        assertEquals(requestId, audited.get("inputs").get(AuditEvent.INPUT_REQUEST_ID).asText());
        assertEquals("node-2", audited.get("nodeId").asText());

        JsonNode pending = json(f.get("/api/v1/requests/" + requestId, VIEWER_TOKEN));
        assertEquals("PENDING", pending.get("state").asText());
        assertEquals(OPERATOR, pending.get("requestedBy").asText());

        // A coordinator answers through the audit trail.
        f.publish(f.topics.audit(), new AuditEvent("outcome-1", "havip-a", "node-2", AuditEvent.Type.REQUEST_OUTCOME,
                "coordinator-2", 5L, "switched over to node-2", "DONE",
                Map.of(AuditEvent.INPUT_REQUEST_ID, requestId), Instant.now()));
        await().until(() -> json(f.get("/api/v1/requests/" + requestId, VIEWER_TOKEN)).get("state").asText()
                .equals("COMPLETED"));
        JsonNode done = json(f.get("/api/v1/requests/" + requestId, VIEWER_TOKEN));
        assertEquals("DONE", done.get("outcome").asText());
        assertEquals("coordinator-2", done.get("decidedBy").asText());
        assertEquals("switchover", done.get("kind").asText());
    }

    @Test
    void shouldAcceptMaintenanceAndAcknowledgeRequestsFromAnOperator() throws Exception {
        publishTwoHavips();
        HttpResponse<String> m = f.post("/api/v1/havips/havip-b/maintenance", OPERATOR_TOKEN,
                "{\"enabled\":true,\"reason\":\"rack move\"}");
        assertEquals(202, m.statusCode(), m.body());
        HttpResponse<String> a = f.post("/api/v1/havips/havip-b/acknowledge", OPERATOR_TOKEN,
                "{\"reason\":\"flapping understood\"}");
        assertEquals(202, a.statusCode(), a.body());
        assertEquals(403, f.post("/api/v1/havips/havip-b/acknowledge", VIEWER_TOKEN,
                "{\"reason\":\"x\"}").statusCode());

        List<Envelope> requests = readAll(f.topics.requests(), 2);
        MaintenanceRequest maintenance = requests.stream().filter(e -> e.data() instanceof MaintenanceRequest)
                .findFirst().orElseThrow().dataAs(MaintenanceRequest.class);
        assertTrue(maintenance.enabled());
        assertEquals(OPERATOR, maintenance.requestedBy());
        AcknowledgeRequest ack = requests.stream().filter(e -> e.data() instanceof AcknowledgeRequest)
                .findFirst().orElseThrow().dataAs(AcknowledgeRequest.class);
        assertEquals("flapping understood", ack.reason());
        assertEquals(json(a).get("requestId").asText(), ack.requestId());
    }

    @Test
    void shouldRejectBadOperatorBodiesNamingTheField() throws Exception {
        publishTwoHavips();
        Map<String, String> switchover = Map.of(
                "{\"reason\":\"x\"}", "target",
                "{\"target\":\"node-2\"}", "reason",
                "{\"target\":\"node-7\",\"reason\":\"x\"}", "target",
                "{\"target\":42,\"reason\":\"x\"}", "target",
                "{\"target\":\"node-2\",\"reason\":\"x\",\"force\":true}", "force",
                "not json", "body",
                "[1,2]", "body",
                "", "body");
        for (Map.Entry<String, String> e : switchover.entrySet()) {
            HttpResponse<String> r = f.post("/api/v1/havips/havip-a/switchover", OPERATOR_TOKEN, e.getKey());
            assertEquals(400, r.statusCode(), e.getKey());
            assertEquals(e.getValue(), json(r).get("field").asText(), e.getKey());
        }
        HttpResponse<String> notBool = f.post("/api/v1/havips/havip-a/maintenance", OPERATOR_TOKEN,
                "{\"enabled\":\"yes\",\"reason\":\"x\"}");
        assertEquals(400, notBool.statusCode());
        assertEquals("enabled", json(notBool).get("field").asText());

        assertEquals(404, f.post("/api/v1/havips/unknown/switchover", OPERATOR_TOKEN,
                "{\"target\":\"node-2\",\"reason\":\"x\"}").statusCode());

        String huge = "{\"target\":\"node-2\",\"reason\":\"" + "x".repeat(20_000) + "\"}";
        HttpResponse<String> tooLarge = f.post("/api/v1/havips/havip-a/switchover", OPERATOR_TOKEN, huge);
        assertEquals(413, tooLarge.statusCode());
        assertEquals("body_too_large", json(tooLarge).get("error").asText());
        assertTrue(readAll(f.topics.requests(), 0).isEmpty(), "nothing bad may reach the coordinators");
    }

    @Test
    void shouldStreamLiveEventsFilteredByHavip() throws Exception {
        publishTwoHavips();
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create(f.url("/api/v1/events?havip=havip-b")))
                .header("Authorization", "Bearer " + VIEWER_TOKEN).GET().build();
        HttpResponse<java.io.InputStream> response = f.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // the stream ends when the gateway stops
            }
        }, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
        await().until(() -> lines.stream().anyMatch(l -> l.startsWith(":")));

        f.publish(f.topics.havipState(), havip("havip-a", "node-2", "node-1", 5, Instant.now()));
        f.publish(f.topics.havipState(), havip("havip-b", "node-4", "node-3", 2, Instant.now()));
        f.publish(f.topics.audit(), audit("havip-b", "node-4", AuditEvent.Type.DECISION, Instant.now(), "failover b"));
        await().atMost(Duration.ofSeconds(15)).until(() -> lines.contains("event: audit"));
        await().until(() -> lines.contains("event: havip-state"));
        String data = String.join("\n", lines);
        assertTrue(data.contains("\"havipId\":\"havip-b\""), data);
        assertTrue(data.contains("failover b"), data);
        assertFalse(data.contains("\"havipId\":\"havip-a\""), "filtered to havip-b: " + data);
    }

    private List<Envelope> readAll(String topic, int expected) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(
                f.kafka.bootstrapServers(), "test-reader", null, Map.of()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<Envelope> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 2 : 15).toNanos();
            while (System.nanoTime() < deadline && (expected == 0 || out.size() < expected)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(codec.decode(r.value()));
                }
            }
            return out;
        }
    }
}
