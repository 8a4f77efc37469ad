package io.vipwarden.coordinator.it;

import io.vipwarden.cloud.CloudConfigException;
import io.vipwarden.coordinator.config.ConfigException;
import io.vipwarden.coordinator.config.CoordinatorConfig;
import io.vipwarden.coordinator.executor.CloudExecutor;
import io.vipwarden.coordinator.runtime.CloudProviders;
import io.vipwarden.coordinator.runtime.Coordinator;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Command;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.Message;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.FreePorts;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import io.vipwarden.testbed.emulator.VpcState;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything a coordinator integration test needs, all real: the shared in-process Kafka broker
 * with fresh topics, the Alibaba VPC API emulator with HaVips, coordinators on loopback Hazelcast
 * ports using the real Alibaba provider, simulated nodes publishing through the real publisher, and
 * a reader collecting what the coordinators publish on audit and commands.
 */
final class Testbed implements AutoCloseable {
    static final String KEY_ID = "LTAIcoordinatorIT";
    static final String SECRET = "coordinator-it-secret";

    final EmbeddedKafka kafka;
    final TopicNames topics;
    final AliyunVpcEmulator emulator;
    final EventPublisher publisher;
    final List<Coordinator> coordinators = new CopyOnWriteArrayList<>();
    final List<Message> published = new CopyOnWriteArrayList<>();
    final String clusterName = "it-" + UUID.randomUUID();
    final List<Integer> ports = new ArrayList<>();
    final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final EventCodec codec = new EventCodec();
    private final Thread readerThread;
    private volatile boolean reading = true;
    private final Path stateFile;

    Testbed(String label, List<String> havipIds) throws IOException {
        this(label, havipIds, EmbeddedKafka.shared());
    }

