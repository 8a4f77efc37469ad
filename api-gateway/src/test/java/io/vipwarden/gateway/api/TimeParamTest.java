package io.vipwarden.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeParamTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldReadRfc3339AndRelativeTimes() {
        assertEquals(Instant.parse("2026-05-01T08:00:00Z"), TimeParam.parse("since", "2026-05-01T10:00:00+02:00", clock));
        assertEquals(Instant.parse("2026-05-01T11:00:00Z"), TimeParam.parse("since", "1h", clock));
        assertEquals(Instant.parse("2026-05-01T11:59:30Z"), TimeParam.parse("since", "30s", clock));
        assertEquals(Instant.parse("2026-04-24T12:00:00Z"), TimeParam.parse("since", "7d", clock));
        assertEquals(Instant.parse("2026-04-17T12:00:00Z"), TimeParam.parse("since", "2w", clock));
        assertEquals(Instant.parse("2026-05-01T11:59:59.500Z"), TimeParam.parse("since", "500ms", clock));
    }

    @Test
    void shouldNameTheFieldOfABadTime() {
        BadParameterException e = assertThrows(BadParameterException.class,
                () -> TimeParam.parse("until", "tomorrow", clock));
        assertEquals("until", e.field());
        assertThrows(BadParameterException.class, () -> TimeParam.parse("since", "1y", clock));
        assertThrows(BadParameterException.class, () -> TimeParam.parse("since", "-1h", clock));
    }

    @Test
    void shouldRoundTripACursorAndRefuseAForeignOne() {
        String cursor = AuditCursor.encode("gen1", 42);
        assertEquals(42, AuditCursor.decode("gen1", cursor));
        assertEquals("cursor", assertThrows(BadParameterException.class,
                () -> AuditCursor.decode("gen2", cursor)).field());
        assertThrows(BadParameterException.class, () -> AuditCursor.decode("gen1", "%%%"));
    }
}
