package io.vipwarden.coordinator.runtime;

import io.vipwarden.coordinator.decision.Input;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.events.OperatorRequest;
import io.vipwarden.events.TopicNames;
import io.vipwarden.messaging.EventReader;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * keyed to it. While this member may not decide (no quorum, no Kafka) its partitions are paused and
 * nothing is committed, so the records wait — fail static — instead of being decided or lost.
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

    private final Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService deciders;
    private volatile boolean running = true;
    private volatile boolean paused;

    EventLoop(Consumer<byte[], byte[]> consumer, EventReader reader, TopicNames topics, DecisionRunner runner,
            BooleanSupplier mayDecide, String memberId, int decisionThreads) {
        this.deciders = java.util.concurrent.Executors.newFixedThreadPool(decisionThreads, new java.util.concurrent.ThreadFactory() {
            private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "coordinator-decide-" + memberId + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }
        });
        this.consumer = consumer;
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
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    log.info("{} now decides for partitions {}", memberId, partitions);
                    if (paused) {
                        consumer.pause(partitions);
                    }
                }
            });
            while (running) {
                if (!mayDecide.getAsBoolean()) {
                    if (!paused) {
                        log.warn("{} may not decide (no quorum or no Kafka): pausing consumption", memberId);
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
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    handle(records);
                }
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

    /**
     * Decides on one poll's records: the records of one HaVip (one key) in offset order on one thread,
     * different HaVips in parallel, since most of a decision is waiting on Hazelcast. Offsets are
     * committed up to the first record of each partition that could not be decided; from there the
     * partition is read again (records of other HaVips after it are decided twice, which the engine
     * treats as the repeats they are).
     */
    private void handle(ConsumerRecords<byte[], byte[]> records) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byHavip = new java.util.LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = record.topic() + "|" + (record.key() == null ? "" : new String(record.key(),
                    java.nio.charset.StandardCharsets.UTF_8));
            byHavip.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(record);
        }
        Map<TopicPartition, Long> firstFailed = new java.util.concurrent.ConcurrentHashMap<>();
        List<java.util.concurrent.Future<?>> lanes = new java.util.ArrayList<>();
        for (List<ConsumerRecord<byte[], byte[]>> lane : byHavip.values()) {
            lanes.add(deciders.submit(() -> {
                for (ConsumerRecord<byte[], byte[]> record : lane) {
                    if (!mayDecide.getAsBoolean() || !decide(record)) {
                        firstFailed.merge(new TopicPartition(record.topic(), record.partition()), record.offset(),
                                Math::min);
                        return; // the rest of this HaVip's records wait too: its order is kept
                    }
                }
            }));
        }
        for (java.util.concurrent.Future<?> lane : lanes) {
            try {
                lane.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                log.error("{} decision lane failed", memberId, e.getCause());
            }
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            Long failedAt = firstFailed.get(tp);
            if (failedAt != null) {
                consumer.seek(tp, failedAt);
                if (failedAt > records.records(tp).get(0).offset()) {
                    done.put(tp, new OffsetAndMetadata(failedAt));
                }
            } else {
                List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
                done.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
            }
        }
        if (!done.isEmpty()) {
            consumer.commitAsync(done, (offsets, error) -> {
                if (error != null) {
                    log.warn("{} could not commit {}: {}", memberId, offsets, error.toString());
                }
            });
        }
        if (!firstFailed.isEmpty()) {
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
        deciders.shutdownNow();
    }
}
