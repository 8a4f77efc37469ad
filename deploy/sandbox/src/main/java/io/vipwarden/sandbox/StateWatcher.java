package io.vipwarden.sandbox;

import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Command;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.TopicNames;
import io.vipwarden.messaging.EventReader;
import io.vipwarden.messaging.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Watches what the control plane says (HaVip state, audit, commands) so the sandbox can wait for
 * outcomes and report them. Reads the topics like any outside observer would.
 */
public final class StateWatcher implements AutoCloseable {
    private final Map<String, HavipState> states = new ConcurrentHashMap<>();
    private final List<Observed<AuditEvent>> audit = new CopyOnWriteArrayList<>();
    private final List<Observed<Command>> commands = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** An event and when the watcher saw it. */
    public record Observed<T>(T event, Instant seenAt) {
    }

    public StateWatcher(String bootstrapServers, TopicNames topics, Clock clock) {
        EventCodec codec = new EventCodec();
        thread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(bootstrapServers,
                    "sandbox-watcher", null, Map.of()));
                    Producer<byte[], byte[]> dlq = new KafkaProducer<>(
                            KafkaSettings.producer(bootstrapServers, "sandbox-watcher-dlq", Map.of()))) {
                EventReader reader = new EventReader(codec, dlq, topics.deadLetter(), "sandbox-watcher", clock);
                List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
                for (String topic : List.of(topics.havipState(), topics.audit(), topics.commands())) {
                    consumer.partitionsFor(topic).forEach(p ->
                            partitions.add(new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        reader.read(record).ifPresent(envelope -> {
                            Instant now = clock.instant();
                            if (envelope.data() instanceof HavipState s) {
                                states.put(s.havipId(), s);
                            } else if (envelope.data() instanceof AuditEvent a) {
                                audit.add(new Observed<>(a, now));
                            } else if (envelope.data() instanceof Command c) {
                                commands.add(new Observed<>(c, now));
                            }
                        });
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                Thread.currentThread().interrupt();
            }
        }, "sandbox-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    public Optional<HavipState> state(String havipId) {
        return Optional.ofNullable(states.get(havipId));
    }

    public Map<String, HavipState> states() {
        return Map.copyOf(states);
    }

    public List<Observed<AuditEvent>> audit() {
        return List.copyOf(audit);
    }

    public List<Observed<Command>> commands() {
        return List.copyOf(commands);
    }

    /** Waits until the HaVip's state satisfies {@code condition}; returns it, or empty on timeout. */
    public Optional<HavipState> awaitState(String havipId, Predicate<HavipState> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HavipState s = states.get(havipId);
            if (s != null && condition.test(s)) {
                return Optional.of(s);
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
