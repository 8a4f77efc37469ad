package io.vipwarden.coordinator.reconcile;

import io.vipwarden.cloud.CallGuard;
import io.vipwarden.cloud.CloudException;
import io.vipwarden.cloud.HavipDescription;
import io.vipwarden.cloud.HavipProvider;
import io.vipwarden.cloud.StaleCallException;
import io.vipwarden.coordinator.decision.Action.CloudCall;
import io.vipwarden.coordinator.decision.Action.CloudKind;
import io.vipwarden.coordinator.decision.Action.CommandKind;
import io.vipwarden.coordinator.decision.Action.NodeCommand;
import io.vipwarden.coordinator.decision.EngineSettings;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.MemberView;
import io.vipwarden.coordinator.metrics.CoordinatorMetrics;
import io.vipwarden.coordinator.executor.CallPremise;
import io.vipwarden.coordinator.executor.ClientTokens;
import io.vipwarden.coordinator.executor.Outbox;
import io.vipwarden.events.AuditEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares what the fencing store wants (the owner associated and announcing, fenced members not
 * associated) with what the cloud reports ({@code describe}: associated instances, master) and
 * with the agents' reported VRRP states, and corrects drift: lost or failed cloud calls, a call a
 * paused coordinator made late, and keepalived's silence after a split brain heals (the cloud still
 * routes to another instance although the owner is MASTER: the owner is asked to re-announce).
 * Every correction is audited as {@code RECONCILE_CORRECTION}. Runs on the HaVip's executor lane.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final Function<String, HavipRecord> read;
    private final ToLongFunction<String> currentEpoch;
    private final HavipProvider provider;
    private final Outbox outbox;
    private final CoordinatorMetrics metrics;
    private final EngineSettings settings;
    private final Clock clock;
    private volatile java.util.function.BiPredicate<String, HavipDescription> cloudObserved = (id, d) -> false;

    /** Told every cloud description read; returns true when the binding changed (then the state is republished). */
    public void onCloudObserved(java.util.function.BiPredicate<String, HavipDescription> listener) {
        this.cloudObserved = listener;
    }

    public Reconciler(Function<String, HavipRecord> read, ToLongFunction<String> currentEpoch, HavipProvider provider,
            Outbox outbox, CoordinatorMetrics metrics, EngineSettings settings, Clock clock) {
        this.read = read;
        this.currentEpoch = currentEpoch;
        this.provider = provider;
        this.outbox = outbox;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
    }

    /** @return how many corrections were made */
    public int reconcile(String havipId) {
        HavipRecord r;
        try {
            r = read.apply(havipId);
        } catch (RuntimeException e) {
            return 0; // no quorum: fail static
        }
        if (r == null || r.ownerNode() == null || r.maintenance() || r.frozen() || !provider.supportsAssociation()) {
            return 0;
        }
        HavipDescription cloud;
        try {
            cloud = provider.describe(havipId);
            metrics.cloudCall("describe", "ok");
            if (cloudObserved.test(havipId, cloud)) {
                // the cloud's side changed: readers of havip-state see it now, with the record as it is
                // now (not r: a decision may have changed and published it during the describe)
                outbox.state(havipId, () -> readOrNull(havipId), settings);
            }
        } catch (CloudException e) {
            metrics.cloudCall("describe", "error");
            metrics.cloudError("describe", e.code());
            log.warn("reconcile of {} could not describe it: {}", havipId, e.getMessage());
            return 0;
        }
        Instant now = clock.instant();
        int corrections = 0;
        MemberView owner = r.owner();
        if (owner != null && owner.cloudInstanceId() != null
                && !cloud.associatedInstances().contains(owner.cloudInstanceId())) {
            corrections += correct(r, cloud, owner, CloudKind.ASSOCIATE, "owner_not_associated", "owner "
                    + owner.nodeId() + " (" + owner.cloudInstanceId() + ") is not associated",
                    guard -> provider.associate(havipId, owner.cloudInstanceId(),
                            token(r, "associate", owner.cloudInstanceId()), guard));
        }
        for (MemberView m : r.members().values()) {
            if (m.fenced() && m.cloudInstanceId() != null && cloud.associatedInstances().contains(m.cloudInstanceId())) {
                corrections += correct(r, cloud, m, CloudKind.UNASSOCIATE, "fenced_still_associated", "fenced "
                        + m.nodeId() + " (" + m.cloudInstanceId() + ") is still associated",
                        guard -> provider.unassociate(havipId, m.cloudInstanceId(), true,
                                token(r, "unassociate", m.cloudInstanceId()), guard));
            } else if (!m.fenced() && !m.nodeId().equals(r.ownerNode()) && m.cloudInstanceId() != null
                    && m.healthy() && m.alive(now, settings)
                    && !cloud.associatedInstances().contains(m.cloudInstanceId())) {
                corrections += correct(r, cloud, m, CloudKind.ASSOCIATE, "standby_not_associated", "standby "
                        + m.nodeId() + " (" + m.cloudInstanceId() + ") is not associated",
                        guard -> provider.associate(havipId, m.cloudInstanceId(),
                                token(r, "associate", m.cloudInstanceId()), guard));
            }
        }
        if (owner != null && owner.claimsMaster() && owner.alive(now, settings) && owner.cloudInstanceId() != null
                && !owner.cloudInstanceId().equals(cloud.masterInstanceId())
                && cloud.associatedInstances().contains(owner.cloudInstanceId())) {
            corrections += correct(r, cloud, owner, CloudKind.VERIFY, "master_not_announcing", "owner "
                    + owner.nodeId() + " is MASTER but the cloud routes to " + cloud.masterInstanceId(),
                    guard -> outbox.command(
                            new NodeCommand(CommandKind.REANNOUNCE, havipId, owner.nodeId(), r.epoch(),
                                    "RECONCILE: the cloud routes " + havipId + " to " + cloud.masterInstanceId()
                                            + " but " + owner.nodeId() + " owns it and is MASTER", null),
                            Map.of("cloud.master", String.valueOf(cloud.masterInstanceId()))));
        }
        return corrections;
    }

    private HavipRecord readOrNull(String havipId) {
        try {
            return read.apply(havipId);
        } catch (RuntimeException e) {
            return null; // no quorum: the next round publishes
        }
    }

    private interface Correction {
        void apply(CallGuard guard) throws CloudException;
    }

    /**
     * @param premise what the correction takes for granted about {@code m} ({@link CallPremise}): ASSOCIATE
     *                (not fenced), UNASSOCIATE (fenced, not the owner), VERIFY (the epoch alone)
     */
    private int correct(HavipRecord r, HavipDescription cloud, MemberView m, CloudKind premise, String kind,
            String drift, Correction correction) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("owner", r.ownerNode());
        inputs.put("epoch", String.valueOf(r.epoch()));
        inputs.put("cloud.associated", cloud.associatedInstances().toString());
        inputs.put("cloud.master", String.valueOf(cloud.masterInstanceId()));
        inputs.put("cloud.status", String.valueOf(cloud.status()));
        inputs.put("member.state", String.valueOf(m.vrrpState()));
        CallGuard guard = guard(r, new CloudCall(premise, r.havipId(), m.nodeId(), m.cloudInstanceId(), r.epoch(),
                kind));
        try {
            guard.check();
        } catch (StaleCallException e) {
            return 0; // a newer decision is on its way; its own calls and the next round settle it
        }
        try {
            correction.apply(guard);
            metrics.correction(kind);
            outbox.audit(r.havipId(), m.nodeId(), AuditEvent.Type.RECONCILE_CORRECTION, r.epoch(),
                    kind.toUpperCase() + ": " + drift + "; corrected", "CORRECTED", inputs);
            return 1;
        } catch (StaleCallException e) {
            if (e.requestsSent() > 0) {
                log.info("gave up correcting {} of {} after {} request(s): {}", kind, r.havipId(), e.requestsSent(),
                        e.why());
                inputs.put("requests.sent", String.valueOf(e.requestsSent()));
                outbox.audit(r.havipId(), m.nodeId(), AuditEvent.Type.RECONCILE_CORRECTION, r.epoch(),
                        kind.toUpperCase() + ": " + drift + "; correction given up after " + e.requestsSent()
                                + " request(s): " + e.why(), "ABANDONED", inputs);
            }
            return 0; // as above: the round that follows the newer decision settles it
        } catch (CloudException e) {
            metrics.cloudError(kind, e.code());
            outbox.audit(r.havipId(), m.nodeId(), AuditEvent.Type.RECONCILE_CORRECTION, r.epoch(),
                    kind.toUpperCase() + ": " + drift + "; correction failed: " + e.getMessage(), "FAILED", inputs);
            return 0;
        }
    }

    /**
     * A correction's premise, asked before it and right before every request inside it: the store
     * still at the round's epoch, and the member as the correction takes it ({@link CallPremise}) in
     * the record as this member holds it now.
     */
    private CallGuard guard(HavipRecord r, CloudCall correction) {
        return () -> {
            HavipRecord now;
            try {
                long epoch = currentEpoch.applyAsLong(r.havipId());
                if (epoch != r.epoch()) {
                    throw new StaleCallException(correction.reason() + " was found at epoch " + r.epoch()
                            + " but the HaVip is at epoch " + epoch);
                }
                now = read.apply(r.havipId());
            } catch (RuntimeException e) {
                throw new StaleCallException("cannot confirm the epoch (" + e.getClass().getSimpleName() + ")");
            }
            CallPremise.Broken broken = CallPremise.check(correction, now);
            if (broken != null) {
                throw new StaleCallException(broken.reason());
            }
        };
    }

    private static String token(HavipRecord r, String action, String instance) {
        return ClientTokens.of(r.epoch(), "reconcile", r.havipId(), String.valueOf(r.revision()), action, instance);
    }
}