    Testbed(String label, List<String> havipIds, EmbeddedKafka kafka) throws IOException {
        this.kafka = kafka;
        topics = kafka.freshTopics(label, 3);
        stateFile = Files.createTempFile("emulator-", ".json");
        VpcState base = VpcState.defaultTopology();
        List<VpcState.SavedHaVip> havips = new ArrayList<>();
        int ip = 50;
        for (String id : havipIds) {
            havips.add(new VpcState.SavedHaVip(id, "vsw-sandbox", "192.0.2." + ip++, id, "coordinator IT",
                    Instant.now().toString(), List.of(), null));
        }
        new VpcState(base.regionId(), base.vpcs(), base.vSwitches(), base.instances(), havips).save(stateFile);
        emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults().withStateFile(stateFile)
                .withCredentials(Map.of(KEY_ID, SECRET)).withAssociationDelay(Duration.ofMillis(100))
                .withMaxAssociatedInstances(3));
        publisher = new EventPublisher(new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers(),
                "it-agents", Map.of())), codec);
        readerThread = new Thread(this::read, "it-reader-" + label);
        readerThread.setDaemon(true);
        readerThread.start();
    }

    /** Starts {@code n} members forming one cluster, each listing all {@code n}; quorum is a majority of n. */
    List<Coordinator> startCluster(int n, CloudExecutor.BeforeRun hook) {
        ports.addAll(FreePorts.onLoopback(n));
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        List<Thread> starters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = new Thread(() -> coordinators.add(start(index, members, n, hook)), "start-c" + index);
            t.start();
            starters.add(t);
        }
        for (Thread t : starters) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (coordinators.size() != n) {
            throw new IllegalStateException("only " + coordinators.size() + " of " + n + " coordinators started");
        }
        return coordinators;
    }

    /**
     * Every member dies at once, as in a full control-plane restart: the Hazelcast map goes with them.
     * {@link #startCluster} then starts a new set on new ports.
     */
    void killAll() {
        coordinators.forEach(Coordinator::kill);
        coordinators.clear();
        ports.clear();
    }

    Coordinator start(int index, List<String> members, int coordinatorCount, CloudExecutor.BeforeRun hook) {
        return start(index, members, coordinatorCount, hook, Map.of());
    }

    Coordinator start(int index, List<String> members, int coordinatorCount, CloudExecutor.BeforeRun hook,
            Map<String, Object> overrides) {
        Map<String, Object> c = new HashMap<>();
        c.put("member.id", "c" + index);
        c.put("cluster.name", clusterName);
        c.put("cluster.port", Integer.parseInt(members.get(index).split(":")[1]));
        c.put("cluster.members", members);
        c.put("cluster.coordinator.count", coordinatorCount);
        c.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        c.put("kafka.topic.prefix", topics.prefix());
        c.put("kafka.group.id", "coordinators-" + clusterName);
        c.put("heartbeat.interval.ms", SimulatedNode.INTERVAL_MS);
        c.put("holddown.ms", 1500);
        c.put("rejoin.after.ms", 1500);
        c.put("refence.after.ms", 1000);
        c.put("tick.interval.ms", 100);
        c.put("reconcile.interval.ms", 700);
        c.put("http.port", 0);
        c.put("cloud.provider", "alibaba");
        c.put("cloud.alibaba.endpoint", emulator.endpoint());
        c.put("cloud.alibaba.protocol", "http");
        c.put("cloud.call.timeout.ms", 2000);
        c.put("cloud.operation.timeout.ms", 8000);
        c.put("cloud.retry.initial.backoff.ms", 20);
        c.put("cloud.retry.max.backoff.ms", 200);
        c.put("cloud.associate.poll.interval.ms", 25);
        c.put("hazelcast.max.no.heartbeat.seconds", "4");
        c.put("hazelcast.max.join.seconds", "20");
        c.put("hazelcast.wait.seconds.before.join", "0");
        c.put("kafka.consumer.session.timeout.ms", "6000");
        c.put("kafka.consumer.heartbeat.interval.ms", "500");
        c.putAll(overrides);
        try {
            CoordinatorConfig config = CoordinatorConfig.fromMap(c);
            return Coordinator.start(config, new Coordinator.Options(Clock.systemUTC(),
                    CloudProviders.factory(config.cloudProvider(), config.cloud(), Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID,
                            "ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)), hook));
        } catch (ConfigException | CloudConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    SimulatedNode node(String havipId, String nodeId, String instanceId, int priority) {
        return new SimulatedNode(havipId, nodeId, instanceId, priority, publisher, topics, emulator);
    }

    SimulatedNode startNode(String havipId, String nodeId, String instanceId, int priority, VrrpState initial) {
        return node(havipId, nodeId, instanceId, priority).start(initial, timer);
    }

    /** The newest state the coordinators published for the HaVip, if any. */
    java.util.Optional<io.vipwarden.events.HavipState> latestState(String havipId) {
        return published.stream().filter(m -> m instanceof io.vipwarden.events.HavipState h && h.havipId().equals(havipId))
                .map(m -> (io.vipwarden.events.HavipState) m).reduce((first, second) -> second);
    }

    void request(io.vipwarden.events.OperatorRequest request) {
        publisher.publish(topics.requests(), io.vipwarden.events.Envelope.wrap("/vipwarden/gateway", request,
                Clock.systemUTC()));
    }

    List<AuditEvent> audits(String havipId) {
        return published.stream().filter(m -> m instanceof AuditEvent a && a.havipId().equals(havipId))
                .map(m -> (AuditEvent) m).toList();
    }

    List<Command> commands(String havipId) {
        return published.stream().filter(m -> m instanceof Command c && c.havipId().equals(havipId))
                .map(m -> (Command) m).toList();
    }

    /** Epochs granted, counted from the decision audits ("EPOCH_n" outcomes). */
    Map<Long, Long> grants(String havipId) {
        return audits(havipId).stream()
                .filter(a -> a.type() == AuditEvent.Type.DECISION && a.outcome() != null && a.outcome().startsWith("EPOCH_"))
                .collect(Collectors.groupingBy(a -> Long.parseLong(a.outcome().substring(6)), Collectors.counting()));
    }

    private void read() {
        Map<String, Object> props = KafkaSettings.consumer(kafka.bootstrapServers(), "it-reader", null, Map.of(
                "isolation.level", "read_uncommitted"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.audit(), topics.commands(), topics.havipState())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (reading) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(100));
                } catch (org.apache.kafka.common.errors.InterruptException e) {
                    return;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    try {
                        published.add(codec.decode(r.value()).data());
                    } catch (Exception e) {
                        throw new IllegalStateException("a coordinator published an unreadable record on " + r.topic(), e);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        coordinators.forEach(Coordinator::close);
        reading = false;
        try {
            readerThread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.producer().close(Duration.ofSeconds(2));
        emulator.close();
        try {
            Files.deleteIfExists(stateFile);
        } catch (IOException e) {
            // a temp file; nothing depends on it
        }
    }
}
