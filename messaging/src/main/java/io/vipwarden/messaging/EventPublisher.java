package io.vipwarden.messaging;

import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes envelopes as structured-mode CloudEvents (CloudEvents Kafka binding): the JSON event as the
 * value, {@code content-type} header, the envelope's subject as the key.
 */
public final class EventPublisher implements AutoCloseable {
    public static final String CONTENT_TYPE_HEADER = "content-type";

    private final Producer<byte[], byte[]> producer;
    private final EventCodec codec;

    public EventPublisher(Producer<byte[], byte[]> producer, EventCodec codec) {
        this.producer = producer;
        this.codec = codec;
    }

    public CompletableFuture<RecordMetadata> publish(String topic, Envelope envelope) {
        return send(toRecord(topic, envelope));
    }

    public ProducerRecord<byte[], byte[]> toRecord(String topic, Envelope envelope) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CONTENT_TYPE_HEADER, EventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        byte[] key = envelope.key() == null ? null : envelope.key().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, key, codec.encode(envelope), headers);
    }

    public CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    public void flush() {
        producer.flush();
    }

    public Producer<byte[], byte[]> producer() {
        return producer;
    }

    @Override
    public void close() {
        producer.close();
    }
}
