package io.vipwarden.chaos.check;

import io.vipwarden.chaos.check.Violation.Kind;
import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.Entry.CloudState;
import io.vipwarden.chaos.history.Entry.End;
import io.vipwarden.chaos.history.Entry.FaultsOver;
import io.vipwarden.chaos.history.Entry.Grant;
import io.vipwarden.chaos.history.Entry.Member;
import io.vipwarden.chaos.history.Entry.Vrrp;
import io.vipwarden.chaos.history.History;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * After the faults stop, every HaVip reaches and keeps: exactly one MASTER, that node the owner of
 * the highest grant, the cloud routing to the owner's instance with it associated. The time from
 * {@link FaultsOver} to the moment it holds for good is the convergence time.
 */
final class ConvergenceCheck {
    /** Per HaVip: the convergence time, or null when it never converged. */
    record Result(Map<String, Duration> times, List<Violation> violations) {
    }

    private ConvergenceCheck() {
    }

    static Result check(History history, Duration bound) {
        List<FaultsOver> over = history.all(FaultsOver.class);
        List<End> ends = history.all(End.class);
        if (over.isEmpty() || ends.isEmpty()) {
            return new Result(Map.of(), List.of());
        }
        Instant faultsOver = over.get(0).at();
        Map<String, State> states = new LinkedHashMap<>();
        for (Entry e : history.entries()) {
            if (e.havipId() == null) {
                continue;
            }
            State s = states.computeIfAbsent(e.havipId(), k -> new State());
            s.apply(e);
            boolean now = s.converged();
            if (now && s.since == null) {
                s.since = e.at();
            } else if (!now) {
                s.since = null;
            }
        }
        Map<String, Duration> times = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, State> h : states.entrySet()) {
            State s = h.getValue();
            if (s.since == null) {
                times.put(h.getKey(), null);
                violations.add(new Violation(Kind.NOT_CONVERGED, h.getKey(), "not converged "
                        + Duration.between(faultsOver, ends.get(0).at()).toMillis() + " ms after the faults stopped: "
                        + s.why(), s.last()));
                continue;
            }
            Duration took = s.since.isBefore(faultsOver) ? Duration.ZERO : Duration.between(faultsOver, s.since);
            times.put(h.getKey(), took);
            if (took.compareTo(bound) > 0) {
                violations.add(new Violation(Kind.NOT_CONVERGED, h.getKey(), "converged only " + took.toMillis()
                        + " ms after the faults stopped (bound " + bound.toMillis() + " ms)", s.last()));
            }
        }
        return new Result(times, violations);
    }

    private static final class State {
        final Map<String, String> instanceOfNode = new HashMap<>();
        final Map<String, Vrrp> vrrp = new LinkedHashMap<>();
        Grant grant;
        CloudState cloud;
        Instant since;

        void apply(Entry e) {
            if (e instanceof Member m) {
                instanceOfNode.put(m.nodeId(), m.instanceId());
            } else if (e instanceof Vrrp v) {
                vrrp.put(v.nodeId(), v);
            } else if (e instanceof Grant g && (grant == null || g.epoch() >= grant.epoch())) {
                grant = g;
            } else if (e instanceof CloudState c) {
                cloud = c;
            }
        }

        List<String> masters() {
            return vrrp.values().stream().filter(v -> v.state().claimsVip()).map(Vrrp::nodeId).toList();
        }

        boolean converged() {
            return why() == null;
        }

        /** Why it is not converged, or null when it is. */
        String why() {
            List<String> masters = masters();
            if (masters.size() != 1) {
                return masters.size() + " MASTER nodes " + masters;
            }
            if (grant == null) {
                return "no owner granted";
            }
            if (!grant.owner().equals(masters.get(0))) {
                return "owner " + grant.owner() + " (epoch " + grant.epoch() + ") but MASTER is " + masters.get(0);
            }
            String instance = instanceOfNode.get(grant.owner());
            if (cloud == null || instance == null) {
                return "cloud binding unknown";
            }
            if (!cloud.associated().contains(instance) || !Objects.equals(cloud.master(), instance)) {
                return "owner " + grant.owner() + " is instance " + instance + " but the cloud has associated "
                        + cloud.associated() + " and routes to " + cloud.master();
            }
            return null;
        }

        List<Entry> last() {
            List<Entry> out = new ArrayList<>();
            if (grant != null) {
                out.add(grant);
            }
            if (cloud != null) {
                out.add(cloud);
            }
            out.addAll(vrrp.values());
            out.sort(java.util.Comparator.comparing(Entry::at));
            return out;
        }
    }
}
