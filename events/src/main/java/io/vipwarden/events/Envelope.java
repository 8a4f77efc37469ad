package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.required;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A message wrapped as a CloudEvent (specversion 1.0, structured content mode), as it is written to
 * Kafka following the CloudEvents Kafka protocol binding.
 *
 * @param id            unique per event; together with {@code source} identifies it for de-duplication
 * @param source        who produced it, e.g. {@code /vipwarden/agent/node-a}
 * @param subject       the HaVip (or node, for commands) the event is about: the Kafka key
 * @param schemaVersion the contract version, "major.minor"
 */
public record Envelope(String id, String source, EventType type, Instant time, String subject,
        String schemaVersion, Message data) {
    public Envelope {
        required(id, "id");
        required(source, "source");
        required(type, "type");
        required(time, "time");
        required(schemaVersion, "schemaversion");
        required(data, "data");
        if (!type.recordClass().isInstance(data)) {
            throw new IllegalArgumentException("type " + type + " does not match data " + data.getClass().getSimpleName());
        }
    }

    /** Wraps {@code data} with a fresh id, the current schema version and the clock's time. */
    public static Envelope wrap(String source, Message data, Clock clock) {
        return new Envelope(UUID.randomUUID().toString(), source, EventType.of(data), clock.instant(), data.key(),
                SchemaVersion.CURRENT, data);
    }

    /** The Kafka record key: the subject. */
    public String key() {
        return subject;
    }

    @SuppressWarnings("unchecked")
    public <T extends Message> T dataAs(Class<T> type) {
        return (T) data;
    }
}
