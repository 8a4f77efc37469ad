package io.vipwarden.chaos.check;

import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.History;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the checker found in one history: the violations (each with its minimal history), the
 * convergence time per HaVip, and how much of the history could be judged.
 *
 * @param convergence           per HaVip, the time from the end of the faults to convergence; null = never
 * @param unattributedCloudCalls mutating cloud calls whose epoch could not be told (not judged by the epoch rule)
 * @param unserved              per HaVip, how long the cloud routed it to no live MASTER (a figure, not a check)
 */
public record CheckReport(long seed, int entries, List<Violation> violations, Map<String, Duration> convergence,
        long cloudCalls, long unattributedCloudCalls, Duration convergenceBound, Map<String, Duration> unserved) {
    public CheckReport {
        violations = List.copyOf(violations);
        convergence = Collections.unmodifiableMap(new LinkedHashMap<>(convergence));
        unserved = Map.copyOf(unserved);
    }

    /** The longest time any HaVip went unserved. */
    public Duration worstUnserved() {
        return unserved.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    public boolean passed() {
        return violations.isEmpty();
    }

    /** The slowest HaVip's convergence time, when every HaVip converged. */
    public Optional<Duration> worstConvergence() {
        if (convergence.isEmpty() || convergence.values().stream().anyMatch(Objects::isNull)) {
            return Optional.empty();
        }
        return convergence.values().stream().max(Duration::compareTo);
    }

    public boolean has(Violation.Kind kind) {
        return violations.stream().anyMatch(v -> v.kind() == kind);
    }

    /** The verdict, and on failure the seed and each violation with its minimal history. */
    public String print() {
        StringBuilder out = new StringBuilder();
        out.append(passed() ? "PASS" : "FAIL").append(" seed ").append(seed).append(": ").append(entries)
                .append(" entries, ").append(cloudCalls).append(" cloud actions (").append(unattributedCloudCalls)
                .append(" without epoch), ").append(violations.size()).append(" violation(s)\n");
        convergence.forEach((havip, d) -> out.append("  ").append(havip).append(": converged ")
                .append(d == null ? "never" : d.toMillis() + " ms").append(", unserved ")
                .append(unserved.getOrDefault(havip, Duration.ZERO).toMillis()).append(" ms").append('\n'));
        for (Violation v : violations) {
            out.append("VIOLATION ").append(v.headline()).append('\n');
            List<Entry> evidence = v.evidence();
            out.append("  minimal history (seed ").append(seed).append(", ").append(evidence.size())
                    .append(" entries):\n");
            out.append(History.print(evidence, evidence.isEmpty() ? java.time.Instant.EPOCH : evidence.get(0).at()));
        }
        return out.toString();
    }
}
