package io.vipwarden.cloud;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prometheus metrics of cloud calls, shared by every provider registered into the same registry
 * (the provider is a label). Labels stay low-cardinality: provider, action, error code.
 */
public final class CloudMetrics {
    public static final String CALLS = "vipwarden_cloud_calls_total";
    public static final String RETRIES = "vipwarden_cloud_retries_total";
    public static final String CALL_DURATION = "vipwarden_cloud_call_duration_seconds";
    /** The code label of a call that succeeded. */
    public static final String OK = "OK";

    private static final Map<PrometheusRegistry, CloudMetrics> BY_REGISTRY = new WeakHashMap<>();

    private final Counter calls;
    private final Counter retries;
    private final Histogram duration;

    private CloudMetrics(PrometheusRegistry registry) {
        // Names without the _total suffix: the client library adds it to counters.
        calls = Counter.builder().name("vipwarden_cloud_calls")
                .help("Cloud API calls by provider, action and result code (OK or the cloud's error code)")
                .labelNames("provider", "action", "code").register(registry);
        retries = Counter.builder().name("vipwarden_cloud_retries")
                .help("Cloud API calls retried after a retryable error, by provider, action and error code")
                .labelNames("provider", "action", "code").register(registry);
        duration = Histogram.builder().name(CALL_DURATION)
                .help("Duration of single cloud API calls (one HTTP round trip), by provider and action")
                .classicOnly()
                .classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .labelNames("provider", "action").register(registry);
    }

    /** The metrics registered in {@code registry} (registered on first use, then shared). */
    public static CloudMetrics in(PrometheusRegistry registry) {
        synchronized (BY_REGISTRY) {
            return BY_REGISTRY.computeIfAbsent(registry, CloudMetrics::new);
        }
    }

    void call(String provider, String action, String code, Duration took) {
        calls.labelValues(provider, action, code).inc();
        duration.labelValues(provider, action).observe(took.toNanos() / 1e9);
    }

    void retry(String provider, String action, String code) {
        retries.labelValues(provider, action, code).inc();
    }

    /** Calls so far with this result (for tests and status pages). */
    public long calls(String provider, String action, String code) {
        return (long) calls.labelValues(provider, action, code).get();
    }

    /** Retries so far after this error code. */
    public long retries(String provider, String action, String code) {
        return (long) retries.labelValues(provider, action, code).get();
    }
}
