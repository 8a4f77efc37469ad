package io.vipwarden.coordinator.decision;

import java.time.Duration;
import java.util.Objects;

/**
 * The decision engine's tunables, validated once at construction.
 *
 * @param heartbeatInterval   the agents' heartbeat interval, used when a heartbeat does not carry its own
 * @param missedHeartbeats    a member is dead after this many intervals without an event (default 3)
 * @param holdDown            after a failover no automatic failover happens on the HaVip for this long
 * @param failoverBudget      at most this many automatic failovers per {@code budgetWindow}; one more freezes
 * @param budgetWindow        the sliding window of the failover budget
 * @param rejoinAfter         a fenced node that has been BACKUP and healthy this long is unfenced
 * @param refenceAfter        a fenced node still claiming MASTER gets its Fence again after this long
 */
public record EngineSettings(Duration heartbeatInterval, int missedHeartbeats, Duration holdDown, int failoverBudget,
        Duration budgetWindow, Duration rejoinAfter, Duration refenceAfter) {
    public EngineSettings {
        positive(heartbeatInterval, "heartbeatInterval");
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("missedHeartbeats must be >= 1, got " + missedHeartbeats);
        }
        notNegative(holdDown, "holdDown");
        if (failoverBudget < 1) {
            throw new IllegalArgumentException("failoverBudget must be >= 1, got " + failoverBudget);
        }
        positive(budgetWindow, "budgetWindow");
        notNegative(rejoinAfter, "rejoinAfter");
        positive(refenceAfter, "refenceAfter");
    }

    /** Production defaults: 1 s heartbeats, 3 missed, 30 s hold-down, 3 failovers per 10 min, 30 s to rejoin. */
    public static EngineSettings defaults() {
        return new EngineSettings(Duration.ofSeconds(1), 3, Duration.ofSeconds(30), 3, Duration.ofMinutes(10),
                Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + d);
        }
    }

    private static void notNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + d);
        }
    }
}
