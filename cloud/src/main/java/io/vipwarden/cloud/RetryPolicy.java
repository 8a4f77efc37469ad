package io.vipwarden.cloud;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How long cloud calls may take and how they are retried. Immutable; validated when built.
 *
 * @param callTimeout     connect + read timeout of one HTTP call ({@code cloud.call.timeout.ms})
 * @param operationTimeout the whole of describe/associate/unassociate, retries and waiting for
 *                        Associating to finish included ({@code cloud.operation.timeout.ms})
 * @param initialBackoff  backoff before the first retry; it doubles per retry ({@code cloud.retry.initial.backoff.ms})
 * @param maxBackoff      cap of the backoff ({@code cloud.retry.max.backoff.ms})
 * @param pollInterval    between two DescribeHaVips while an association is in progress
 *                        ({@code cloud.associate.poll.interval.ms})
 */
public record RetryPolicy(Duration callTimeout, Duration operationTimeout, Duration initialBackoff,
        Duration maxBackoff, Duration pollInterval) {

    public static final String CALL_TIMEOUT_MS = "cloud.call.timeout.ms";
    public static final String OPERATION_TIMEOUT_MS = "cloud.operation.timeout.ms";
    public static final String INITIAL_BACKOFF_MS = "cloud.retry.initial.backoff.ms";
    public static final String MAX_BACKOFF_MS = "cloud.retry.max.backoff.ms";
    public static final String POLL_INTERVAL_MS = "cloud.associate.poll.interval.ms";

    public RetryPolicy {
        positive("callTimeout", callTimeout);
        positive("operationTimeout", operationTimeout);
        positive("initialBackoff", initialBackoff);
        positive("pollInterval", pollInterval);
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be >= initialBackoff (" + initialBackoff + "), got " + maxBackoff);
        }
    }

    /** 5 s per call, 60 s per operation, backoff 200 ms doubling to 5 s, polling every 500 ms. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMillis(200),
                Duration.ofSeconds(5), Duration.ofMillis(500));
    }

    /**
     * Reads the {@code cloud.*} timing keys (each optional, defaults above); every problem is added
     * to {@code problems} and the defaults are returned in their place.
     */
    public static RetryPolicy fromConfig(Map<String, String> config, List<String> problems) {
        RetryPolicy d = defaults();
        Duration call = Config.millis(config, CALL_TIMEOUT_MS, d.callTimeout, problems);
        Duration operation = Config.millis(config, OPERATION_TIMEOUT_MS, d.operationTimeout, problems);
        Duration initial = Config.millis(config, INITIAL_BACKOFF_MS, d.initialBackoff, problems);
        Duration max = Config.millis(config, MAX_BACKOFF_MS, d.maxBackoff, problems);
        Duration poll = Config.millis(config, POLL_INTERVAL_MS, d.pollInterval, problems);
        if (max.compareTo(initial) < 0) {
            problems.add(MAX_BACKOFF_MS + " (" + max.toMillis() + ") must be >= " + INITIAL_BACKOFF_MS + " (" + initial.toMillis() + ")");
            return d;
        }
        return new RetryPolicy(call, operation, initial, max, poll);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
