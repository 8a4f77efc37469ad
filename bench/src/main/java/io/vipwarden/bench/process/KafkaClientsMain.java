package io.vipwarden.bench.process;

import io.vipwarden.messaging.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Only the agent's two Kafka clients, set as the agent sets them: an idempotent producer sending one
 * 600-byte record a second and an {@code assign()}ed consumer polling one partition once a second.
 * Started with the agent's JVM options and the agent's jar on its class path, its footprint is what
 * kafka-clients costs before any of the agent's own code (agent-footprint benchmark). One class, no
 * lambdas: the benchmark copies this class file next to the agent jar.
 *
 * <p>Arguments: bootstrap servers, the topic to produce to, the topic whose partition 0 to read.
 */
public final class KafkaClientsMain implements Runnable {
    private final KafkaConsumer<byte[], byte[]> consumer;

    private KafkaClientsMain(KafkaConsumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        // the agent's own client defaults (Agent.producerConfig / consumerConfig)
        Map<String, Object> producerDefaults = Map.of("buffer.memory", 4L * 1024 * 1024, "max.block.ms", 10_000,
                "request.timeout.ms", 10_000, "delivery.timeout.ms", 30_000, "linger.ms", 5, "compression.type", "none",
                "metric.reporters", "", "enable.metrics.push", false);
        Map<String, Object> consumerDefaults = Map.of("fetch.max.bytes", 1024 * 1024, "max.partition.fetch.bytes",
                256 * 1024, "default.api.timeout.ms", 10_000, "fetch.max.wait.ms", 5_000, "metric.reporters", "",
                "enable.metrics.push", false);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaSettings.producer(bootstrap, "bench-kafka-clients", producerDefaults));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                KafkaSettings.consumer(bootstrap, "bench-kafka-clients-commands", null, consumerDefaults));
        consumer.assign(List.of(new TopicPartition(args[2], 0)));
        Thread poller = new Thread(new KafkaClientsMain(consumer), "bench-kafka-clients-poller");
        poller.setDaemon(true);
        poller.start();
        byte[] key = "bench-kafka-clients".getBytes();
        byte[] value = new byte[600];
        while (true) {
            producer.send(new ProducerRecord<>(args[1], key, value)).get();
            Thread.sleep(1000);
        }
    }

    @Override
    public void run() {
        while (true) {
            consumer.poll(Duration.ofSeconds(1));
        }
    }
}
