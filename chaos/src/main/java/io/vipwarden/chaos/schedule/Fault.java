package io.vipwarden.chaos.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * One fault of a schedule: begins {@code start} after the faults phase begins and is healed
 * {@code length} later.
 *
 * @param target the node, HaVip or coordinator id; "broker" or "cloud" for those
 * @param amount the fault's size: latency or skew in ms (skew may be negative), error rate in
 *               percent; 0 when the kind has none
 */
public record Fault(Duration start, Duration length, FaultKind kind, String target, long amount) {
    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        if (start.isNegative() || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a fault needs start >= 0 and length > 0, got " + start + " / " + length);
        }
    }

    public Duration end() {
        return start.plus(length);
    }

    /** e.g. {@code NODE_CRASH node-a} or {@code CLOUD_LATENCY cloud 1500ms}. */
    public String label() {
        String size = switch (kind) {
            case CLOUD_LATENCY, CLOCK_SKEW -> " " + amount + "ms";
            case CLOUD_ERRORS -> " " + amount + "%";
            default -> "";
        };
        return kind + " " + target + size;
    }

    /** One line of a printed schedule: start, length and label. */
    public String describe() {
        return String.format("%+8.1fs %6.1fs  %s", start.toMillis() / 1000.0, length.toMillis() / 1000.0, label());
    }
}
