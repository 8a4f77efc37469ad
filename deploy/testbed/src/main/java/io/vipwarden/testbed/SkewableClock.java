package io.vipwarden.testbed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * One machine's wall clock: another clock (the real one) plus an offset that can be stepped at any
 * time, the way a badly synchronised node's clock runs ahead or behind and jumps back when NTP
 * steps it. Thread-safe.
 */
public final class SkewableClock extends Clock {
    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public SkewableClock(Clock base) {
        this.base = base;
    }

    /** From now on this clock reads {@code base + offset} (negative: behind). */
    public void skew(Duration offset) {
        this.offset = offset;
    }

    public Duration offset() {
        return offset;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
