package io.vipwarden.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.SampleMessages;
import io.vipwarden.events.TopicNames;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class DeadLetterIT {
    private final EventCodec codec = new EventCodec();

    @Test
    void shouldDeadLetterMalformedAndUnknownMajorRecordsAndKeepReading(EmbeddedKafka kafka) throws Exception {
        TopicNames topics = kafka.freshTopics("dlq", 1);
        byte[] good1 = codec.encode(Envelope.wrap("/t", SampleMessages.all().get(0), Clock.systemUTC()));
        byte[] good2 = codec.encode(Envelope.wrap("/t", SampleMessages.all().get(1), Clock.systemUTC()));
        byte[] notJson = "INSTANCE \"VI_1\" MASTER 100".getBytes(StandardCharsets.UTF_8);
        byte[] futureMajor = new String(good1, StandardCharsets.UTF_8)
                .replace("\"schemaversion\":\"1.0\"", "\"schemaversion\":\"3.1\"").getBytes(StandardCharsets.UTF_8);
        byte[] missingField = new String(good2, StandardCharsets.UTF_8)
                .replace("\"nodeId\":\"node-1\",", "").getBytes(StandardCharsets.UTF_8);
        List<byte[]> values = List.of(good1, notJson, futureMajor, missingField, good2);

        try (Producer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka.bootstrapServers());
                Consumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(kafka.bootstrapServers(), "c");
                Consumer<byte[], byte[]> dlqConsumer = KafkaTestSupport.consumer(kafka.bootstrapServers(), "d")) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topics.nodeEvents(), "havip-a".getBytes(StandardCharsets.UTF_8),
                        value)).get();
            }
            consumer.subscribe(List.of(topics.nodeEvents()));
            EventReader reader = new EventReader(codec, producer, topics.deadLetter(), "test-reader", Clock.systemUTC());
            List<Envelope> read = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : KafkaTestSupport.pollFor(consumer, 5, Duration.ofSeconds(30))) {
                reader.read(record).ifPresent(read::add);
            }
            producer.flush();
            assertEquals(2, read.size(), "both good records are read, before and after the bad ones");
            assertEquals(SampleMessages.all().get(1), read.get(1).data());
            assertEquals(3, reader.deadLettered());

            dlqConsumer.subscribe(List.of(topics.deadLetter()));
            List<DeadLetter> letters = KafkaTestSupport.pollFor(dlqConsumer, 3, Duration.ofSeconds(30)).stream()
                    .map(DeadLetter::from).toList();
            assertEquals(3, letters.size());
            assertTrue(letters.get(0).reason().startsWith("not JSON"), letters.get(0).reason());
            assertEquals(1, letters.get(0).sourceOffset());
            assertArrayEquals(notJson, letters.get(0).value());
            assertTrue(letters.get(1).reason().contains("unknown major schema version 3"), letters.get(1).reason());
            assertEquals(2, letters.get(1).sourceOffset());
            assertArrayEquals(futureMajor, letters.get(1).value());
            assertTrue(letters.get(2).reason().contains("'nodeId' is required"), letters.get(2).reason());
            for (DeadLetter letter : letters) {
                assertEquals(topics.nodeEvents(), letter.sourceTopic());
                assertEquals(0, letter.sourcePartition());
                assertEquals("test-reader", letter.reader());
                assertEquals("havip-a", new String(letter.key(), StandardCharsets.UTF_8));
            }
        }
    }
}
