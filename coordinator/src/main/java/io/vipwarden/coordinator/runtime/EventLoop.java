package io.vipwarden.coordinator.runtime;

import io.vipwarden.coordinator.decision.Input;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.events.OperatorRequest;
import io.vipwarden.events.TopicNames;
import io.vipwarden.messaging.EventReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's one Kafka consumer (group shared by all coordinators) on node-events and
 * requests, on its own named thread. The member owning a Kafka partition decides for the HaVips
 * keyed to it, holds their records between decisions and runs their timers (see {@link LocalView}).
 * While this member may not decide (no quorum, no Kafka) its partitions are paused and nothing is
 * committed, so the records wait — fail static — instead of being decided or lost; that time is not
 * counted as the nodes' silence.
 */
final class EventLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final EventReader reader;
    private final TopicNames topics;
    private final DecisionRunner runner;
    private final BooleanSupplier mayDecide;
    private final String memberId;
    private static final int MAX_ATTEMPTS_PER_RECORD = 5;

    private final Map<String, Integer> failures = new HashMap<>();
    private final Set<Integer> pendingTakeover = new HashSet<>();
    private final Clock clock;
    private final Duration tickInterval;
    private final Duration refreshInterval;
    private final Duration notReadingAfter;
    private Instant lastRead;
    private Instant nextTick = Instant.MIN;
    private Instant nextRefresh = Instant.MIN;
    private volatile boolean running = true;
    private volatile boolean paused;

    EventLoop(Consumer<byte[], byte[]> consumer, EventReader reader, TopicNames topics, DecisionRunner runner,
            BooleanSupplier mayDecide, String memberId, Clock clock, Duration tickInterval, Duration refreshInterval,
            Duration notReadingAfter) {
        this.consumer = consumer;
        this.clock = clock;
        this.tickInterval = tickInterval;
        this.refreshInterval = refreshInterval;
        this.notReadingAfter = notReadingAfter;
        this.reader = reader;
        this.topics = topics;
        this.runner = runner;
        this.mayDecide = mayDecide;
        this.memberId = memberId;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.nodeEvents(), topics.requests()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    List<Integer> mine = nodeEventPartitions(partitions);
                    pendingTakeover.removeAll(mine);
                    runner.view().revoked(mine);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    log.info("{} now decides for partitions {}", memberId, partitions);
                    List<Integer> mine = nodeEventPartitions(partitions);
                    if (!mine.isEmpty()) {
                        runner.view().assigned(mine, consumer.partitionsFor(topics.nodeEvents()).size());
                        pendingTakeover.addAll(mine);
                    }
                    if (paused) {
                        consumer.pause(partitions);
                    }
                }
            });
            while (running) {
                if (!mayDecide.getAsBoolean()) {
                    if (!paused) {
                        log.warn("{} may not decide (no quorum, no Kafka, or the store is being restored; /readyz says"
                                + " which): pausing consumption", memberId);
                        paused = true;
                        consumer.pause(consumer.assignment());
                    }
                    consumer.poll(Duration.ofMillis(100));
                    continue;
                }
                if (paused) {
                    log.info("{} may decide again: resuming consumption", memberId);
                    paused = false;
                    consumer.resume(consumer.paused());
                    // What is held was read before the pause; the store may have changed meanwhile
                    // (another member decided, or the store was restored): read it again first.
                    nextRefresh = clock.instant();
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                Instant now = clock.instant();
                if (lastRead != null && Duration.between(lastRead, now).compareTo(notReadingAfter) > 0) {
                    runner.view().notReading(lastRead, now);
                }
                lastRead = now;
                if (!pendingTakeover.isEmpty()) {
                    takeOver();
                }
                if (!records.isEmpty()) {
                    handle(records);
                }
                timers(now);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("{} event loop stopped", memberId, e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                log.debug("closing consumer", e);
            }
        }
    }

    private List<Integer> nodeEventPartitions(Collection<TopicPartition> partitions) {
        List<Integer> out = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(topics.nodeEvents())) {
                out.add(tp.partition());
            }
        }
        return out;
    }

    private void takeOver() {
        try {
            runner.takeOver(Set.copyOf(pendingTakeover));
            pendingTakeover.clear();
        } catch (RuntimeException e) {
            log.warn("{} could not read the HaVips of partitions {} yet: {}", memberId, pendingTakeover, e.toString());
        }
    }

    /** The held HaVips' timers and the periodic re-read run here, on the thread that owns their view. */
    private void timers(Instant now) {
        if (!now.isBefore(nextTick)) {
            nextTick = now.plus(tickInterval);
            try {
                runner.tickAll();
            } catch (RuntimeException e) {
                log.warn("{}: tick failed: {}", memberId, e.toString());
            }
        }
        if (!now.isBefore(nextRefresh)) {
            nextRefresh = now.plus(refreshInterval);
            try {
                runner.refreshAll();
            } catch (RuntimeException e) {
                log.warn("{}: re-reading held HaVips failed: {}", memberId, e.toString());
            }
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        boolean failed = false;
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                if (failed || !mayDecide.getAsBoolean() || !decide(record)) {
                    // Leave this record and the rest of the partition for when we may decide again.
                    failed = true;
                    consumer.seek(tp, record.offset());
                    break;
                }
                done.put(tp, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        if (!done.isEmpty()) {
            consumer.commitAsync(done, (offsets, error) -> {
                if (error != null) {
                    log.warn("{} could not commit {}: {}", memberId, offsets, error.toString());
                }
            });
        }
        if (failed) {
            backOff();
        }
    }

    private static void backOff() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return false when the record could not be decided now and must be read again */
    private boolean decide(ConsumerRecord<byte[], byte[]> record) {
        Optional<Envelope> envelope = reader.read(record);
        if (envelope.isEmpty()) {
            return true;
        }
        Envelope e = envelope.get();
        Input input;
        if (record.topic().equals(topics.nodeEvents()) && e.data() instanceof NodeEvent event) {
            input = new Input.FromNode(event, e.time());
        } else if (record.topic().equals(topics.requests()) && e.data() instanceof OperatorRequest request) {
            input = new Input.FromOperator(request, e.time());
        } else {
            reader.deadLetter(record, "a " + e.type() + " does not belong on " + record.topic());
            return true;
        }
        try {
            runner.process(input);
            failures.clear();
            return true;
        } catch (RuntimeException ex) {
            log.warn("{} could not decide on {} from {}-{}@{}: {}", memberId, input.havipId(), record.topic(),
                    record.partition(), record.offset(), ex.toString());
            String at = record.topic() + "-" + record.partition() + "@" + record.offset();
            int attempts = failures.merge(at, 1, Integer::sum);
            if (mayDecide.getAsBoolean() && attempts >= MAX_ATTEMPTS_PER_RECORD) {
                // Quorum and Kafka are fine, yet this record keeps failing: do not let it block the partition.
                failures.remove(at);
                reader.deadLetter(record, "decision failed " + attempts + " times: " + ex);
                return true;
            }
            return false;
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }
}
