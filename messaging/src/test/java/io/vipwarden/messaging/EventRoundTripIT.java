package io.vipwarden.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.Message;
import io.vipwarden.events.SampleMessages;
import io.vipwarden.events.TopicNames;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class EventRoundTripIT {
    private final EventCodec codec = new EventCodec();

    @Test
    void shouldReadBackEveryEventAndCommandTypeEqualThroughTheBroker(EmbeddedKafka kafka) throws Exception {
        TopicNames topics = kafka.freshTopics("roundtrip", 3);
        List<Message> samples = SampleMessages.all();
        List<Envelope> sent = samples.stream()
                .map(m -> Envelope.wrap("/vipwarden/test", m, Clock.systemUTC()))
                .toList();
        try (Producer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka.bootstrapServers());
                EventPublisher publisher = new EventPublisher(producer, codec);
                Consumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(kafka.bootstrapServers(), "rt")) {
            for (Envelope envelope : sent) {
                publisher.publish(topics.nodeEvents(), envelope).get();
            }
            consumer.subscribe(List.of(topics.nodeEvents()));
            List<ConsumerRecord<byte[], byte[]>> records =
                    KafkaTestSupport.pollFor(consumer, sent.size(), Duration.ofSeconds(30));
            assertEquals(sent.size(), records.size());
            EventReader reader = new EventReader(codec, producer, topics.deadLetter(), "test", Clock.systemUTC());
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Optional<Envelope> read = reader.read(record);
                Envelope original = sent.stream().filter(e -> e.id().equals(read.orElseThrow().id())).findFirst()
                        .orElseThrow();
                assertEquals(original, read.get());
                assertEquals(original.key(), new String(record.key(), StandardCharsets.UTF_8));
                assertEquals(EventCodec.CONTENT_TYPE, new String(
                        record.headers().lastHeader(EventPublisher.CONTENT_TYPE_HEADER).value(), StandardCharsets.UTF_8));
            }
            assertEquals(0, reader.deadLettered());
        }
    }
}
