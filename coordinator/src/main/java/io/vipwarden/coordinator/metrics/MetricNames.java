package io.vipwarden.coordinator.metrics;

/** The one place the coordinator's metric names are made: {@code vipwarden_coordinator_<what>_<unit>}. */
public final class MetricNames {
    private static final String P = "vipwarden_coordinator_";
    public static final String FAILOVERS = P + "failovers";
    public static final String SPLIT_BRAIN_EPISODES = P + "split_brain_episodes";
    public static final String FENCES = P + "fences";
    public static final String FENCED_NODES = P + "fenced_nodes";
    public static final String DECISION_LATENCY = P + "decision_latency_seconds";
    public static final String DECISIONS = P + "decisions";
    public static final String DECISION_CONFLICTS = P + "decision_conflicts";
    public static final String COMMANDS = P + "commands";
    public static final String CLOUD_CALLS = P + "cloud_calls";
    public static final String CLOUD_ERRORS = P + "cloud_errors";
    public static final String STALE_ACTIONS_DROPPED = P + "stale_actions_dropped";
    public static final String RECONCILE_CORRECTIONS = P + "reconcile_corrections";
    public static final String RECONCILE_SKIPPED = P + "reconcile_rounds_skipped";
    public static final String QUORUM_PRESENT = P + "quorum_present";
    public static final String KAFKA_UP = P + "kafka_up";
    public static final String READY = P + "ready";

    private MetricNames() {
    }
}
