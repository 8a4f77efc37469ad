package io.vipwarden.coordinator.runtime;

import com.hazelcast.core.HazelcastInstance;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.cloud.HavipProvider;
import io.vipwarden.coordinator.config.CoordinatorConfig;
import io.vipwarden.coordinator.decision.DecisionEngine;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.executor.CloudExecutor;
import io.vipwarden.coordinator.executor.Outbox;
import io.vipwarden.coordinator.metrics.CoordinatorMetrics;
import io.vipwarden.coordinator.metrics.HttpEndpoints;
import io.vipwarden.coordinator.reconcile.Reconciler;
import io.vipwarden.coordinator.store.CloudBinding;
import io.vipwarden.coordinator.store.ClusterMember;
import io.vipwarden.coordinator.store.FencingStore;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.TopicNames;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.EventReader;
import io.vipwarden.messaging.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running coordinator: a Hazelcast member holding the fencing store, a Kafka consumer in the
 * coordinators' group, the cloud executor, the reconciler, timers and the HTTP endpoints. Start
 * several in one JVM for tests and the sandbox; {@link #close()} leaves politely, {@link #kill()}
 * drops out the way a crashed process would (Hazelcast terminated without migration handshakes).
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
    private static final long RESTORE_RETRY_MS = 500;

    /**
     * What a caller may supply besides the config: the clock, the cloud provider (made with the
     * coordinator's metric registry, so its call metrics appear on the same /metrics), and a hook
     * that runs before every cloud call (tests delay an executor with it).
     */
    public record Options(Clock clock, Function<PrometheusRegistry, HavipProvider> provider,
            CloudExecutor.BeforeRun beforeRun) {
        public static Options of(Function<PrometheusRegistry, HavipProvider> provider) {
            return new Options(Clock.systemUTC(), provider, CloudExecutor.BeforeRun.NONE);
        }

        public Options withBeforeRun(CloudExecutor.BeforeRun hook) {
            return new Options(clock, provider, hook);
        }
    }

    private final CoordinatorConfig config;
    private final HazelcastInstance hz;
    private final FencingStore store;
    private final Producer<byte[], byte[]> producer;
    private final EventPublisher publisher;
    private final Admin admin;
    private final CloudExecutor executor;
    private final Reconciler reconciler;
    private final DecisionRunner runner;
    private final EventLoop loop;
    private final Thread loopThread;
    private final ScheduledExecutorService timers;
    private final HttpEndpoints http;
    private final CoordinatorMetrics metrics;
    private final HavipProvider provider;
    private final String memberId;
    private final StateRestore restore;
    private final AtomicBoolean restoring = new AtomicBoolean();
    private final AtomicLong partitionsLost = new AtomicLong();
    private volatile boolean kafkaUp;
    private volatile boolean restored;
    private final Set<String> reconcilePending = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    private Coordinator(CoordinatorConfig config, Options options) {
        this.config = config;
        this.memberId = config.memberId();
        Clock clock = options.clock();
        TopicNames topics = config.topics();
        PrometheusRegistry registry = new PrometheusRegistry();
        metrics = new CoordinatorMetrics(registry);
        provider = options.provider().apply(registry);

        hz = ClusterMember.start(config.cluster());
        store = new FencingStore(hz, config.cluster().quorumSize());

        producer = new KafkaProducer<>(KafkaSettings.producer(config.kafkaBootstrapServers(), memberId,
                config.kafkaProducer()));
        EventCodec codec = new EventCodec();
        publisher = new EventPublisher(producer, codec);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
        Outbox outbox = new Outbox(publisher, topics, memberId, clock, metrics, ok -> {
            if (!ok) {
                kafkaUp = false;
            }
        });
        DecisionEngine engine = new DecisionEngine(config.engine(), clock);
        executor = new CloudExecutor(provider, store::current, outbox, metrics, config.executorThreads(),
                memberId, options.beforeRun());
        // The reconciler and the state topic read the HaVips this member holds through the runner's
        // view (liveness as seen here), the others from the store.
        LocalView held = new LocalView(config.engine());
        reconciler = new Reconciler(id -> {
            HavipRecord r = held.view(id);
            return r != null ? r : store.get(id, clock.instant());
        }, store::currentEpoch, provider, outbox, metrics, config.engine(), clock);
        runner = new DecisionRunner(store, engine, outbox, executor, reconciler, metrics, clock, held);
        outbox.cloudBindings(runner::cloudBinding);
        reconciler.onCloudObserved((havipId, d) -> {
            var binding = new CloudBinding(d.associatedInstances(), d.masterInstanceId(), clock.instant());
            runner.cloudObserved(havipId, binding);
            return store.recordCloudBinding(havipId, binding);
        });
        restore = new StateRestore(KafkaSettings.consumer(config.kafkaBootstrapServers(), memberId + "-restore", null,
                Map.of()), KafkaSettings.consumer(config.kafkaBootstrapServers(), memberId + "-restore",
                config.groupId(), Map.of()), topics, codec, store, outbox, clock, RESTORE_TIMEOUT);

        Map<String, Object> consumerOverrides = new HashMap<>(config.kafkaConsumer());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(
                config.kafkaBootstrapServers(), memberId, config.groupId(), consumerOverrides));
        EventReader reader = new EventReader(codec, producer, topics.deadLetter(), memberId, clock);
        loop = new EventLoop(consumer, reader, topics, runner, this::mayDecide, memberId, clock,
                config.tickInterval(), config.reconcileInterval(), config.engine().heartbeatInterval());

        metrics.gauges(store::hasQuorum, () -> kafkaUp, this::mayDecide, this::fencedNodes);
        try {
            http = new HttpEndpoints(config.httpHost(), config.httpPort(), registry, this::notReadyReason,
                    "coordinator-http-" + memberId);
        } catch (IOException e) {
            hz.getLifecycleService().terminate();
            producer.close();
            admin.close();
            throw new UncheckedIOException("cannot listen on " + config.httpHost() + ":" + config.httpPort(), e);
        }

        timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "coordinator-timer-" + memberId);
            t.setDaemon(true);
            return t;
        });
        checkKafka();
        timers.scheduleWithFixedDelay(this::checkKafka, 1000, 1000, TimeUnit.MILLISECONDS);
        long reconcile = config.reconcileInterval().toMillis();
        timers.scheduleWithFixedDelay(this::reconcileAll, reconcile, reconcile, TimeUnit.MILLISECONDS);
        store.onPartitionLost(() -> {
            if (partitionsLost.incrementAndGet() == 1 || restored) {
                log.error("{}: the fencing store lost a partition and its backups: deciding stops until it is"
                        + " restored", memberId);
            }
            restored = false;
            startRestore();
        });
        startRestore();
        loopThread = new Thread(loop, "coordinator-events-" + memberId);
        loopThread.setDaemon(true);
        loopThread.start();
        log.info("coordinator {} started: cluster {} members {}, http {}:{}, effective config {}", memberId,
                config.cluster().clusterName(), config.cluster().members(), config.httpHost(), http.port(),
                config.effective());
    }

    /** Starts a coordinator in this JVM. */
    public static Coordinator start(CoordinatorConfig config, Options options) {
        return new Coordinator(config, options);
    }

    public String memberId() {
        return memberId;
    }

    public int httpPort() {
        return http.port();
    }

    public CoordinatorMetrics metrics() {
        return metrics;
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }

    /** The stored record of a HaVip (throws without quorum). */
    public HavipRecord havip(String havipId) {
        return store.get(havipId, Clock.systemUTC().instant());
    }

    public boolean hasQuorum() {
        return running && store.hasQuorum();
    }

    /** Whether this member takes decisions now: running, quorum, Kafka. */
    public boolean mayDecide() {
        return notReadyReason() == null;
    }

    private String notReadyReason() {
        if (!running) {
            return "stopped";
        }
        if (!store.hasQuorum()) {
            return "no quorum: sees " + clusterSize() + " of " + config.cluster().coordinatorCount()
                    + " coordinators, needs " + config.cluster().quorumSize();
        }
        if (!kafkaUp) {
            return "Kafka unreachable at " + config.kafkaBootstrapServers();
        }
        if (!restored) {
            return "restoring the fencing store from " + config.topics().havipState() + " and "
                    + config.topics().commands();
        }
        return null;
    }

    /**
     * Checks the store against what the coordinators published (see {@link StateRestore}) on its own
     * thread, retrying until it has quorum and Kafka; until then this member decides nothing.
     */
    private void startRestore() {
        if (!restoring.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                while (running && !restored) {
                    if (store.hasQuorum() && kafkaUp) {
                        try {
                            long lostBefore = partitionsLost.get();
                            StateRestore.Outcome o = restore.run();
                            if (partitionsLost.get() != lostBefore) {
                                continue; // lost more while reading: read again
                            }
                            restored = true;
                            log.info("{}: fencing store checked against {} records ({} HaVips published, {} unreadable):"
                                    + " {} behind, {} restored, node-events backlog {}", memberId, o.recordsRead(),
                                    o.havipsPublished(), o.unreadable(), o.behind(), o.restored(),
                                    o.backlogRead() ? "read" : "not read (nothing to restore)");
                            return;
                        } catch (Exception e) {
                            log.warn("{}: restoring the fencing store failed, retrying: {}", memberId, e.toString());
                        }
                    }
                    Thread.sleep(RESTORE_RETRY_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                restoring.set(false);
                if (running && !restored && !Thread.currentThread().isInterrupted()) {
                    startRestore(); // a partition was lost just as this pass ended
                }
            }
        }, "coordinator-restore-" + memberId);
        t.setDaemon(true);
        t.start();
    }

    private int clusterSize() {
        try {
            return hz.getCluster().getMembers().size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void checkKafka() {
        try {
            kafkaUp = !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes()
                    .get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            if (kafkaUp) {
                log.warn("{}: Kafka unreachable: {}", memberId, e.toString());
            }
            kafkaUp = false;
        }
    }

    private void reconcileAll() {
        if (!mayDecide()) {
            return;
        }
        try {
            // The HaVips whose events this member consumes: their liveness is known here.
            for (String havipId : List.copyOf(runner.view().havips())) {
                // One round per HaVip at a time: when the lanes are slower than the interval (a large
                // fleet, a slow cloud), rounds must not pile up ahead of the failovers' own calls.
                if (!reconcilePending.add(havipId)) {
                    metrics.reconcileSkipped();
                    continue;
                }
                executor.inBackground(havipId, () -> {
                    try {
                        if (mayDecide()) {
                            reconciler.reconcile(havipId);
                        }
                    } finally {
                        reconcilePending.remove(havipId);
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("{}: reconcile round failed: {}", memberId, e.toString());
        }
    }

    private double fencedNodes() {
        if (!running || !store.hasQuorum()) {
            return -1;
        }
        try {
            long n = 0;
            for (String id : store.localHavips()) {
                n += store.get(id, Clock.systemUTC().instant()).members().values().stream().filter(m -> m.fenced()).count();
            }
            return n;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Stops deciding at once and leaves the cluster and the consumer group politely. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        timers.shutdownNow();
        loop.stop();
        join();
        executor.close();
        http.close();
        hz.shutdown();
        producer.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
        provider.close();
        log.info("coordinator {} stopped", memberId);
    }

    /**
     * Dies like a crashed process as far as the cluster can tell: Hazelcast is terminated at once (no
     * graceful partition hand-over), timers and cloud calls stop mid-flight, nothing more is published.
     */
    public void kill() {
        if (!running) {
            return;
        }
        running = false;
        hz.getLifecycleService().terminate();
        timers.shutdownNow();
        executor.close();
        loop.stop();
        join();
        http.close();
        producer.close(Duration.ZERO);
        admin.close(Duration.ZERO);
        provider.close();
        log.info("coordinator {} killed", memberId);
    }

    private void join() {
        try {
            loopThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
