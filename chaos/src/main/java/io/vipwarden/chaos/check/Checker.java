package io.vipwarden.chaos.check;

import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.Entry.CloudCall;
import io.vipwarden.chaos.history.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs every check over a history and shrinks each safety violation to a minimal history: the
 * fewest entries of that HaVip that still show a violation of the same kind (delta debugging:
 * drop chunks, halving their size, while the violation stays).
 *
 * <pre>{@code
 * CheckReport report = new Checker(Duration.ofSeconds(30)).check(history);
 * if (!report.passed()) System.out.println(report.print());
 * }</pre>
 */
public final class Checker {
    /** Above this many candidate entries the evidence is shown unshrunk (shrinking is quadratic at worst). */
    private static final int MAX_SHRINK_INPUT = 3000;

    private final Duration convergenceBound;

    /** @param convergenceBound how long after the faults stop the system may take to converge */
    public Checker(Duration convergenceBound) {
        if (convergenceBound == null || convergenceBound.isNegative()) {
            throw new IllegalArgumentException("convergenceBound must be >= 0, got " + convergenceBound);
        }
        this.convergenceBound = convergenceBound;
    }

    public CheckReport check(History history) {
        List<Violation> violations = new ArrayList<>();
        for (Check check : safetyChecks()) {
            for (Violation v : check.check(history)) {
                violations.add(shrink(history, v, check));
            }
        }
        violations.addAll(AuditChecks.decisions(history));
        violations.addAll(AuditChecks.queryable(history));
        ConvergenceCheck.Result convergence = ConvergenceCheck.check(history, convergenceBound);
        violations.addAll(convergence.violations());
        List<CloudCall> calls = history.all(CloudCall.class);
        long unattributed = calls.stream().filter(c -> c.epoch() == null).count();
        return new CheckReport(history.seed(), history.size(), violations, convergence.times(), calls.size(),
                unattributed, convergenceBound, Availability.unserved(history));
    }

    private static List<Check> safetyChecks() {
        return List.of(EpochChecks::grants, EpochChecks::cloudActions, RoutingCheck::check);
    }

    /** The smallest sub-history (of the violation's HaVip) in which the check still finds this kind of violation. */
    static Violation shrink(History history, Violation v, Check check) {
        if (!v.kind().shrinkable()) {
            return v;
        }
        List<Entry> candidate = history.entries().stream()
                .filter(e -> Objects.equals(e.havipId(), v.havipId())).toList();
        if (!fails(history, candidate, v, check) || candidate.size() > MAX_SHRINK_INPUT) {
            return v;
        }
        List<Entry> current = new ArrayList<>(candidate);
        int chunk = Math.max(1, current.size() / 2);
        while (true) {
            boolean removed = false;
            for (int start = 0; start < current.size(); ) {
                List<Entry> without = new ArrayList<>(current.subList(0, start));
                without.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
                if (!without.isEmpty() && fails(history, without, v, check)) {
                    current = without;
                    removed = true;
                } else {
                    start += chunk;
                }
            }
            if (chunk == 1 && !removed) {
                break;
            }
            chunk = Math.max(1, chunk / 2);
        }
        History minimal = history.with(current);
        Violation found = check.check(minimal).stream().filter(x -> x.kind() == v.kind()).findFirst().orElse(v);
        return new Violation(v.kind(), v.havipId(), v.message(), minimal.entries().isEmpty() ? found.evidence()
                : minimal.entries());
    }

    private static boolean fails(History history, List<Entry> subset, Violation v, Check check) {
        return check.check(history.with(subset)).stream()
                .anyMatch(x -> x.kind() == v.kind() && Objects.equals(x.havipId(), v.havipId()));
    }

    /** Per HaVip, the convergence time so far (null = not converged), without judging it. */
    public java.util.Map<String, Duration> convergence(History history) {
        return ConvergenceCheck.check(history, convergenceBound).times();
    }

    /** The convergence bound this checker holds runs to. */
    public Duration convergenceBound() {
        return convergenceBound;
    }
}
