package io.vipwarden.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.VrrpState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system as {@code ./vipwarden sandbox} runs it, checked from the outside: through the
 * gateway's HTTP API, the topics and the cloud emulator.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxIT {
    private static SandboxStack stack;
    private static StateWatcher watcher;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("hazelcast.logging.type", "slf4j");
        stack = SandboxStack.start(SandboxStack.Options.defaults().withPairs(2).withGatewayPort(0)
                .withTimings(500, 3000, 5000));
        watcher = new StateWatcher(stack.kafka().bootstrapServers(), stack.topics(), Clock.systemUTC());
        for (SandboxStack.Pair pair : stack.pairs()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> watcher.state(pair.havipId())
                    .map(s -> s.ownerNode() != null && s.epoch() > 0).orElse(false));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (watcher != null) {
            watcher.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.gateway().baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.gateway().baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void shouldListEveryHavipWithItsOwnerAndTheCloudBindingAndExportFleetGauges() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode havips = json.readTree(get("/api/v1/havips").body());
            String body = havips.toString();
            for (SandboxStack.Pair pair : stack.pairs()) {
                assertTrue(body.contains(pair.havipId()), body);
            }
            HavipState s = watcher.state(stack.pairs().get(0).havipId()).orElseThrow();
            String ownerInstance = stack.pairs().get(0).node(s.ownerNode()).instanceId();
            assertEquals(ownerInstance, s.cloudMaster(), "the state carries the cloud's binding: " + s);
        });
        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("vipwarden_havip_epoch{havip=\"havip-sandbox-1\"}"), metrics);
    }

    @Test
    @Order(2)
    void shouldRefuseASwitchoverWithoutATokenAndCarryItOutWithTheOperatorToken() throws Exception {
        SandboxStack.Pair pair = stack.pairs().get(0);
        HavipState before = watcher.state(pair.havipId()).orElseThrow();
        String target = pair.nodes().stream().map(SandboxStack.Node::nodeId)
                .filter(n -> !n.equals(before.ownerNode())).findFirst().orElseThrow();
        String body = "{\"target\":\"" + target + "\",\"reason\":\"SandboxIT switchover\"}";
        HttpResponse<String> anonymous = post("/api/v1/havips/" + pair.havipId() + "/switchover", body, null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        HttpResponse<String> accepted = post("/api/v1/havips/" + pair.havipId() + "/switchover", body,
                stack.operatorToken());
        assertEquals(202, accepted.statusCode(), accepted.body());
        String requestId = json.readTree(accepted.body()).get("requestId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> watcher.state(pair.havipId())
                .map(s -> target.equals(s.ownerNode()) && s.epoch() > before.epoch()).orElse(false));
        await().atMost(Duration.ofSeconds(30)).until(() -> pair.group().masters().stream()
                .anyMatch(n -> n.nodeId().equals(target)) && pair.group().masters().size() == 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = json.readTree(get("/api/v1/requests/" + requestId).body());
            assertEquals("COMPLETED", status.path("state").asText(), status.toString());
            assertEquals("ACCEPTED", status.path("outcome").asText(), status.toString());
        });
        JsonNode audit = json.readTree(get("/api/v1/audit?havip=" + pair.havipId() + "&type=OPERATOR_REQUEST").body());
        assertTrue(audit.toString().contains("sandbox-operator"), "audited with the caller's identity: " + audit);
    }

    @Test
    @Order(3)
    void shouldResolveASplitBrainWithOneOwnerAndTheOtherFencedAndShowItInTheAudit() throws Exception {
        SandboxStack.Pair pair = stack.pairs().get(1);
        Scenarios.Result result = new Scenarios(stack, watcher, Clock.systemUTC()).splitBrain(pair);
        assertTrue(result.passed(), result.toString());
        assertEquals(1, pair.group().masters().size());
        assertTrue(pair.nodes().stream().allMatch(n -> n.sim().state() == VrrpState.MASTER
                || n.sim().state() == VrrpState.BACKUP), "the fenced node is back as BACKUP");
        String audit = get("/api/v1/audit?havip=" + pair.havipId() + "&limit=200").body();
        assertTrue(audit.contains("SPLIT_BRAIN"), audit);
        assertTrue(audit.contains("FENCE"), audit);
    }

    @Test
    @Order(4)
    void shouldFailOverWhenTheOwnersKeepalivedIsKilled() throws Exception {
        SandboxStack.Pair pair = stack.pairs().get(0);
        Scenarios.Result result = new Scenarios(stack, watcher, Clock.systemUTC()).failover(pair);
        assertTrue(result.passed(), result.toString());
        String audit = get("/api/v1/audit?havip=" + pair.havipId() + "&type=DECISION").body();
        assertTrue(audit.contains("OWNER_NOT_MASTER"), audit);
    }
}
