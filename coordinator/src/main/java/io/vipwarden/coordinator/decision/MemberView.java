package io.vipwarden.coordinator.decision;

import io.vipwarden.events.VrrpState;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One server of a HaVip group as the coordinators know it.
 *
 * @param lastSeen      when the coordinators last heard anything from it (coordinator clock, not the agent's)
 * @param intervalMs    the heartbeat interval it announced, 0 when unknown
 * @param fenced        the coordinators fenced it; only the coordinators lift that
 * @param calmSince     since when it has been healthy and not claiming MASTER (BACKUP, or FAULT as our own
 *                      fence leaves it) without interruption, or null: the rejoin timer
 * @param fenceSentAt   when the last Fence went to it, or null
 * @param incarnation   its agent's incarnation, with {@code lastSequence} used to drop duplicate events
 */
public record MemberView(String nodeId, String cloudInstanceId, VrrpState vrrpState, int priority, boolean healthy,
        Instant lastSeen, long intervalMs, boolean fenced, Instant calmSince, Instant fenceSentAt,
        String incarnation, long lastSequence, NodeConfig config) implements Serializable {

    public static MemberView unknown(String nodeId) {
        return new MemberView(nodeId, null, VrrpState.UNKNOWN, 0, false, null, 0, false, null, null, null, -1, null);
    }

    /** Alive when something was heard from it within {@code missed} intervals. */
    public boolean alive(Instant now, EngineSettings settings) {
        return lastSeen != null && !now.isAfter(lastSeen.plus(timeout(settings)));
    }

    /** The same member with other liveness facts: when it was last heard, and its incarnation and sequence. */
    public MemberView withLiveness(Instant seen, String inc, long seq) {
        return new MemberView(nodeId, cloudInstanceId, vrrpState, priority, healthy, seen, intervalMs, fenced,
                calmSince, fenceSentAt, inc, seq, config);
    }

    /** Equal to {@code o} in everything but the liveness facts ({@code lastSeen}, {@code lastSequence}). */
    public boolean sameButLiveness(MemberView o) {
        return o != null && nodeId.equals(o.nodeId) && Objects.equals(cloudInstanceId, o.cloudInstanceId)
                && vrrpState == o.vrrpState && priority == o.priority && healthy == o.healthy
                && intervalMs == o.intervalMs && fenced == o.fenced
                && Objects.equals(calmSince, o.calmSince)
                && Objects.equals(fenceSentAt, o.fenceSentAt)
                && Objects.equals(incarnation, o.incarnation) && Objects.equals(config, o.config);
    }

    public Duration timeout(EngineSettings settings) {
        // Duration.multipliedBy goes through BigDecimal: too slow for a check made on every heartbeat.
        return intervalMs > 0 ? Duration.ofMillis(Math.multiplyExact(intervalMs, (long) settings.missedHeartbeats()))
                : settings.heartbeatInterval().multipliedBy(settings.missedHeartbeats());
    }

    public boolean claimsMaster() {
        return vrrpState.claimsVip();
    }

    public MemberView withFenced(boolean value, Instant sentAt) {
        return new MemberView(nodeId, cloudInstanceId, vrrpState, priority, healthy, lastSeen, intervalMs, value,
                calmSince, sentAt, incarnation, lastSequence, config);
    }

    MemberView observed(String instanceId, VrrpState state, int prio, boolean isHealthy, Instant now, long interval,
            String inc, long seq, NodeConfig cfg) {
        VrrpState effective = state.effective();
        // A fenced node sits in FAULT because of our own track_file, so FAULT counts as calm too.
        boolean calm = isHealthy && (effective == VrrpState.BACKUP || effective == VrrpState.FAULT);
        Instant since = calm ? (calmSince != null ? calmSince : now) : null;
        return new MemberView(nodeId, instanceId != null ? instanceId : cloudInstanceId, effective, prio, isHealthy,
                now, interval > 0 ? interval : intervalMs, fenced, since, fenceSentAt, inc, seq, cfg);
    }
}
