package io.vipwarden.coordinator.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * The coordinator's Prometheus metrics, in a registry of its own (three coordinators can share a
 * JVM in tests and in the sandbox). Labels are low-cardinality: reason, action, code, kind, type.
 */
public final class CoordinatorMetrics {
    private final PrometheusRegistry registry;
    private final Counter failovers;
    private final Counter splitBrainEpisodes;
    private final Counter fences;
    private final Histogram decisionLatency;
    private final Counter decisions;
    private final Counter conflicts;
    private final Counter commands;
    private final Counter cloudCalls;
    private final Counter cloudErrors;
    private final Counter staleDropped;
    private final Counter corrections;
    private final Counter reconcileSkipped;

    public CoordinatorMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        failovers = Counter.builder().name(MetricNames.FAILOVERS).help("Changes of owner, by reason")
                .labelNames("reason").register(registry);
        splitBrainEpisodes = Counter.builder().name(MetricNames.SPLIT_BRAIN_EPISODES)
                .help("Episodes in which two or more unfenced members claimed MASTER").register(registry);
        fences = Counter.builder().name(MetricNames.FENCES).help("Fence commands issued").register(registry);
        decisionLatency = Histogram.builder().name(MetricNames.DECISION_LATENCY)
                .help("From the agent producing the event (envelope time) to the coordinator producing the command")
                .classicOnly().classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        decisions = Counter.builder().name(MetricNames.DECISIONS).help("Decisions stored, by input type")
                .labelNames("input").register(registry);
        conflicts = Counter.builder().name(MetricNames.DECISION_CONFLICTS)
                .help("Decisions retried because another decision changed the HaVip first").register(registry);
        commands = Counter.builder().name(MetricNames.COMMANDS).help("Commands published, by type")
                .labelNames("type").register(registry);
        cloudCalls = Counter.builder().name(MetricNames.CLOUD_CALLS).help("Cloud calls made, by action and outcome")
                .labelNames("action", "outcome").register(registry);
        cloudErrors = Counter.builder().name(MetricNames.CLOUD_ERRORS).help("Cloud calls failed, by action and code")
                .labelNames("action", "code").register(registry);
        staleDropped = Counter.builder().name(MetricNames.STALE_ACTIONS_DROPPED)
                .help("Actions dropped because their epoch was no longer current when they were about to run")
                .register(registry);
        corrections = Counter.builder().name(MetricNames.RECONCILE_CORRECTIONS)
                .help("Drift corrected by the reconciler, by kind").labelNames("kind").register(registry);
        reconcileSkipped = Counter.builder().name(MetricNames.RECONCILE_SKIPPED)
                .help("Reconcile rounds of a HaVip skipped because its previous round had not run yet (cloud lanes busy)")
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Registers the gauges whose values are read when scraped. */
    public void gauges(BooleanSupplier quorum, BooleanSupplier kafka, BooleanSupplier ready, DoubleSupplier fenced) {
        GaugeWithCallback.builder().name(MetricNames.QUORUM_PRESENT)
                .help("1 when this member sees a majority of the configured coordinators")
                .callback(cb -> cb.call(quorum.getAsBoolean() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name(MetricNames.KAFKA_UP).help("1 when the Kafka cluster answers")
                .callback(cb -> cb.call(kafka.getAsBoolean() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name(MetricNames.READY)
                .help("1 when this member takes decisions (quorum and Kafka)")
                .callback(cb -> cb.call(ready.getAsBoolean() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name(MetricNames.FENCED_NODES)
                .help("Members currently fenced, over the HaVips whose records this member holds")
                .callback(cb -> {
                    double v = fenced.getAsDouble();
                    if (v >= 0) {
                        cb.call(v);
                    }
                }).register(registry);
    }

    public void failover(String reason) {
        failovers.labelValues(reason).inc();
    }

    public void splitBrainEpisode() {
        splitBrainEpisodes.inc();
    }

    public void fence() {
        fences.inc();
    }

    public void decisionLatency(double seconds) {
        decisionLatency.observe(Math.max(0, seconds));
    }

    public void decision(String input) {
        decisions.labelValues(input).inc();
    }

    public void conflict() {
        conflicts.inc();
    }

    public void command(String type) {
        commands.labelValues(type).inc();
    }

    public void cloudCall(String action, String outcome) {
        cloudCalls.labelValues(action, outcome).inc();
    }

    public void cloudError(String action, String code) {
        cloudErrors.labelValues(action, code).inc();
    }

    public void staleDropped() {
        staleDropped.inc();
    }

    public void reconcileSkipped() {
        reconcileSkipped.inc();
    }

    public void correction(String kind) {
        corrections.labelValues(kind).inc();
    }
}
