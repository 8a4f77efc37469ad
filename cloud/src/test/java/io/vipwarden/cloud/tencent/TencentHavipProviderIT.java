package io.vipwarden.cloud.tencent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.cloud.CloudCaller;
import io.vipwarden.cloud.CloudCredentials;
import io.vipwarden.cloud.CloudErrors;
import io.vipwarden.cloud.CloudException;
import io.vipwarden.cloud.CloudMetrics;
import io.vipwarden.cloud.HavipDescription;
import io.vipwarden.cloud.RetryPolicy;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Tencent provider on the real Tencent SDK against a local HTTP server that records what the SDK
 * sends and answers with scripted bodies in Tencent's documented JSON shape. This proves request
 * building, response parsing and error mapping; it does NOT prove Tencent's real behaviour (timing,
 * state names, error codes under load), which needs a real Tencent endpoint.
 */
class TencentHavipProviderIT {
    static final ObjectMapper JSON = new ObjectMapper();

    record Received(String action, Map<String, String> headers, JsonNode body) {
    }

    HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final Map<String, Deque<String>> script = new ConcurrentHashMap<>();
    final Map<String, String> steady = new ConcurrentHashMap<>();
    CloudMetrics metrics;
    TencentHavipProvider provider;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            String action = exchange.getRequestHeaders().getFirst("X-TC-Action");
            byte[] in = exchange.getRequestBody().readAllBytes();
            received.add(new Received(action, Map.of(
                    "Authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    "X-TC-Version", String.valueOf(exchange.getRequestHeaders().getFirst("X-TC-Version")),
                    "X-TC-Region", String.valueOf(exchange.getRequestHeaders().getFirst("X-TC-Region"))),
                    JSON.readTree(in.length == 0 ? "{}".getBytes() : in)));
            Deque<String> queue = script.get(action);
            String body = queue != null && !queue.isEmpty() ? queue.poll() : steady.getOrDefault(action, ok());
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        metrics = CloudMetrics.in(new PrometheusRegistry());
        provider = provider("127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    TencentHavipProvider provider(String endpoint) {
        return provider(endpoint, Duration.ofSeconds(5));
    }

    TencentHavipProvider provider(String endpoint, Duration operationTimeout) {
        TencentSettings settings = new TencentSettings("ap-guangzhou", endpoint, true, "CVM",
                new CloudCredentials("AKIDtestSecretId", "test-secret-key"),
                new RetryPolicy(Duration.ofSeconds(2), operationTimeout, Duration.ofMillis(10), Duration.ofMillis(50),
                        Duration.ofMillis(20)));
        return new TencentHavipProvider(settings, metrics, Clock.systemUTC(), CloudCaller.Sleeper.THREAD);
    }

    static String ok() {
        return "{\"Response\":{\"RequestId\":\"req-ok\"}}";
    }

    static String error(String code) {
        return "{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"scripted " + code + "\"},\"RequestId\":\"req-err\"}}";
    }

    static String havip(String master, String... associated) {
        StringBuilder set = new StringBuilder();
        for (String a : associated) {
            set.append(set.length() == 0 ? "" : ",")
                    .append("{\"HaVipId\":\"havip-t1\",\"InstanceId\":\"").append(a).append("\",\"InstanceType\":\"CVM\"}");
        }
        return "{\"Response\":{\"TotalCount\":1,\"RequestId\":\"req-d\",\"HaVipSet\":[{\"HaVipId\":\"havip-t1\","
                + "\"HaVipName\":\"web\",\"Vip\":\"10.0.0.5\",\"VpcId\":\"vpc-t\",\"SubnetId\":\"subnet-t\","
                + "\"InstanceId\":\"" + (master == null ? "" : master) + "\",\"State\":\"AVAILABLE\","
                + "\"HaVipAssociationSet\":[" + set + "]}]}}";
    }

    void queue(String action, String... bodies) {
        script.computeIfAbsent(action, k -> new ArrayDeque<>()).addAll(List.of(bodies));
    }

