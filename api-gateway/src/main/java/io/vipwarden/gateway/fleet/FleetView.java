package io.vipwarden.gateway.fleet;

import io.vipwarden.events.CommandResult;
import io.vipwarden.events.ConfigReport;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.HealthChange;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fleet as the gateway sees it: the latest {@link HavipState} of each HaVip (from the coordinators,
 * on {@code havip-state}) and what each node last said about each of its HaVips (from
 * {@code node-events}). Plain Java with an injected clock; thread-safe.
 */
public final class FleetView {
    /** Heartbeat intervals a node may miss before it counts as down. */
    static final int MISSED_HEARTBEATS_DOWN = 3;
    private static final long DEFAULT_INTERVAL_MS = 1000;

    private final Clock clock;
    private final Map<String, HavipState> states = new TreeMap<>();
    private final Map<String, Map<String, NodeSighting>> sightings = new TreeMap<>();

    public FleetView(Clock clock) {
        this.clock = clock;
    }

    /** Keeps the state unless an older one (lower epoch, or same epoch and earlier update) arrives late. */
    public synchronized boolean apply(HavipState state) {
        HavipState current = states.get(state.havipId());
        if (current != null && (state.epoch() < current.epoch()
                || (state.epoch() == current.epoch() && state.updatedAt().isBefore(current.updatedAt())))) {
            return false;
        }
        states.put(state.havipId(), state);
        return true;
    }

    /** A tombstone on the compacted state topic: the HaVip is gone. */
    public synchronized boolean remove(String havipId) {
        return states.remove(havipId) != null;
    }

    /** Records what a node said; {@code at} is the event's time. */
    public synchronized void apply(NodeEvent event, Instant at) {
        Map<String, NodeSighting> byHavip = sightings.computeIfAbsent(event.nodeId(), k -> new TreeMap<>());
        NodeSighting prev = byHavip.get(event.havipId());
        if (prev != null && prev.lastSeen() != null && at.isBefore(prev.lastSeen())) {
            return;
        }
        String instance = prev == null ? null : prev.cloudInstanceId();
        VrrpState vrrp = prev == null ? VrrpState.UNKNOWN : prev.vrrpState();
        int priority = prev == null ? 0 : prev.priority();
        Boolean healthy = prev == null ? null : prev.healthy();
        boolean fenced = prev != null && prev.fenced();
        long interval = prev == null ? 0 : prev.intervalMs();
        if (event instanceof Heartbeat h) {
            instance = h.cloudInstanceId() == null ? instance : h.cloudInstanceId();
            vrrp = h.vrrpState().effective();
            priority = h.priority();
            healthy = h.healthy();
            fenced = h.fenced();
            interval = h.intervalMs();
        } else if (event instanceof VrrpTransition t) {
            instance = t.cloudInstanceId() == null ? instance : t.cloudInstanceId();
            vrrp = t.to().effective();
            priority = t.priority();
        } else if (event instanceof HealthChange c) {
            healthy = c.healthy();
        } else if (event instanceof ConfigReport || event instanceof CommandResult) {
            // Seen alive; the state itself did not change.
        }
        byHavip.put(event.havipId(), new NodeSighting(event.nodeId(), event.havipId(), instance, vrrp, priority,
                healthy, fenced, at, interval));
    }

    public synchronized List<HavipState> havips() {
        return List.copyOf(states.values());
    }

    public synchronized Optional<HavipState> havip(String havipId) {
        return Optional.ofNullable(states.get(havipId));
    }

    /** Every node known from node events or as a member of a HaVip, sorted by id. */
    public synchronized List<NodeSummary> nodes() {
        TreeSet<String> ids = new TreeSet<>(sightings.keySet());
        states.values().forEach(s -> s.members().forEach(m -> ids.add(m.nodeId())));
        List<NodeSummary> out = new ArrayList<>();
        for (String id : ids) {
            out.add(summary(id));
        }
        return out;
    }

    public synchronized Optional<NodeSummary> node(String nodeId) {
        boolean known = sightings.containsKey(nodeId) || states.values().stream()
                .anyMatch(s -> s.members().stream().anyMatch(m -> m.nodeId().equals(nodeId)));
        return known ? Optional.of(summary(nodeId)) : Optional.empty();
    }

    public synchronized List<NodeSighting> sightings(String havipId) {
        List<NodeSighting> out = new ArrayList<>();
        sightings.values().forEach(m -> {
            NodeSighting s = m.get(havipId);
            if (s != null) {
                out.add(s);
            }
        });
        return out;
    }

    private NodeSummary summary(String nodeId) {
        Map<String, NodeSighting> byHavip = sightings.getOrDefault(nodeId, Map.of());
        Map<String, NodeSummary.Membership> memberships = new TreeMap<>();
        for (HavipState s : states.values()) {
            for (HavipState.Member m : s.members()) {
                if (m.nodeId().equals(nodeId)) {
                    memberships.put(s.havipId(), new NodeSummary.Membership(s.havipId(), nodeId.equals(s.ownerNode()),
                            m.vrrpState(), m.healthy(), m.alive(), m.fenced(), byHavip.get(s.havipId())));
                }
            }
        }
        byHavip.forEach((havip, sighting) -> memberships.computeIfAbsent(havip, h -> new NodeSummary.Membership(h,
                false, sighting.vrrpState(), Boolean.TRUE.equals(sighting.healthy()), isUp(sighting), sighting.fenced(),
                sighting)));
        Instant lastSeen = byHavip.values().stream().map(NodeSighting::lastSeen).max(Comparator.naturalOrder())
                .orElse(null);
        boolean up = byHavip.values().stream().anyMatch(this::isUp);
        return new NodeSummary(nodeId, up, lastSeen, List.copyOf(memberships.values()));
    }

    boolean isUp(NodeSighting s) {
        long interval = s.intervalMs() > 0 ? s.intervalMs() : DEFAULT_INTERVAL_MS;
        return Duration.between(s.lastSeen(), clock.instant()).toMillis() <= MISSED_HEARTBEATS_DOWN * interval;
    }

    /** Members the coordinators report alive. */
    public static int membersUp(HavipState s) {
        return (int) s.members().stream().filter(HavipState.Member::alive).count();
    }

    /** Whether a member other than the owner is alive, healthy and not fenced: a failover target exists. */
    /**
     * Whether the cloud routes the HaVip to its owner: empty when that cannot be said (no owner, no
     * cloud binding read yet, or the owner's instance is not known).
     */
    public static java.util.Optional<Boolean> cloudMatchesOwner(HavipState s) {
        if (s.ownerNode() == null || s.cloudMaster() == null) {
            return java.util.Optional.empty();
        }
        return s.members().stream().filter(m -> m.nodeId().equals(s.ownerNode()) && m.cloudInstanceId() != null)
                .findFirst().map(m -> m.cloudInstanceId().equals(s.cloudMaster()));
    }

    public static boolean healthyStandby(HavipState s) {
        return s.members().stream().anyMatch(m -> !m.nodeId().equals(s.ownerNode()) && m.alive() && m.healthy()
                && !m.fenced());
    }

    /** Seconds since the last failover, or empty when there has been none. */
    public Optional<Double> secondsSinceLastFailover(HavipState s) {
        if (s.lastFailoverAt() == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(s.lastFailoverAt(), clock.instant()).toMillis() / 1000.0);
    }

    public Clock clock() {
        return clock;
    }
}
