package io.vipwarden.messaging;

import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns consumed records into envelopes. A record that cannot be read never escapes as an exception:
 * it goes to the dead-letter topic with its reason, source topic/partition/offset and raw bytes, is
 * counted, and the caller's loop goes on with the next record.
 */
public final class EventReader {
    private static final Logger log = LoggerFactory.getLogger(EventReader.class);

    private final EventCodec codec;
    private final Producer<byte[], byte[]> deadLetterProducer;
    private final String deadLetterTopic;
    private final String readerName;
    private final Clock clock;
    private final AtomicLong deadLettered = new AtomicLong();

    /**
     * @param readerName who is reading (e.g. "coordinator-1"), recorded with every dead letter
     */
    public EventReader(EventCodec codec, Producer<byte[], byte[]> deadLetterProducer, String deadLetterTopic,
            String readerName, Clock clock) {
        this.codec = codec;
        this.deadLetterProducer = deadLetterProducer;
        this.deadLetterTopic = deadLetterTopic;
        this.readerName = readerName;
        this.clock = clock;
    }

    /** @return the envelope, or empty when the record went to the dead-letter topic */
    public Optional<Envelope> read(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Optional.of(codec.decode(record.value()));
        } catch (MalformedEventException e) {
            deadLetter(record, e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // A bug in a reader must not stop the loop either; the record is kept for later.
            deadLetter(record, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Sends a record that was read but cannot be used (e.g. the wrong type for its topic) to the dead-letter topic. */
    public void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        deadLettered.incrementAndGet();
        log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        headers.add(DeadLetter.REASON, utf8(reason));
        headers.add(DeadLetter.SOURCE_TOPIC, utf8(record.topic()));
        headers.add(DeadLetter.SOURCE_PARTITION, utf8(String.valueOf(record.partition())));
        headers.add(DeadLetter.SOURCE_OFFSET, utf8(String.valueOf(record.offset())));
        headers.add(DeadLetter.READER, utf8(readerName));
        headers.add(DeadLetter.FAILED_AT, utf8(clock.instant().toString()));
        deadLetterProducer.send(new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(), headers),
                (metadata, error) -> {
                    if (error != null) {
                        log.error("could not dead-letter {}-{}@{}: {}", record.topic(), record.partition(),
                                record.offset(), error.toString());
                    }
                });
    }

    /** How many records this reader has sent to the dead-letter topic. */
    public long deadLettered() {
        return deadLettered.get();
    }

    private static byte[] utf8(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
