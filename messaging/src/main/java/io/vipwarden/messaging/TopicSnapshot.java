package io.vipwarden.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads whole topics once, from the beginning up to the end offsets they had when the read began,
 * without a consumer group: what a service does at start to rebuild what it knew from a compacted
 * topic. Records published after the read began are left for the service's own consumer.
 */
public final class TopicSnapshot {
    private TopicSnapshot() {
    }

    /**
     * Hands every record of {@code topics}, partition by partition in offset order, to {@code handler}.
     *
     * @param consumerConfig a consumer config without a group (e.g. {@link KafkaSettings#consumer} with a null group)
     * @return how many records were read
     * @throws TimeoutException when the end was not reached within {@code timeout}
     */
    public static long readToEnd(Map<String, Object> consumerConfig, List<String> topics, Duration timeout,
            Consumer<ConsumerRecord<byte[], byte[]>> handler) throws TimeoutException {
        return readToEnd(consumerConfig, topics, false, timeout, handler);
    }

    /**
     * As {@link #readToEnd(Map, List, Duration, Consumer)}, but when {@code fromCommitted} starts each
     * partition at the offset the config's consumer group has committed (the beginning where it has
     * none): what that group has yet to read. The group is only read, never joined or committed to.
     */
    public static long readToEnd(Map<String, Object> consumerConfig, List<String> topics, boolean fromCommitted,
            Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> handler) throws TimeoutException {
        Instant deadline = Instant.now().plus(timeout);
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                if (infos == null) {
                    continue;
                }
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            if (partitions.isEmpty()) {
                return 0;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            if (fromCommitted) {
                consumer.committed(new HashSet<>(partitions), timeout).forEach((tp, committed) -> {
                    if (committed != null) {
                        consumer.seek(tp, committed.offset());
                    }
                });
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            while (!reached(consumer, ends)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TimeoutException("read " + read + " records of " + topics + " but not their end within "
                            + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < ends.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)) {
                        handler.accept(r);
                        read++;
                    }
                }
            }
        }
        return read;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
