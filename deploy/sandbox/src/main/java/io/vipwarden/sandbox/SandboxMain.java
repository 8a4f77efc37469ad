package io.vipwarden.sandbox;

import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.EventReader;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./vipwarden sandbox}: vipwarden on one machine, with nothing to install. Starts a real
 * in-process Kafka broker with the vipwarden topics, simulated keepalived pairs publishing
 * heartbeats and VRRP transitions, and a reader that prints what flows.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run vipwarden on this machine: an in-process Kafka broker and simulated HaVip pairs.")
public final class SandboxMain implements Callable<Integer> {
    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Stop after this many seconds (0: run until Ctrl-C). Default: ${DEFAULT-VALUE}.")
    long durationSeconds = 0;

    @Option(names = "--pairs", paramLabel = "N", description = "HaVip pairs to simulate (1-100). Default: ${DEFAULT-VALUE}.")
    int pairs = 3;

    private final PrintStream out = System.out;
    private final Clock clock = Clock.systemUTC();
    private final EventCodec codec = new EventCodec();

    public static void main(String[] args) {
        System.exit(new CommandLine(new SandboxMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (pairs < 1 || pairs > 100) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--pairs must be 1..100, got " + pairs);
        }
        if (durationSeconds < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--duration must be >= 0, got " + durationSeconds);
        }
        TopicNames topics = TopicNames.defaults();
        out.println("vipwarden sandbox: starting an in-process Kafka broker...");
        try (EmbeddedKafka kafka = EmbeddedKafka.create().start()) {
            kafka.createTopics(topics, 3);
            out.println("broker: " + kafka.bootstrapServers() + "  topics: " + topics.prefix() + ".*");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "sandbox-ctrl-c"));
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong seen = new AtomicLong();
            Thread reader = new Thread(() -> readLoop(kafka.bootstrapServers(), topics, running, seen), "sandbox-reader");
            reader.start();
            ScheduledExecutorService nodes = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sandbox-nodes"));
            try (Producer<byte[], byte[]> producer = new KafkaProducer<>(
                    KafkaSettings.producer(kafka.bootstrapServers(), "sandbox-nodes", Map.of()));
                    EventPublisher publisher = new EventPublisher(producer, codec)) {
                SimulatedFleet fleet = new SimulatedFleet(pairs);
                fleet.start().forEach(e -> publish(publisher, topics, e));
                nodes.scheduleAtFixedRate(() -> fleet.tick().forEach(e -> publish(publisher, topics, e)),
                        1, 1, TimeUnit.SECONDS);
                if (durationSeconds > 0) {
                    stop.await(durationSeconds, TimeUnit.SECONDS);
                } else {
                    stop.await();
                }
                nodes.shutdownNow();
                nodes.awaitTermination(5, TimeUnit.SECONDS);
                publisher.flush();
            } finally {
                running.set(false);
                reader.join(10_000);
            }
            out.println("vipwarden sandbox: " + seen.get() + " events read from " + topics.nodeEvents() + "; stopping.");
            return seen.get() > 0 ? 0 : 1;
        }
    }

    private void publish(EventPublisher publisher, TopicNames topics, NodeEvent event) {
        publisher.publish(topics.nodeEvents(), Envelope.wrap("/vipwarden/sandbox/" + event.nodeId(), event, clock));
    }

    private void readLoop(String bootstrap, TopicNames topics, AtomicBoolean running, AtomicLong seen) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                KafkaSettings.consumer(bootstrap, "sandbox-reader", "sandbox-reader", Map.of()));
                Producer<byte[], byte[]> dlq = new KafkaProducer<>(KafkaSettings.producer(bootstrap, "sandbox-dlq", Map.of()))) {
            EventReader events = new EventReader(codec, dlq, topics.deadLetter(), "sandbox-reader", clock);
            consumer.subscribe(List.of(topics.nodeEvents()));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    events.read(record).ifPresent(envelope -> {
                        long n = seen.incrementAndGet();
                        if (envelope.data() instanceof VrrpTransition t) {
                            out.printf("%s  %-10s %-8s %s -> %s (priority %d, from %s)%n", envelope.time(), t.havipId(),
                                    t.nodeId(), t.from(), t.to(), t.priority(), t.source());
                        } else if (envelope.data() instanceof Heartbeat h && n % 20 == 0) {
                            out.printf("%s  %-10s %-8s heartbeat #%d %s healthy=%s (%d events so far)%n",
                                    envelope.time(), h.havipId(), h.nodeId(), h.sequence(), h.vrrpState(), h.healthy(), n);
                        }
                    });
                }
                consumer.commitAsync();
            }
        }
    }

    /** keepalived pairs as the sandbox imagines them: node 1 of each pair MASTER, node 2 BACKUP. */
    static final class SimulatedFleet {
        private final int pairs;
        private final String incarnation = UUID.randomUUID().toString();
        private long sequence;

        SimulatedFleet(int pairs) {
            this.pairs = pairs;
        }

        List<NodeEvent> start() {
            List<NodeEvent> events = new java.util.ArrayList<>();
            for (int p = 1; p <= pairs; p++) {
                for (int n = 1; n <= 2; n++) {
                    VrrpState to = n == 1 ? VrrpState.MASTER : VrrpState.BACKUP;
                    events.add(new VrrpTransition(havip(p), node(p, n), incarnation, sequence++, instance(p, n),
                            VrrpTransition.Kind.INSTANCE, "VI_" + p, VrrpState.INIT, to, priority(n),
                            VrrpTransition.Source.FIFO));
                }
            }
            return events;
        }

        List<NodeEvent> tick() {
            List<NodeEvent> events = new java.util.ArrayList<>();
            for (int p = 1; p <= pairs; p++) {
                for (int n = 1; n <= 2; n++) {
                    events.add(new Heartbeat(havip(p), node(p, n), incarnation, sequence++, instance(p, n), "VI_" + p,
                            n == 1 ? VrrpState.MASTER : VrrpState.BACKUP, priority(n), "192.0.2." + (10 + p), true,
                            List.of(), false, 1000));
                }
            }
            return events;
        }

        private static String havip(int p) {
            return "havip-sandbox-" + p;
        }

        private static String node(int p, int n) {
            return "node-" + p + (n == 1 ? "a" : "b");
        }

        private static String instance(int p, int n) {
            return "i-sandbox-" + ((p - 1) * 2 + n);
        }

        private static int priority(int n) {
            return n == 1 ? 100 : 90;
        }
    }
}
