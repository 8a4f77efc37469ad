package io.vipwarden.chaos.record;

import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.Entry.GrantSource;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Command;
import io.vipwarden.events.CommandResult;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.EventType;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.MalformedEventException;
import io.vipwarden.events.TopicNames;
import io.vipwarden.messaging.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what the services said on Kafka, from the beginning of each topic, on its own thread:
 * commands issued, command results, audit events, and grants (each new owner/epoch pair on the
 * HaVip state topic). Entries carry the recorder's clock at the time it read them.
 */
public final class KafkaRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaRecorder.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicNames topics;
    private final Consumer<Entry> history;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();
    private final Set<String> grants = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long recordsRead;

    public KafkaRecorder(String bootstrapServers, TopicNames topics, Consumer<Entry> history, Clock clock) {
        this.topics = topics;
        this.history = history;
        this.clock = clock;
        this.consumer = new KafkaConsumer<>(KafkaSettings.consumer(bootstrapServers, "chaos-recorder", null,
                Map.of("auto.offset.reset", "earliest")));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.commands(), topics.nodeEvents(), topics.audit(), topics.havipState())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "chaos-recorder-kafka");
        thread.setDaemon(true);
        thread.start();
    }

    /** Records read so far (the runner waits for this to settle before it ends a history). */
    public long recordsRead() {
        return recordsRead;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    recordsRead++;
                    try {
                        record(r.topic(), codec.decode(r.value()));
                    } catch (MalformedEventException | RuntimeException e) {
                        log.warn("chaos recorder skips an unreadable record on {}: {}", r.topic(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void record(String topic, Envelope envelope) {
        var now = clock.instant();
        if (envelope.data() instanceof Command c) {
            history.accept(new Entry.CommandIssued(now, c.havipId(), c.nodeId(), c.commandId(),
                    EventType.of(c).name(), c.epoch(), c.issuedBy()));
        } else if (envelope.data() instanceof CommandResult r) {
            history.accept(new Entry.CommandOutcome(now, r.havipId(), r.nodeId(), r.commandId(),
                    r.commandType().name(), r.epoch(), r.outcome().name()));
        } else if (envelope.data() instanceof AuditEvent a) {
            history.accept(Entry.AuditProduced.of(now, a));
        } else if (envelope.data() instanceof HavipState s && topic.equals(topics.havipState())
                && s.ownerNode() != null && grants.add(s.havipId() + "|" + s.ownerNode() + "|" + s.epoch())) {
            history.accept(new Entry.Grant(now, s.havipId(), s.ownerNode(), s.epoch(), GrantSource.STATE_TOPIC));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
