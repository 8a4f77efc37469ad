package io.vipwarden.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/** Clients for tests, made with the project's own settings. */
final class KafkaTestSupport {
    private KafkaTestSupport() {
    }

    static Producer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(KafkaSettings.producer(bootstrap, "test-" + UUID.randomUUID(), Map.of()));
    }

    static Consumer<byte[], byte[]> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(KafkaSettings.consumer(bootstrap, "test-" + UUID.randomUUID(), group, Map.of()));
    }

    /** Polls until {@code count} records arrived or the timeout passed; returns what arrived. */
    static List<ConsumerRecord<byte[], byte[]>> pollFor(Consumer<byte[], byte[]> consumer, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
