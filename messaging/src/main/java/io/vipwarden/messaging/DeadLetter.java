package io.vipwarden.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record on the dead-letter topic: the original key and value bytes untouched, and headers that say
 * why it could not be read and where it came from.
 */
public record DeadLetter(String reason, String sourceTopic, int sourcePartition, long sourceOffset,
        String reader, Instant failedAt, byte[] key, byte[] value) {
    public static final String REASON = "vipwarden.dlq.reason";
    public static final String SOURCE_TOPIC = "vipwarden.dlq.source.topic";
    public static final String SOURCE_PARTITION = "vipwarden.dlq.source.partition";
    public static final String SOURCE_OFFSET = "vipwarden.dlq.source.offset";
    public static final String READER = "vipwarden.dlq.reader";
    public static final String FAILED_AT = "vipwarden.dlq.failed-at";

    /** Reads a dead-letter topic record back. */
    public static DeadLetter from(ConsumerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        String failedAt = header(headers, FAILED_AT);
        return new DeadLetter(header(headers, REASON), header(headers, SOURCE_TOPIC),
                Integer.parseInt(orDefault(header(headers, SOURCE_PARTITION), "-1")),
                Long.parseLong(orDefault(header(headers, SOURCE_OFFSET), "-1")),
                header(headers, READER), failedAt == null ? null : Instant.parse(failedAt), record.key(),
                record.value());
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
