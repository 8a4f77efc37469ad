package io.vipwarden.gateway;

import static org.awaitility.Awaitility.await;

import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.Message;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.gateway.auth.Role;
import io.vipwarden.gateway.auth.TokenAuthenticator;
import io.vipwarden.gateway.auth.TokenGrant;
import io.vipwarden.gateway.config.GatewayConfig;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * A running gateway on fresh topics of the shared in-process broker, a publisher standing in for the
 * coordinators and agents (the real {@link EventPublisher}), and an HTTP client.
 */
final class GatewayFixture implements AutoCloseable {
    static final String VIEWER_TOKEN = "viewer-secret-token";
    static final String OPERATOR_TOKEN = "operator-secret-token";
    static final String VIEWER = "vera";
    static final String OPERATOR = "otto";

    final EmbeddedKafka kafka;
    final TopicNames topics;
    final Path dir;
    final EventPublisher publisher;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final UnaryOperator<GatewayConfig.Builder> customize;
    Gateway gateway;

    private GatewayFixture(EmbeddedKafka kafka, String label, UnaryOperator<GatewayConfig.Builder> customize)
            throws IOException {
        this.kafka = kafka;
        this.topics = kafka.freshTopics(label, 3);
        this.dir = Files.createTempDirectory("vipwarden-gateway-test-");
        this.customize = customize;
        this.publisher = new EventPublisher(new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers(),
                "test-publisher-" + label, Map.of())), new EventCodec());
    }

    static GatewayFixture start(EmbeddedKafka kafka, String label) throws IOException {
        return start(kafka, label, b -> b);
    }

    static GatewayFixture start(EmbeddedKafka kafka, String label, UnaryOperator<GatewayConfig.Builder> customize)
            throws IOException {
        GatewayFixture f = new GatewayFixture(kafka, label, customize);
        try {
            f.startGateway();
        } catch (RuntimeException | Error e) {
            f.close();
            throw e;
        }
        return f;
    }

    GatewayConfig config() {
        GatewayConfig.Builder b = GatewayConfig.builder()
                .httpPort(0)
                .kafkaBootstrapServers(kafka.bootstrapServers())
                .topics(topics)
                .auditDir(dir)
                .auditFsync(false)
                .sseKeepaliveMs(500)
                .tokens(List.of(
                        TokenGrant.of(VIEWER, Role.VIEWER, TokenAuthenticator.sha256Hex(VIEWER_TOKEN)),
                        TokenGrant.of(OPERATOR, Role.OPERATOR, TokenAuthenticator.sha256Hex(OPERATOR_TOKEN))));
        return customize.apply(b).build();
    }

    void startGateway() {
        gateway = Gateway.start(config());
        await().atMost(Duration.ofSeconds(30)).until(gateway::ready);
    }

    void stopGateway() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    String url(String path) {
        return gateway.baseUrl() + path;
    }

    HttpResponse<String> get(String path, String token) {
        return get(path, token, null);
    }

    HttpResponse<String> get(String path, String token, String accept) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            r.header("Accept", accept);
        }
        return send(r.build());
    }

    HttpResponse<String> post(String path, String token, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return send(r.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void publish(String topic, Message message) {
        publish(topic, message, Instant.now());
    }

    void publish(String topic, Message message, Instant time) {
        Envelope e = Envelope.wrap("/vipwarden/test", message, Clock.fixed(time, java.time.ZoneOffset.UTC));
        publisher.publish(topic, e).join();
    }

    /** A HaVip of two members, owned by {@code owner}. */
    static HavipState havip(String id, String owner, String standby, long epoch, Instant lastFailover) {
        Instant now = Instant.now();
        return new HavipState(id, "192.0.2." + (10 + Math.abs(id.hashCode() % 200)), "vpc-test",
                HavipState.Phase.STABLE, owner, epoch,
                List.of(new HavipState.Member(owner, "i-" + owner, VrrpState.MASTER, 100, true, true, false, now),
                        new HavipState.Member(standby, "i-" + standby, VrrpState.BACKUP, 90, true, true, false, now)),
                List.of("i-" + owner, "i-" + standby), "i-" + owner, false, false, null, lastFailover,
                "initial election", now);
    }

    static Heartbeat heartbeat(String havip, String node, VrrpState state, long seq) {
        return new Heartbeat(havip, node, "inc-" + node, seq, "i-" + node, "VI_" + havip, state, 100, "192.0.2.10",
                true, List.of(), false, 1000);
    }

    static AuditEvent audit(String havip, String node, AuditEvent.Type type, Instant at, String reason) {
        return new AuditEvent(UUID.randomUUID().toString(), havip, node, type, "coordinator-1", 3L, reason,
                "EXECUTED", Map.of("k", "v"), at);
    }

    @Override
    public void close() {
        stopGateway();
        publisher.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temp dir left behind is not a test failure
        }
    }
}
