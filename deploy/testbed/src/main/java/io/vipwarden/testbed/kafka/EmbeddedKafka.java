package io.vipwarden.testbed.kafka;

import io.vipwarden.events.TopicNames;
import io.vipwarden.testbed.FreePorts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: KRaft, combined broker and controller, one node, listening on
 * 127.0.0.1 only, on ports chosen free at first start and kept across {@link #stop()} /
 * {@link #start()} so clients can watch it go away and come back.
 *
 * <p>Tests share one per JVM through {@link #shared()}; the sandbox makes its own.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();
    private static EmbeddedKafka shared;

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final Map<String, Integer> extraListeners = new java.util.LinkedHashMap<>();
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, boolean deleteOnClose, Map<String, String> overrides,
            List<String> extraListenerNames) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.overrides = Map.copyOf(overrides);
        List<Integer> ports = FreePorts.onLoopback(2 + extraListenerNames.size());
        this.brokerPort = ports.get(0);
        this.controllerPort = ports.get(1);
        for (String name : extraListenerNames) {
            if (!name.matches("[A-Z][A-Z0-9_]*") || name.equals("PLAINTEXT") || name.equals("CONTROLLER")) {
                throw new IllegalArgumentException("a listener name is [A-Z][A-Z0-9_]* and not PLAINTEXT or "
                        + "CONTROLLER, got " + name);
            }
            if (extraListeners.put(name, ports.get(2 + extraListeners.size())) != null) {
                throw new IllegalArgumentException("listener " + name + " given twice");
            }
        }
    }

    /** A new, not yet started broker whose data lives in a fresh temporary directory (deleted on close). */
    public static EmbeddedKafka create() {
        return create(Map.of());
    }

    /** As {@link #create()}, with broker config overrides (Kafka's own keys). */
    public static EmbeddedKafka create(Map<String, String> brokerOverrides) {
        return create(brokerOverrides, List.of());
    }

    /**
     * As {@link #create(Map)}, with more plaintext listeners besides the shared one, each on a port of
     * its own (kept across restarts). A client bootstrapped on such a listener is told that listener's
     * address in metadata, so all of its traffic goes through that port: a fault can cut one client
     * off the broker by dropping that port's packets (see {@link #bootstrapServers(String)}).
     */
    public static EmbeddedKafka create(Map<String, String> brokerOverrides, List<String> extraListenerNames) {
        try {
            return new EmbeddedKafka(Files.createTempDirectory("vipwarden-kafka-"), true, brokerOverrides,
                    extraListenerNames);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
    }

    /** The broker every test in this JVM shares: started on first use, stopped when the JVM exits. */
    public static synchronized EmbeddedKafka shared() {
        if (shared == null) {
            EmbeddedKafka kafka = create();
            kafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-shutdown"));
            shared = kafka;
        }
        return shared;
    }

    /** Formats the log directory on first start, then starts the broker and waits until it answers. */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        Instant begin = Instant.now();
        Properties props = brokerProperties();
        format(props);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
        raftServer.startup();
        server = raftServer;
        awaitReady(Duration.ofSeconds(60));
        log.info("Kafka broker ready at {} in {} ms", bootstrapServers(),
                Duration.between(begin, Instant.now()).toMillis());
        return this;
    }

    /** Stops the broker, keeping its data and ports, so {@link #start()} brings the same cluster back. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The address of one of the extra listeners given at {@link #create(Map, List)}. */
    public String bootstrapServers(String listenerName) {
        return "127.0.0.1:" + listenerPort(listenerName);
    }

    /** The port of one of the extra listeners given at {@link #create(Map, List)}. */
    public int listenerPort(String listenerName) {
        Integer port = extraListeners.get(listenerName);
        if (port == null) {
            throw new IllegalArgumentException("no listener " + listenerName + "; have " + extraListeners.keySet());
        }
        return port;
    }

    /** Creates the vipwarden topics for these names, each with {@code partitions} partitions (dead letter: 1). */
    public void createTopics(TopicNames names, int partitions) {
        List<NewTopic> topics = names.specs(partitions).stream()
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs()))
                .toList();
        try (Admin admin = admin()) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
            awaitVisible(admin, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics", e);
        }
    }

    /**
     * Waits until the broker answers metadata requests with every topic and all its partitions. The
     * controller has created a topic a moment before the broker's metadata shows it; a consumer that
     * asks in between is told the topic has no partitions and, having assigned none, never reads it
     * (seen: a test's audit reader that stayed empty while the audits were there).
     */
    private static void awaitVisible(Admin admin, List<NewTopic> topics)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        Map<String, Integer> wanted = topics.stream().collect(Collectors.toMap(NewTopic::name, NewTopic::numPartitions));
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                Map<String, org.apache.kafka.clients.admin.TopicDescription> found = admin.describeTopics(wanted.keySet())
                        .allTopicNames().get(10, TimeUnit.SECONDS);
                if (wanted.entrySet().stream().allMatch(w -> found.containsKey(w.getKey())
                        && found.get(w.getKey()).partitions().size() == w.getValue())) {
                    return;
                }
            } catch (ExecutionException e) {
                // UnknownTopicOrPartition: not in the broker's metadata yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new java.util.concurrent.TimeoutException("topics " + wanted.keySet()
                        + " created but not visible to clients within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Topic names under a prefix no other caller in this JVM gets, with every topic created: one set of
     * topics per test, so tests never read each other's records.
     */
    public TopicNames freshTopics(String label, int partitions) {
        String safe = label.replaceAll("[^a-zA-Z0-9._-]", "-");
        TopicNames names = TopicNames.withPrefix("t" + TOPIC_SEQUENCE.incrementAndGet() + "-" + safe);
        createTopics(names, partitions);
        return names;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
    }

    @Override
    public synchronized void close() {
        stop();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        StringBuilder extra = new StringBuilder();
        StringBuilder protocols = new StringBuilder();
        extraListeners.forEach((name, port) -> {
            extra.append(',').append(name).append("://127.0.0.1:").append(port);
            protocols.append(',').append(name).append(":PLAINTEXT");
        });
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort + extra);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + extra);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + protocols);
        p.put("log.dirs", dataDir.resolve("log").toString());
        p.put("metadata.log.dir", dataDir.resolve("metadata").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("log.cleaner.backoff.ms", "1000");
        p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "2");
        p.put("log.cleaner.threads", "1");
        p.put("controlled.shutdown.enable", "false");
        p.putAll(overrides);
        return p;
    }

    private void format(Properties props) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(clusterId)
                    .setNodeId(1)
                    .setDirectories(List.of(props.getProperty("log.dirs"), props.getProperty("metadata.log.dir")))
                    .setMetadataLogDirectory(props.getProperty("metadata.log.dir"))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker's log directories in " + dataDir, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for the broker", e);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                }
            }
        }
        throw new IllegalStateException("broker not ready after " + timeout, last);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    /** Topic names currently present on the broker (for tests and the sandbox's own checks). */
    public Set<String> listTopics() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics", e);
        }
    }
}
