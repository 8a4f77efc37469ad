package io.vipwarden.gateway.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a point in time given as RFC 3339 ({@code 2026-05-01T10:00:00Z}, {@code ...+02:00}) or as a
 * time before now ({@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}, {@code 2w}, {@code 500ms}).
 */
public final class TimeParam {
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,12})(ms|s|m|h|d|w)");

    private TimeParam() {
    }

    public static Instant parse(String field, String value, Clock clock) {
        String v = value.trim();
        Matcher m = RELATIVE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return clock.instant().minus(d);
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameterException(field, field + " must be an RFC 3339 time (2026-05-01T10:00:00Z) or a"
                    + " time before now such as 30s, 15m, 1h, 7d; got '" + value + "'");
        }
    }
}
