package io.vipwarden.agent.health;

/**
 * A check's verdict with hysteresis: it turns healthy after {@code rise} consecutive successes and
 * unhealthy after {@code fall} consecutive failures. The first run decides the verdict at once, so a
 * fresh agent does not report a working service unhealthy for rise x interval. Pure, not thread-safe.
 */
public final class RiseFall {
    private final int rise;
    private final int fall;
    private Boolean healthy;
    private int streak;

    public RiseFall(int rise, int fall) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be >= 1, got " + rise + "/" + fall);
        }
        this.rise = rise;
        this.fall = fall;
    }

    /** Records one run. @return true when the verdict changed (including the first verdict) */
    public boolean record(boolean ok) {
        if (healthy == null) {
            healthy = ok;
            streak = 0;
            return true;
        }
        if (ok == healthy) {
            streak = 0;
            return false;
        }
        streak++;
        if (streak >= (ok ? rise : fall)) {
            healthy = ok;
            streak = 0;
            return true;
        }
        return false;
    }

    /** False until the first run. */
    public boolean healthy() {
        return healthy != null && healthy;
    }

    public boolean decided() {
        return healthy != null;
    }
}
