package io.vipwarden.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.EventType;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.gateway.api.ApiRouter;
import io.vipwarden.gateway.audit.AuditPage;
import io.vipwarden.gateway.audit.AuditQuery;
import io.vipwarden.gateway.audit.AuditStore;
import io.vipwarden.gateway.auth.TokenAuthenticator;
import io.vipwarden.gateway.config.GatewayConfig;
import io.vipwarden.gateway.config.GatewayConfigLoader;
import io.vipwarden.gateway.fleet.FleetView;
import io.vipwarden.gateway.metrics.GatewayMetrics;
import io.vipwarden.gateway.requests.OperatorActions;
import io.vipwarden.gateway.requests.RequestTracker;
import io.vipwarden.gateway.sse.LiveEvents;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.EventReader;
import io.vipwarden.messaging.KafkaSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running API gateway: {@link #start(GatewayConfig)} reads the fleet state, node events and the
 * audit trail from Kafka, and serves the HTTP API; {@link #close()} stops it. The launcher, the
 * sandbox and the tests all start it this way.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Vertx vertx;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AuditStore store;
    private final TopicTail auditTail;
    private final TopicTail fleetTail;
    private final Router router;
    private final HttpServer server;
    private final FleetView fleet;

    private Gateway(GatewayConfig config, Vertx vertx, KafkaProducer<byte[], byte[]> producer, AuditStore store,
            TopicTail auditTail, TopicTail fleetTail, Router router, HttpServer server, FleetView fleet) {
        this.config = config;
        this.vertx = vertx;
        this.producer = producer;
        this.store = store;
        this.auditTail = auditTail;
        this.fleetTail = fleetTail;
        this.router = router;
        this.server = server;
        this.fleet = fleet;
    }

    public static Gateway start(GatewayConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts and returns once the HTTP port is bound; readiness (/readyz) follows when the topics are read. */
    public static Gateway start(GatewayConfig config, Clock clock) {
        log.info("gateway config: {}", GatewayConfigLoader.describe(config));
        EventCodec codec = new EventCodec();
        ObjectMapper mapper = codec.mapper();
        Vertx vertx = Vertx.vertx();
        KafkaProducer<byte[], byte[]> producer = null;
        AuditStore store = null;
        TopicTail auditTail = null;
        TopicTail fleetTail = null;
        try {
            Map<String, Object> producerOverrides = new HashMap<>();
            // An operator waits on the answer: fail in seconds (503) rather than hang on a lost broker, and
            // fail for good, so a request answered 503 is not delivered later behind the operator's back.
            producerOverrides.put("max.block.ms", "10000");
            producerOverrides.put("request.timeout.ms", "5000");
            producerOverrides.put("delivery.timeout.ms", "10000");
            producerOverrides.putAll(config.kafkaProperties());
            producer = new KafkaProducer<>(KafkaSettings.producer(config.kafkaBootstrapServers(),
                    config.kafkaClientId() + "-producer", producerOverrides));
            EventPublisher publisher = new EventPublisher(producer, codec);
            warmUp(producer, config);
            EventReader reader = new EventReader(codec, producer, config.topics().deadLetter(),
                    config.kafkaClientId(), clock);
            store = AuditStore.open(config.auditDir().resolve(config.topics().audit()), config.auditFsync());
            RequestTracker tracker = new RequestTracker(config.requestsTrackedMax());
            seed(tracker, store, config.requestsTrackedMax(), mapper);
            FleetView fleet = new FleetView(clock);
            GatewayMetrics metrics = new GatewayMetrics(fleet);
            LiveEvents live = new LiveEvents(vertx, metrics, config.sseKeepaliveMs());
            OperatorActions actions = new OperatorActions(publisher, config.topics(), tracker, clock);

            AuditStore auditStore = store;
            auditTail = new TopicTail("vipwarden-gateway-audit", consumerConfig(config, "audit"),
                    List.of(config.topics().audit()), (consumer, partitions) -> auditStarts(auditStore, consumer,
                            partitions),
                    records -> ingestAudit(records, reader, auditStore, tracker, live, metrics, mapper));
            fleetTail = new TopicTail("vipwarden-gateway-fleet", consumerConfig(config, "fleet"),
                    List.of(config.topics().havipState(), config.topics().nodeEvents()),
                    (consumer, partitions) -> fleetStarts(config, clock, consumer, partitions),
                    records -> ingestFleet(records, reader, fleet, live, mapper));
            TopicTail a = auditTail;
            TopicTail f = fleetTail;
            HttpServer[] serverRef = new HttpServer[1];
            java.util.function.BooleanSupplier ready = () -> serverRef[0] != null && a.caughtUp() && f.caughtUp();
            metrics.bind(auditStore::size, () -> auditStore.fileBytes(), live::clients,
                    () -> reader.deadLettered(), ready);
            Router router = new ApiRouter(vertx, config, fleet, store, tracker, actions, live, metrics,
                    new TokenAuthenticator(config.tokens()), ready, mapper, clock).create();
            auditTail.start();
            fleetTail.start();
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost())
                    .setPort(config.httpPort()).setCompressionSupported(true))
                    .requestHandler(router).listen().toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            serverRef[0] = server;
            log.info("gateway listening on http://{}:{}/", config.httpHost(), server.actualPort());
            return new Gateway(config, vertx, producer, store, auditTail, fleetTail, router, server, fleet);
        } catch (Exception e) {
            closeQuietly(auditTail);
            closeQuietly(fleetTail);
            closeQuietly(producer);
            closeQuietly(store);
            vertx.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the gateway could not start: " + e.getMessage(), e);
        }
    }

    /** The bound HTTP port (useful with {@code http.port: 0}). */
    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        return "http://" + (config.httpHost().contains(":") ? "[" + config.httpHost() + "]" : config.httpHost())
                + ":" + port();
    }

    /** Whether the gateway has read its topics up to where they were at start. */
    public boolean ready() {
        return auditTail.caughtUp() && fleetTail.caughtUp();
    }

    public Router router() {
        return router;
    }

    public int auditEvents() {
        return store.size();
    }

    public FleetView fleet() {
        return fleet;
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing the HTTP server: {}", e.toString());
        }
        closeQuietly(auditTail);
        closeQuietly(fleetTail);
        closeQuietly(producer);
        closeQuietly(store);
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing Vert.x: {}", e.toString());
        }
        log.info("gateway stopped");
    }

    private static Map<String, Object> consumerConfig(GatewayConfig config, String what) {
        Map<String, Object> overrides = new HashMap<>(config.kafkaProperties());
        overrides.putIfAbsent("max.poll.records", "2000");
        return KafkaSettings.consumer(config.kafkaBootstrapServers(), config.kafkaClientId() + "-" + what, null,
                overrides);
    }

    private static Map<TopicPartition, Long> auditStarts(AuditStore store, KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions) {
        Map<TopicPartition, Long> starts = new HashMap<>();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        store.nextOffsets().forEach((partition, next) -> {
            TopicPartition tp = partitions.stream().filter(p -> p.partition() == partition).findFirst().orElse(null);
            if (tp == null) {
                log.error("audit store has events of partition {} which the topic no longer has", partition);
                return;
            }
            if (next > ends.getOrDefault(tp, 0L)) {
                log.error("audit store is ahead of {} ({} > {}): the topic was re-created? Delete the audit"
                        + " directory to rebuild from the topic", tp, next, ends.get(tp));
            }
            starts.put(tp, next);
        });
        return starts;
    }

    private static Map<TopicPartition, Long> fleetStarts(GatewayConfig config, Clock clock,
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> starts = new HashMap<>();
        Map<TopicPartition, Long> times = new HashMap<>();
        long from = clock.millis() - config.nodeEventsLookbackMs();
        partitions.stream().filter(p -> p.topic().equals(config.topics().nodeEvents())).forEach(p -> times.put(p, from));
        if (!times.isEmpty()) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
            Map<TopicPartition, Long> ends = consumer.endOffsets(times.keySet());
            times.keySet().forEach(tp -> {
                OffsetAndTimestamp at = found.get(tp);
                starts.put(tp, at == null ? ends.get(tp) : at.offset());
            });
        }
        return starts;
    }

    private static void ingestAudit(ConsumerRecords<byte[], byte[]> records, EventReader reader, AuditStore store,
            RequestTracker tracker, LiveEvents live, GatewayMetrics metrics, ObjectMapper mapper) {
        List<AuditStore.Incoming> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Optional<Envelope> envelope = reader.read(record);
            if (envelope.isEmpty()) {
                continue;
            }
            if (envelope.get().type() != EventType.AUDIT) {
                reader.deadLetter(record, "the audit topic carries only " + EventType.AUDIT.ceType() + ", not "
                        + envelope.get().type().ceType());
                continue;
            }
            AuditEvent event = envelope.get().dataAs(AuditEvent.class);
            batch.add(new AuditStore.Incoming(record.partition(), record.offset(), event, json(mapper, event)));
        }
        int stored = store.append(batch);
        metrics.auditIngested(stored);
        for (AuditStore.Incoming in : batch) {
            tracker.onAudit(in.event());
            live.publish("audit", in.event().havipId(), new String(in.json(), StandardCharsets.UTF_8));
        }
    }

    private static void ingestFleet(ConsumerRecords<byte[], byte[]> records, EventReader reader, FleetView fleet,
            LiveEvents live, ObjectMapper mapper) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() == null && record.key() != null) {
                String havip = new String(record.key(), StandardCharsets.UTF_8);
                if (fleet.remove(havip)) {
                    live.publish("havip-removed", havip, "{\"havipId\":" + quote(mapper, havip) + "}");
                }
                continue;
            }
            Optional<Envelope> envelope = reader.read(record);
            if (envelope.isEmpty()) {
                continue;
            }
            Envelope e = envelope.get();
            if (e.data() instanceof HavipState state) {
                if (fleet.apply(state)) {
                    live.publish("havip-state", state.havipId(), new String(json(mapper, state),
                            StandardCharsets.UTF_8));
                }
            } else if (e.data() instanceof NodeEvent event) {
                fleet.apply(event, e.time());
                if (!(event instanceof Heartbeat)) {
                    live.publish("node-event", event.havipId(), "{\"type\":" + quote(mapper, e.type().name())
                            + ",\"event\":" + new String(json(mapper, event), StandardCharsets.UTF_8) + "}");
                }
            } else {
                reader.deadLetter(record, e.type().ceType() + " does not belong on " + record.topic());
            }
        }
    }

    /**
     * Learns the partitions of the topics the gateway writes, in the background, so the first operator
     * request does not wait for metadata; the gateway itself starts (unready) even with Kafka away.
     */
    private static void warmUp(KafkaProducer<byte[], byte[]> producer, GatewayConfig config) {
        Thread t = new Thread(() -> {
            try {
                producer.partitionsFor(config.topics().requests());
                producer.partitionsFor(config.topics().audit());
            } catch (RuntimeException e) {
                log.warn("cannot learn the partitions of {} yet: {}", config.topics().requests(), e.toString());
            }
        }, "vipwarden-gateway-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** Rebuilds the request tracker from the audit store after a restart. */
    private static void seed(RequestTracker tracker, AuditStore store, int max, ObjectMapper mapper) {
        if (store.size() == 0) {
            return;
        }
        for (AuditEvent.Type type : List.of(AuditEvent.Type.OPERATOR_REQUEST, AuditEvent.Type.REQUEST_OUTCOME)) {
            AuditPage page = store.query(AuditQuery.newest(max).withType(type));
            for (int i = page.entries().size() - 1; i >= 0; i--) {
                try {
                    tracker.onAudit(mapper.readValue(page.entries().get(i).json(), AuditEvent.class));
                } catch (IOException e) {
                    log.warn("audit store entry {} unreadable: {}", page.entries().get(i).seq(), e.toString());
                }
            }
        }
    }

    private static byte[] json(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    private static String quote(ObjectMapper mapper, String s) {
        return new String(json(mapper, s), StandardCharsets.UTF_8);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
