package io.vipwarden.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cloud calls for one provider: measures each, retries retryable errors (as decided by
 * {@link CloudErrors}) with jittered exponential backoff until the operation's deadline, and counts
 * calls and retries in {@link CloudMetrics}. Plain Java: time comes from the injected clock and
 * waiting goes through the injected {@link Sleeper}.
 */
public final class CloudCaller {
    private static final Logger log = LoggerFactory.getLogger(CloudCaller.class);

    private static final Duration MIN_ATTEMPT = Duration.ofMillis(100);

    private final String provider;
    private final RetryPolicy policy;
    private final CloudMetrics metrics;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Random random;

    /** One cloud call, its SDK exceptions already mapped to {@link CloudException}. */
    @FunctionalInterface
    public interface Call<T> {
        /** @param timeout how long this one call may take (the remaining time, capped by the call timeout) */
        T run(Duration timeout) throws CloudException;
    }

    /** How the caller waits; tests may pass one that advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper THREAD = d -> Thread.sleep(d.toMillis());
    }

    public CloudCaller(String provider, RetryPolicy policy, CloudMetrics metrics, Clock clock, Sleeper sleeper, Random random) {
        this.provider = provider;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    public RetryPolicy policy() {
        return policy;
    }

    public Clock clock() {
        return clock;
    }

    /** The deadline of an operation that starts now. */
    public Instant deadline() {
        return clock.instant().plus(policy.operationTimeout());
    }

    /** Runs {@code call}, retrying retryable errors until {@code deadline}; throws the last error. */
    public <T> T call(String action, Instant deadline, Call<T> call) throws CloudException {
        return call(action, deadline, CallGuard.NONE, call);
    }

    /**
     * Runs {@code call} as {@link #call(String, Instant, Call)} does, asking {@code guard} right before
     * every attempt (the first and each retry, after its backoff): a call that became stale while it
     * waited is not attempted again, and its {@link StaleCallException} goes to the caller.
     */
    public <T> T call(String action, Instant deadline, CallGuard guard, Call<T> call) throws CloudException {
        int attempt = 0;
        while (true) {
            guard.check();
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                throw new CloudException(CloudErrors.TIMEOUT, action + " not attempted: the operation timeout ("
                        + policy.operationTimeout().toMillis() + " ms) has passed", true, null);
            }
            Duration timeout = remaining.compareTo(policy.callTimeout()) < 0 ? remaining : policy.callTimeout();
            Instant start = clock.instant();
            try {
                T result = call.run(timeout);
                metrics.call(provider, action, CloudMetrics.OK, Duration.between(start, clock.instant()));
                return result;
            } catch (CloudException e) {
                metrics.call(provider, action, e.code(), Duration.between(start, clock.instant()));
                if (!e.retryable()) {
                    throw e;
                }
                Duration backoff = backoff(attempt++);
                // A retry left with almost no time would only end in a timeout that hides the real error.
                Duration leastUseful = policy.callTimeout().compareTo(MIN_ATTEMPT) < 0 ? policy.callTimeout() : MIN_ATTEMPT;
                if (clock.instant().plus(backoff).plus(leastUseful).isAfter(deadline)) {
                    throw new CloudException(e.code(), action + " still failing after " + attempt + " attempt(s) when the "
                            + "operation timeout (" + policy.operationTimeout().toMillis() + " ms) ran out: " + e.getMessage(),
                            true, e);
                }
                metrics.retry(provider, action, e.code());
                log.debug("{} {} failed with retryable {}; retry {} in {} ms", provider, action, e.code(), attempt,
                        backoff.toMillis());
                pause(backoff);
            }
        }
    }

    /** Waits, turning an interrupt into a fatal {@link CloudException} (the interrupt flag stays set). */
    public void pause(Duration duration) throws CloudException {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(CloudErrors.INTERRUPTED, "interrupted while waiting on " + provider, false, e);
        }
    }

    /** "Equal jitter": half the exponential step fixed, half random, so retries of many callers spread out. */
    Duration backoff(int attempt) {
        long base = policy.initialBackoff().toMillis();
        long cap = policy.maxBackoff().toMillis();
        long step = attempt >= 30 ? cap : Math.min(cap, base << attempt);
        long half = step / 2;
        long jitter;
        synchronized (random) {
            jitter = half == 0 ? 0 : (long) (random.nextDouble() * (step - half + 1));
        }
        return Duration.ofMillis(half + jitter);
    }
}
