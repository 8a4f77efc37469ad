package io.vipwarden.cloud;

/**
 * A change given up because its {@link CallGuard} said it is no longer wanted: not a cloud error and
 * never retried. {@link #requestsSent()} says how many change requests had gone out before (0: the
 * cloud was never asked; more: an earlier request may have acted, or may still act, and whoever
 * reconciles has to look).
 */
public final class StaleCallException extends CloudException {
    private final String why;
    private final int requestsSent;

    /** @param why what changed since the call was decided (shown in logs and audit events) */
    public StaleCallException(String why) {
        this(why, 0);
    }

    private StaleCallException(String why, int requestsSent) {
        super(CloudErrors.STALE, why, false, null);
        this.why = why;
        this.requestsSent = requestsSent;
    }

    /** What changed since the call was decided, as the guard said it. */
    public String why() {
        return why;
    }

    /** How many change requests (first, retries, requests made again) had been sent before it was given up. */
    public int requestsSent() {
        return requestsSent;
    }

    /** The same exception, counting {@code n} requests sent before it. */
    public StaleCallException afterRequests(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("requests sent must be >= 0, got " + n);
        }
        return n == requestsSent ? this : new StaleCallException(why, n);
    }
}
