package io.vipwarden.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads topics from a chosen start to their end and on, on one named thread, without a consumer group:
 * the gateway wants every partition and chooses its own positions. It reports when it has caught up
 * with the end offsets it saw at start, which is what readiness waits for.
 */
final class TopicTail implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
    private static final long RETRY_MS = 1000;

    /** Where each partition starts: an offset, or null for the beginning. */
    interface StartPositions
            extends BiFunction<KafkaConsumer<byte[], byte[]>, List<TopicPartition>, Map<TopicPartition, Long>> {
    }

    private final String name;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final StartPositions starts;
    private final Consumer<ConsumerRecords<byte[], byte[]>> handler;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile boolean started;
    private volatile Map<TopicPartition, Long> endAtStart = Map.of();

    TopicTail(String name, Map<String, Object> consumerConfig, List<String> topics, StartPositions starts,
            Consumer<ConsumerRecords<byte[], byte[]>> handler) {
        this.name = name;
        this.consumer = new KafkaConsumer<>(consumerConfig);
        this.topics = List.copyOf(topics);
        this.starts = starts;
        this.handler = handler;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        started = true;
        thread.start();
    }

    boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try {
            assign();
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // Retriable or not, the gateway keeps serving what it has and tries again: losing
                    // Kafka must not take the fleet view or the audit trail down with it.
                    log.error("{}: reading {} failed, retrying in {} ms: {}", name, topics, RETRY_MS, e.toString());
                    pause();
                    continue;
                }
                if (!records.isEmpty()) {
                    try {
                        handler.accept(records);
                    } catch (RuntimeException e) {
                        // A handler bug must not stop the gateway's view of the fleet; the records are
                        // logged as lost here, once, with where they were.
                        log.error("{}: could not handle {} records: {}", name, records.count(), e.toString(), e);
                    }
                }
                if (!caughtUp) {
                    caughtUp = endAtStart.entrySet().stream()
                            .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (caughtUp) {
                        log.info("{}: caught up with {}", name, topics);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("{}: woken up unexpectedly", name, e);
            }
        } catch (RuntimeException e) {
            log.error("{}: stopped reading {}: {}", name, topics, e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
            stopped.countDown();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<TopicPartition, Long> positions = null;
        while (running && positions == null) {
            partitions.clear();
            try {
                for (String topic : topics) {
                    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                    if (infos == null || infos.isEmpty()) {
                        throw new KafkaException("topic " + topic + " has no partitions (yet)");
                    }
                    infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
                consumer.assign(partitions);
                Map<TopicPartition, Long> found = starts.apply(consumer, partitions);
                endAtStart = Map.copyOf(consumer.endOffsets(partitions));
                positions = found;
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                log.warn("{}: cannot read {} yet, retrying in {} ms: {}", name, topics, RETRY_MS, e.toString());
                pause();
            }
        }
        if (positions == null) {
            return;
        }
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long offset = positions.get(tp);
            if (offset == null) {
                fromBeginning.add(tp);
            } else {
                consumer.seek(tp, offset);
            }
        }
        consumer.seekToBeginning(fromBeginning);
        log.info("{}: reading {} partitions of {}", name, partitions.size(), topics);
    }

    @Override
    public void close() {
        running = false;
        if (!started) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                log.warn("{}: did not stop within 5 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
