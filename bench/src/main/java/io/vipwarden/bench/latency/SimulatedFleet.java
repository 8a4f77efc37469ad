package io.vipwarden.bench.latency;

import io.vipwarden.events.EventCodec;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The agents of a fleet of HaVip pairs, simulated: for each node, the events its agent would
 * publish (heartbeats every interval, a {@link VrrpTransition} when its keepalived changes state),
 * with the agent's incarnation, sequence numbers, source and producer settings, through the
 * project's {@link EventPublisher}. No agent process, no keepalived: the benchmark decides when a
 * node's keepalived changes state.
 */
final class SimulatedFleet implements AutoCloseable {
    static final String VRRP_INSTANCE = "VI_1";
    private static final int SLOTS = 100;

    /** One node: its identity and what its agent currently reports. Guarded by itself. */
    static final class Node {
        final String nodeId;
        final String instanceId;
        final String havipId;
        final String vip;
        final int priority;
        final String incarnation = UUID.randomUUID().toString();
        private long sequence;
        private VrrpState state;
        private boolean fenced;

        Node(String nodeId, String instanceId, String havipId, String vip, int priority, VrrpState state) {
            this.nodeId = nodeId;
            this.instanceId = instanceId;
            this.havipId = havipId;
            this.vip = vip;
            this.priority = priority;
            this.state = state;
        }

        synchronized VrrpState state() {
            return state;
        }

        synchronized void fenced(boolean value) {
            fenced = value;
        }
    }

    /** A HaVip and its two nodes ({@code a} starts as MASTER). */
    record Pair(int index, String havipId, String vip, Node a, Node b) {
        Node other(Node n) {
            return n == a ? b : a;
        }

        Node node(String nodeId) {
            return a.nodeId.equals(nodeId) ? a : b.nodeId.equals(nodeId) ? b : null;
        }
    }

    private final EventPublisher publisher;
    private final TopicNames topics;
    private final Clock clock;
    private final long heartbeatIntervalMs;
    private final List<Pair> pairs = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-fleet-heartbeats");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    SimulatedFleet(String bootstrap, TopicNames topics, int pairCount, long heartbeatIntervalMs, Clock clock,
            Naming names) {
        // the agent's own producer settings (Agent.producerConfig), with room for a whole fleet's buffers
        this.publisher = new EventPublisher(new KafkaProducer<>(KafkaSettings.producer(bootstrap, "bench-fleet",
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000))), new EventCodec());
        this.topics = topics;
        this.clock = clock;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        for (int i = 0; i < pairCount; i++) {
            String havip = names.havip(i);
            String vip = names.vip(i);
            pairs.add(new Pair(i, havip, vip,
                    new Node(names.node(i, 'a'), names.instance(i, 'a'), havip, vip, 100, VrrpState.MASTER),
                    new Node(names.node(i, 'b'), names.instance(i, 'b'), havip, vip, 90, VrrpState.BACKUP)));
        }
    }

    /** How the fleet's HaVips, nodes and instances are named. */
    interface Naming {
        String havip(int i);

        String vip(int i);

        String node(int i, char side);

        String instance(int i, char side);
    }

    List<Pair> pairs() {
        return pairs;
    }

    /**
     * Every agent reports its keepalived's state as read from the JSON dump at start (UNKNOWN → the
     * state), then heartbeats begin, each node at its own phase within the interval, as independent
     * agents would.
     */
    void start() {
        for (Pair p : pairs) {
            for (Node n : List.of(p.a(), p.b())) {
                transition(n, VrrpState.UNKNOWN, n.state(), VrrpTransition.Source.JSON_DUMP, e -> { });
            }
        }
        long slotMs = Math.max(1, heartbeatIntervalMs / SLOTS);
        int[] slot = {0};
        timer.scheduleAtFixedRate(() -> {
            int s = slot[0];
            slot[0] = (s + 1) % SLOTS;
            for (int i = s; i < pairs.size(); i += SLOTS) {
                heartbeat(pairs.get(i).a());
                heartbeat(pairs.get(i).b());
            }
        }, slotMs, slotMs, TimeUnit.MILLISECONDS);
    }

    /** Publishes the node's keepalived changing to {@code to}; {@code beforeSend} sees the envelope first. */
    Envelope transition(Node n, VrrpState to, Consumer<Envelope> beforeSend) {
        synchronized (n) {
            return transition(n, n.state, to, VrrpTransition.Source.FIFO, beforeSend);
        }
    }

    private Envelope transition(Node n, VrrpState from, VrrpState to, VrrpTransition.Source source,
            Consumer<Envelope> beforeSend) {
        synchronized (n) {
            n.state = to;
            return publish(n, seq -> new VrrpTransition(n.havipId, n.nodeId, n.incarnation, seq, n.instanceId,
                    VrrpTransition.Kind.INSTANCE, VRRP_INSTANCE, from, to, n.priority, source), beforeSend);
        }
    }

    private void heartbeat(Node n) {
        synchronized (n) {
            publish(n, seq -> new Heartbeat(n.havipId, n.nodeId, n.incarnation, seq, n.instanceId, VRRP_INSTANCE,
                    n.state, n.priority, n.vip, true, List.of(), n.fenced, heartbeatIntervalMs), e -> { });
            heartbeats.incrementAndGet();
        }
    }

    /** Under the node's lock: sequence numbers go to the broker in the order they were given. */
    private Envelope publish(Node n, LongFunction<NodeEvent> event, Consumer<Envelope> beforeSend) {
        Envelope envelope = Envelope.wrap("/vipwarden/agent/" + n.nodeId, event.apply(++n.sequence), clock);
        beforeSend.accept(envelope);
        publisher.publish(topics.nodeEvents(), envelope).whenComplete((m, e) -> {
            if (e != null) {
                failures.incrementAndGet();
            }
        });
        return envelope;
    }

    long heartbeatsPublished() {
        return heartbeats.get();
    }

    long failedPublishes() {
        return failures.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }
}