    @Test
    void shouldDescribeThroughTheSdkAndSendASignedDescribeHaVips() throws Exception {
        steady.put("DescribeHaVips", havip("ins-a", "ins-a", "ins-b"));

        HavipDescription d = provider.describe("havip-t1");

        assertEquals(new HavipDescription("havip-t1", "10.0.0.5", "vpc-t", "subnet-t", "AVAILABLE",
                List.of("ins-a", "ins-b"), "ins-a"), d);
        Received r = received.get(0);
        assertEquals("DescribeHaVips", r.action());
        assertEquals("2017-03-12", r.headers().get("X-TC-Version"));
        assertEquals("ap-guangzhou", r.headers().get("X-TC-Region"));
        assertTrue(r.headers().get("Authorization").startsWith("TC3-HMAC-SHA256 Credential=AKIDtestSecretId/"));
        assertEquals("havip-t1", r.body().path("HaVipIds").get(0).asText());
    }

    @Test
    void shouldAssociateOnlyWhenAbsentAndPollUntilTheAssociationShows() throws Exception {
        queue("DescribeHaVips", havip(null), havip(null));
        steady.put("DescribeHaVips", havip(null, "ins-a"));

        provider.associate("havip-t1", "ins-a", "token-ignored");
        provider.associate("havip-t1", "ins-a", "token-ignored");

        List<Received> associates = received.stream().filter(r -> "AssociateHaVipInstance".equals(r.action())).toList();
        assertEquals(1, associates.size());
        JsonNode a = associates.get(0).body().path("HaVipAssociationSet").get(0);
        assertEquals("havip-t1", a.path("HaVipId").asText());
        assertEquals("ins-a", a.path("InstanceId").asText());
        assertEquals("CVM", a.path("InstanceType").asText());
    }

    @Test
    void shouldDisassociateOnlyWhenPresent() throws Exception {
        queue("DescribeHaVips", havip("ins-a", "ins-a", "ins-b"));
        steady.put("DescribeHaVips", havip("ins-b", "ins-b"));

        provider.unassociate("havip-t1", "ins-a", true, null);
        provider.unassociate("havip-t1", "ins-a", true, null);

        List<Received> calls = received.stream().filter(r -> "DisassociateHaVipInstance".equals(r.action())).toList();
        assertEquals(1, calls.size());
        assertEquals("ins-a", calls.get(0).body().path("HaVipAssociationSet").get(0).path("InstanceId").asText());
    }

    @Test
    void shouldRetryRequestLimitExceededAndCountTheRetries() throws Exception {
        queue("DescribeHaVips", error("RequestLimitExceeded"), error("InternalError"));
        steady.put("DescribeHaVips", havip(null));

        HavipDescription d = provider.describe("havip-t1");

        assertEquals("havip-t1", d.havipId());
        assertEquals(1, metrics.retries("tencent", "DescribeHaVips", "RequestLimitExceeded"));
        assertEquals(1, metrics.retries("tencent", "DescribeHaVips", "InternalError"));
        assertEquals(1, metrics.calls("tencent", "DescribeHaVips", "OK"));
    }

    @Test
    void shouldFailFatallyOnAnUnknownHavipOrBadCredentials() {
        steady.put("DescribeHaVips", error("ResourceNotFound"));
        CloudException notFound = assertThrows(CloudException.class, () -> provider.describe("havip-x"));
        steady.put("DescribeHaVips", error("AuthFailure.SignatureFailure"));
        CloudException auth = assertThrows(CloudException.class, () -> provider.describe("havip-x"));
        steady.put("DescribeHaVips", "{\"Response\":{\"TotalCount\":0,\"HaVipSet\":[],\"RequestId\":\"r\"}}");
        CloudException empty = assertThrows(CloudException.class, () -> provider.describe("havip-x"));

        assertEquals("ResourceNotFound", notFound.code());
        assertFalse(notFound.retryable());
        assertEquals("AuthFailure.SignatureFailure", auth.code());
        assertFalse(auth.retryable());
        assertEquals("ResourceNotFound", empty.code());
        assertEquals(3, received.size(), "fatal errors are not retried");
    }

    @Test
    void shouldReportAnUnreachableEndpointAsRetryable() {
        server.stop(0);
        TencentHavipProvider nowhere = provider("127.0.0.1:" + server.getAddress().getPort(), Duration.ofMillis(400));

        CloudException e = assertThrows(CloudException.class, () -> nowhere.describe("havip-t1"));

        assertTrue(e.retryable(), e.getMessage());
        assertTrue(List.of(CloudErrors.UNREACHABLE, CloudErrors.TIMEOUT).contains(e.code()), e.code());
        assertTrue(metrics.retries("tencent", "DescribeHaVips", e.code()) >= 1);
    }
}
