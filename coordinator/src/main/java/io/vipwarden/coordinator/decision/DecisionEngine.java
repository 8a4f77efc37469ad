package io.vipwarden.coordinator.decision;

import io.vipwarden.coordinator.decision.Action.CloudCall;
import io.vipwarden.coordinator.decision.Action.CloudKind;
import io.vipwarden.coordinator.decision.Action.CommandKind;
import io.vipwarden.coordinator.decision.Action.NodeCommand;
import io.vipwarden.events.AcknowledgeRequest;
import io.vipwarden.events.AuditEvent.Type;
import io.vipwarden.events.CommandResult;
import io.vipwarden.events.ConfigReport;
import io.vipwarden.events.HavipState.Phase;
import io.vipwarden.events.HealthChange;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.MaintenanceRequest;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.events.OperatorRequest;
import io.vipwarden.events.SwitchoverRequest;
import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who owns a HaVip, at which epoch, and whom to fence: a pure function of the stored record, one
 * input and the clock. It never blocks and never talks to anything; the adapters store its result
 * (only if the record is still the one it decided on), publish the commands and run the cloud calls.
 *
 * <p>Rules, in the order they are applied after an input updated the members:
 * <ol>
 *   <li>maintenance or frozen: no automatic action;</li>
 *   <li>no owner yet: the best healthy MASTER claimant gets epoch 1;</li>
 *   <li>split brain (two or more unfenced alive MASTER claims): keep the owner while it is healthy
 *       (or held down), else choose by health, priority, node id; fence every other claimant;</li>
 *   <li>failover: the owner is dead or not MASTER and a healthy unfenced member claims MASTER →
 *       new epoch, Remap, associate, fence the old owner if alive; blocked by hold-down, frozen when
 *       the failover budget of the window is spent; without a healthy candidate the owner stays and
 *       an alert is raised once;</li>
 *   <li>a fenced member that still claims MASTER gets its Fence again, at most every refence period;</li>
 *   <li>rejoin: a fenced member that has been alive, healthy and not MASTER for the rejoin period is
 *       unfenced and associated again as standby.</li>
 * </ol>
 */
public final class DecisionEngine {
    private static final Set<VrrpState> OWNER_GAVE_UP =
            EnumSet.of(VrrpState.BACKUP, VrrpState.FAULT, VrrpState.STOP, VrrpState.DELETED);

    private final EngineSettings settings;
    private final Clock clock;

    public DecisionEngine(EngineSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EngineSettings settings() {
        return settings;
    }

    /** Decides on one input against the record as stored now ({@code current} may be {@link HavipRecord#empty}). */
    public Decision decide(HavipRecord current, Input input) {
        Draft d = new Draft(current, clock.instant(), input);
        if (input instanceof Input.FromNode n && !observe(d, n.event())) {
            return d.unchanged();
        }
        if (input instanceof Input.FromOperator o) {
            operator(d, o.request());
        }
        arbitrate(d);
        rejoin(d);
        d.b.phase = phase(d);
        return d.finish();
    }

    // ---- observing -------------------------------------------------------------------------------

    /** @return false for a duplicate (same incarnation, sequence not newer): nothing to decide */
    private boolean observe(Draft d, NodeEvent event) {
        MemberView m = d.b.members.getOrDefault(event.nodeId(), MemberView.unknown(event.nodeId()));
        if (event.incarnation().equals(m.incarnation()) && event.sequence() <= m.lastSequence()) {
            return false;
        }
        String inc = event.incarnation();
        long seq = event.sequence();
        MemberView next;
        if (event instanceof Heartbeat hb) {
            if (d.b.vip == null) {
                d.b.vip = hb.vip();
            }
            next = m.observed(hb.cloudInstanceId(), hb.vrrpState(), hb.priority(), hb.healthy(), d.now,
                    hb.intervalMs(), inc, seq, m.config());
        } else if (event instanceof VrrpTransition t) {
            next = m.observed(t.cloudInstanceId(), t.to(), t.priority(), m.healthy(), d.now, 0, inc, seq, m.config());
        } else if (event instanceof HealthChange h) {
            next = m.observed(null, m.vrrpState(), m.priority(), h.healthy(), d.now, 0, inc, seq, m.config());
        } else if (event instanceof ConfigReport c) {
            next = m.observed(null, m.vrrpState(), m.priority(), m.healthy(), d.now, 0, inc, seq,
                    new NodeConfig(c.vpcId(), c.vrrpInstance(), c.virtualRouterId(), c.vips(), c.unicastSrcIp(),
                            c.unicastPeers()));
        } else {
            CommandResult r = (CommandResult) event;
            d.finding(Type.COMMAND_RESULT, r.nodeId(), r.commandType() + " " + r.commandId() + " at epoch "
                    + r.epoch() + ": " + r.outcome() + (r.detail() == null ? "" : " (" + r.detail() + ")"),
                    r.outcome().name());
            next = m.observed(null, m.vrrpState(), m.priority(), m.healthy(), d.now, 0, inc, seq, m.config());
        }
        d.b.members.put(next.nodeId(), next);
        if (event instanceof ConfigReport c) {
            if (d.b.vpcId == null && c.vpcId() != null) {
                d.b.vpcId = c.vpcId();
            }
            List<String> findings = FleetConfigRules.memberDisagreements(d.b.members);
            for (String f : findings) {
                if (!d.b.configFindings.contains(f)) {
                    d.finding(Type.CONFIG_FINDING, c.nodeId(), f, "OPEN");
                }
            }
            d.b.configFindings = new ArrayList<>(findings);
        }
        return true;
    }

    // ---- operator requests -----------------------------------------------------------------------

    private void operator(Draft d, OperatorRequest request) {
        d.finding(Type.OPERATOR_REQUEST, null, request.getClass().getSimpleName() + " " + request.requestId()
                + " by " + request.requestedBy() + (request.reason() == null ? "" : ": " + request.reason()),
                "RECEIVED");
        if (request instanceof SwitchoverRequest s) {
            switchover(d, s);
        } else if (request instanceof MaintenanceRequest m) {
                d.b.maintenance = m.enabled();
                d.b.attention = m.enabled() ? "MAINTENANCE" : null;
                d.finding(Type.REQUEST_OUTCOME, null, "maintenance " + (m.enabled() ? "on" : "off") + " by "
                        + m.requestedBy() + ": no automatic action while on", "ACCEPTED");
        } else if (request instanceof AcknowledgeRequest a) {
                boolean wasFrozen = d.b.frozen;
                d.b.frozen = false;
                d.b.recentFailovers.clear();
                d.b.attention = null;
                d.finding(Type.REQUEST_OUTCOME, null, wasFrozen
                        ? "acknowledged by " + a.requestedBy() + ": automatic action resumes, failover budget reset"
                        : "acknowledged by " + a.requestedBy() + ": was not frozen, failover budget reset", "ACCEPTED");
        }
    }

    private void switchover(Draft d, SwitchoverRequest s) {
        MemberView target = d.b.members.get(s.targetNode());
        String refusal = null;
        if (target == null) {
            refusal = "target " + s.targetNode() + " is not a known member of " + d.b.havipId;
        } else if (s.targetNode().equals(d.b.ownerNode)) {
            refusal = "target " + s.targetNode() + " already owns " + d.b.havipId + " at epoch " + d.b.epoch;
        } else if (!target.alive(d.now, settings)) {
            refusal = "target " + s.targetNode() + " is dead: nothing heard for "
                    + millisSince(target.lastSeen(), d.now) + " ms (timeout " + target.timeout(settings).toMillis()
                    + " ms)";
        } else if (!target.healthy()) {
            refusal = "target " + s.targetNode() + " is unhealthy";
        } else if (target.fenced()) {
            refusal = "target " + s.targetNode() + " is fenced; it rejoins after " + settings.rejoinAfter().toMillis()
                    + " ms healthy and not MASTER";
        }
        if (refusal != null) {
            d.finding(Type.REQUEST_OUTCOME, s.targetNode(), "switchover refused: " + refusal, "REFUSED");
            return;
        }
        changeOwner(d, target, FailoverReason.SWITCHOVER, "SWITCHOVER: requested by " + s.requestedBy()
                + (s.reason() == null ? "" : " (" + s.reason() + ")") + "; " + s.targetNode() + " is alive and healthy");
        d.finding(Type.REQUEST_OUTCOME, s.targetNode(), "switchover to " + s.targetNode() + " at epoch " + d.b.epoch,
                "ACCEPTED");
    }

    // ---- arbitration -----------------------------------------------------------------------------

    private void arbitrate(Draft d) {
        if (d.b.maintenance || d.b.frozen) {
            return;
        }
        List<MemberView> claimants = d.b.members.values().stream()
                .filter(m -> m.alive(d.now, settings) && m.claimsMaster() && !m.fenced())
                .sorted(BEST_FIRST).toList();
        refenceStubbornClaimants(d);
        if (d.b.ownerNode == null) {
            claimants.stream().filter(MemberView::healthy).findFirst().ifPresent(first -> {
                changeOwner(d, first, FailoverReason.INITIAL, "INITIAL_OWNER: " + first.nodeId()
                        + " is the " + (claimants.size() > 1 ? "best of " + claimants.size() + " " : "")
                        + "healthy MASTER claimant and " + d.b.havipId + " had no owner");
                fenceOthers(d, claimants, first.nodeId(), "SPLIT_BRAIN");
            });
            return;
        }
        if (claimants.size() >= 2) {
            splitBrain(d, claimants);
            return;
        }
        boolean othersClaim = d.b.members.values().stream().anyMatch(m -> !m.nodeId().equals(d.b.ownerNode)
                && m.alive(d.now, settings) && m.claimsMaster());
        if (d.b.splitBrain && !othersClaim) {
            d.b.splitBrain = false;
            d.finding(Type.DECISION, null, "SPLIT_BRAIN_ENDED: no member but the owner claims MASTER any more",
                    "RESOLVED");
            MemberView owner = d.b.owner();
            if (owner != null && owner.claimsMaster() && owner.alive(d.now, settings)) {
                // keepalived sends no new gratuitous ARP when the other master goes away: ask for one.
                d.actions.add(new NodeCommand(CommandKind.REANNOUNCE, d.b.havipId, owner.nodeId(), d.b.epoch,
                        "REANNOUNCE: split brain over; " + owner.nodeId() + " must announce " + d.b.havipId
                                + " again", null));
            }
        }
        ownerCheck(d, claimants);
    }

    private void splitBrain(Draft d, List<MemberView> claimants) {
        MemberView current = d.b.owner();
        if (current != null && claimants.contains(current) && !fresh(current, d.now)) {
            // The owner has missed adverts: the challenger is most likely keepalived promoting itself
            // after the owner died. Fencing it now would leave nobody; wait for the owner to speak or time out.
            d.attention("OWNER_QUIET", Type.DECISION, "OWNER_QUIET: " + names(claimants) + " claim MASTER but owner "
                    + current.nodeId() + " has been silent for " + millisSince(current.lastSeen(), d.now)
                    + " ms; no fencing until it reports again or times out");
            return;
        }
        if (!d.b.splitBrain) {
            d.b.splitBrain = true;
            d.splitBrainBegan = true;
        }
        MemberView owner = d.b.owner();
        boolean ownerClaims = claimants.stream().anyMatch(m -> m.nodeId().equals(d.b.ownerNode));
        MemberView winner;
        String why;
        if (ownerClaims && (owner.healthy() || inHoldDown(d))) {
            winner = owner;
            why = "SPLIT_BRAIN: " + names(claimants) + " claim MASTER; owner " + owner.nodeId()
                    + (owner.healthy() ? " is healthy and keeps it" : " keeps it during hold-down");
        } else if (inHoldDown(d)) {
            d.attention("HELD_DOWN", Type.DECISION, "HELD_DOWN: split brain " + names(claimants)
                    + " without the owner claiming MASTER; no owner change until " + d.b.holdDownUntil);
            return;
        } else {
            winner = claimants.get(0);
            why = "SPLIT_BRAIN: " + names(claimants) + " claim MASTER; owner " + d.b.ownerNode
                    + (ownerClaims ? " is unhealthy" : " is not among them") + "; " + winner.nodeId()
                    + " wins on health, then priority (" + winner.priority() + "), then node id";
            if (!budgetLeft(d)) {
                return;
            }
            changeOwner(d, winner, FailoverReason.SPLIT_BRAIN, why);
        }
        if (d.splitBrainBegan && winner == owner) {
            d.finding(Type.DECISION, winner.nodeId(), why, "OWNER_KEPT");
        }
        fenceOthers(d, claimants, winner.nodeId(), why);
    }

    private void ownerCheck(Draft d, List<MemberView> claimants) {
        MemberView owner = d.b.owner();
        boolean ownerAlive = owner != null && owner.alive(d.now, settings);
        boolean ownerDown = !ownerAlive || OWNER_GAVE_UP.contains(owner.vrrpState());
        if (!ownerDown) {
            d.attention(null, null, null);
            return;
        }
        String ownerWhy = !ownerAlive
                ? "owner " + d.b.ownerNode + " is dead: nothing heard for " + millisSince(owner == null ? null
                        : owner.lastSeen(), d.now) + " ms (timeout " + (owner == null ? settings.heartbeatInterval()
                        .multipliedBy(settings.missedHeartbeats()) : owner.timeout(settings)).toMillis() + " ms)"
                : "owner " + d.b.ownerNode + " reports " + owner.vrrpState();
        List<MemberView> candidates = claimants.stream()
                .filter(m -> m.healthy() && !m.nodeId().equals(d.b.ownerNode)).toList();
        if (candidates.isEmpty() && !ownerAlive) {
            // A member fenced for competing with an owner that has since died is the best one left:
            // keeping it fenced would leave the VIP with nobody.
            candidates = d.b.members.values().stream().filter(m -> m.fenced() && m.healthy()
                    && m.alive(d.now, settings) && m.claimsMaster()).sorted(BEST_FIRST).toList();
        }
        if (candidates.isEmpty()) {
            boolean anyHealthy = d.b.members.values().stream().anyMatch(m -> !m.nodeId().equals(d.b.ownerNode)
                    && !m.fenced() && m.healthy() && m.alive(d.now, settings));
            if (anyHealthy) {
                // keepalived promotes a healthy BACKUP by itself within its master-down time: wait for its claim.
                d.attention("AWAITING_MASTER_CLAIM", null, null);
            } else {
                d.attention("NO_HEALTHY_CANDIDATE", Type.ALERT, "NO_HEALTHY_CANDIDATE: " + ownerWhy
                        + "; no other member is alive, healthy and unfenced; " + d.b.ownerNode
                        + " stays owner at epoch " + d.b.epoch);
            }
            return;
        }
        if (inHoldDown(d)) {
            d.attention("HELD_DOWN", Type.DECISION, "HELD_DOWN: " + ownerWhy + "; no failover until "
                    + d.b.holdDownUntil + " (hold-down " + settings.holdDown().toMillis() + " ms)");
            return;
        }
        if (!budgetLeft(d)) {
            return;
        }
        MemberView next = candidates.get(0);
        changeOwner(d, next, ownerAlive ? FailoverReason.OWNER_NOT_MASTER : FailoverReason.OWNER_DEAD,
                (ownerAlive ? "OWNER_NOT_MASTER: " : "OWNER_DEAD: ") + ownerWhy + "; " + next.nodeId()
                        + " reports MASTER and is healthy");
    }

    private void refenceStubbornClaimants(Draft d) {
        for (MemberView m : List.copyOf(d.b.members.values())) {
            if (m.fenced() && m.alive(d.now, settings) && m.claimsMaster()
                    && (m.fenceSentAt() == null || !d.now.isBefore(m.fenceSentAt().plus(settings.refenceAfter())))) {
                fence(d, m, "REFENCE: " + m.nodeId() + " is fenced but still claims MASTER");
            }
        }
    }

    private void rejoin(Draft d) {
        if (d.b.maintenance || d.b.frozen) {
            return;
        }
        for (MemberView m : List.copyOf(d.b.members.values())) {
            if (m.fenced() && m.alive(d.now, settings) && m.calmSince() != null
                    && !d.now.isBefore(m.calmSince().plus(settings.rejoinAfter()))) {
                d.b.members.put(m.nodeId(), m.withFenced(false, null));
                String why = "REJOIN: " + m.nodeId() + " has been healthy and " + m.vrrpState() + " for "
                        + millisSince(m.calmSince(), d.now) + " ms (rejoin after " + settings.rejoinAfter().toMillis()
                        + " ms); unfenced and associated again as standby";
                d.actions.add(new NodeCommand(CommandKind.UNFENCE, d.b.havipId, m.nodeId(), d.b.epoch, why, null));
                if (m.cloudInstanceId() != null) {
                    d.actions.add(new CloudCall(CloudKind.ASSOCIATE, d.b.havipId, m.nodeId(), m.cloudInstanceId(),
                            d.b.epoch, why));
                }
                d.finding(Type.DECISION, m.nodeId(), why, "UNFENCED");
            }
        }
    }

    // ---- effects ---------------------------------------------------------------------------------

    private void changeOwner(Draft d, MemberView next, FailoverReason reason, String why) {
        MemberView old = d.b.owner();
        if (next.fenced()) {
            next = next.withFenced(false, null);
            d.b.members.put(next.nodeId(), next);
            why = why + "; " + next.nodeId() + " was fenced while " + (old == null ? "nobody" : old.nodeId())
                    + " owned it and is unfenced";
        }
        d.b.epoch++;
        d.b.ownerNode = next.nodeId();
        d.b.lastReason = why;
        d.b.attention = null;
        d.failover = reason;
        if (reason != FailoverReason.INITIAL) {
            d.b.lastFailoverAt = d.now;
            d.b.holdDownUntil = d.now.plus(settings.holdDown());
            if (reason != FailoverReason.SWITCHOVER) {
                d.b.recentFailovers.add(d.now);
            }
        }
        String prev = old == null ? null : old.nodeId();
        if (d.before.member(next.nodeId()) != null && d.before.member(next.nodeId()).fenced()) {
            d.actions.add(new NodeCommand(CommandKind.UNFENCE, d.b.havipId, next.nodeId(), d.b.epoch, why, null));
        }
        d.actions.add(new NodeCommand(CommandKind.REMAP, d.b.havipId, next.nodeId(), d.b.epoch, why, prev));
        if (next.cloudInstanceId() != null) {
            d.actions.add(new CloudCall(CloudKind.ASSOCIATE, d.b.havipId, next.nodeId(), next.cloudInstanceId(),
                    d.b.epoch, why));
        }
        d.finding(Type.DECISION, next.nodeId(), why, "EPOCH_" + d.b.epoch);
        if (old != null && !old.nodeId().equals(next.nodeId()) && old.alive(d.now, settings)) {
            fence(d, old, "FENCE_OLD_OWNER: " + old.nodeId() + " lost " + d.b.havipId + " at epoch " + d.b.epoch
                    + " and is still alive");
        }
        d.actions.add(new CloudCall(CloudKind.VERIFY, d.b.havipId, next.nodeId(), next.cloudInstanceId(), d.b.epoch,
                why));
    }

    private void fenceOthers(Draft d, List<MemberView> claimants, String winner, String why) {
        for (MemberView m : claimants) {
            if (!m.nodeId().equals(winner)) {
                fence(d, d.b.members.get(m.nodeId()), "FENCE_CLAIMANT: " + m.nodeId() + " claims MASTER but "
                        + winner + " owns " + d.b.havipId + " at epoch " + d.b.epoch + " (" + why + ")");
            }
        }
    }

    private void fence(Draft d, MemberView m, String why) {
        boolean first = !m.fenced();
        d.b.members.put(m.nodeId(), m.withFenced(true, d.now));
        d.actions.add(new NodeCommand(CommandKind.FENCE, d.b.havipId, m.nodeId(), d.b.epoch, why, null));
        if (m.cloudInstanceId() != null) {
            d.actions.add(new CloudCall(CloudKind.UNASSOCIATE, d.b.havipId, m.nodeId(), m.cloudInstanceId(),
                    d.b.epoch, why));
        }
        d.finding(Type.DECISION, m.nodeId(), why, first ? "FENCED" : "REFENCED");
    }

    /** Heard from within one and a half heartbeat intervals: its MASTER claim is current. */
    private boolean fresh(MemberView m, Instant now) {
        Duration interval = m.intervalMs() > 0 ? Duration.ofMillis(m.intervalMs()) : settings.heartbeatInterval();
        return m.lastSeen() != null && !now.isAfter(m.lastSeen().plus(interval.multipliedBy(3).dividedBy(2)));
    }

    private boolean inHoldDown(Draft d) {
        return d.b.holdDownUntil != null && d.now.isBefore(d.b.holdDownUntil);
    }

    /** Prunes the window; when the budget is spent, freezes the HaVip and alerts. */
    private boolean budgetLeft(Draft d) {
        Instant windowStart = d.now.minus(settings.budgetWindow());
        d.b.recentFailovers.removeIf(t -> !t.isAfter(windowStart));
        if (d.b.recentFailovers.size() < settings.failoverBudget()) {
            return true;
        }
        d.b.frozen = true;
        d.attention("FROZEN", Type.ALERT, "FROZEN: " + d.b.recentFailovers.size() + " failovers within "
                + settings.budgetWindow().toMillis() + " ms (budget " + settings.failoverBudget()
                + "); automatic action on " + d.b.havipId + " stops until an operator acknowledges; "
                + d.b.ownerNode + " stays owner at epoch " + d.b.epoch);
        return false;
    }

    private Phase phase(Draft d) {
        if (d.b.maintenance) {
            return Phase.MAINTENANCE;
        }
        if (d.b.frozen) {
            return Phase.FROZEN;
        }
        if (d.b.splitBrain) {
            return Phase.SPLIT_BRAIN;
        }
        MemberView owner = d.b.owner();
        if (owner == null) {
            return Phase.NO_OWNER;
        }
        if (!owner.alive(d.now, settings) || !owner.claimsMaster()) {
            boolean anyHealthy = d.b.members.values().stream()
                    .anyMatch(m -> m.healthy() && !m.fenced() && m.alive(d.now, settings));
            return anyHealthy ? Phase.FAILING_OVER : Phase.NO_OWNER;
        }
        boolean standby = d.b.members.values().stream().anyMatch(m -> !m.nodeId().equals(d.b.ownerNode)
                && m.healthy() && !m.fenced() && m.alive(d.now, settings));
        return standby ? Phase.STABLE : Phase.DEGRADED;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Healthy first, then higher priority, then node id: the stable tie-break every member computes alike. */
    static final Comparator<MemberView> BEST_FIRST = Comparator
            .comparing((MemberView m) -> !m.healthy())
            .thenComparing(m -> -m.priority())
            .thenComparing(MemberView::nodeId);

    private static String names(List<MemberView> members) {
        return members.stream().map(MemberView::nodeId).toList().toString();
    }

    private static long millisSince(Instant then, Instant now) {
        return then == null ? -1 : Duration.between(then, now).toMillis();
    }

    /** The facts every finding of one decision shares: the trigger, the grant, and every member as seen. */
    private Map<String, String> inputs(Draft d) {
        Map<String, String> in = new LinkedHashMap<>();
        String trigger = "tick";
        if (d.input instanceof Input.FromNode n) {
            trigger = n.event().getClass().getSimpleName() + " from " + n.event().nodeId() + " seq "
                    + n.event().sequence();
        } else if (d.input instanceof Input.FromOperator o) {
            trigger = o.request().getClass().getSimpleName() + " " + o.request().requestId();
            // The gateway matches outcomes to requests by this key (see AuditEvent.INPUT_REQUEST_ID).
            in.put(io.vipwarden.events.AuditEvent.INPUT_REQUEST_ID, o.request().requestId());
        }
        in.put("trigger", trigger);
        in.put("now", d.now.toString());
        in.put("owner.before", String.valueOf(d.before.ownerNode()));
        in.put("epoch.before", String.valueOf(d.before.epoch()));
        in.put("owner.after", String.valueOf(d.b.ownerNode));
        in.put("epoch.after", String.valueOf(d.b.epoch));
        in.put("holdDownUntil", String.valueOf(d.b.holdDownUntil));
        in.put("recentFailovers", String.valueOf(d.b.recentFailovers.size()));
        for (MemberView m : d.b.members.values()) {
            in.put("member." + m.nodeId(), "state=" + m.vrrpState() + " healthy=" + m.healthy() + " alive="
                    + m.alive(d.now, settings) + " priority=" + m.priority() + " fenced=" + m.fenced()
                    + " lastSeenMsAgo=" + millisSince(m.lastSeen(), d.now) + " instance=" + m.cloudInstanceId());
        }
        return in;
    }

    /** The record being edited plus what the decision produced so far. */
    private final class Draft {
        final HavipRecord before;
        final HavipRecord.Builder b;
        final Instant now;
        final Input input;
        final List<Action> actions = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();
        FailoverReason failover;
        boolean splitBrainBegan;

        Draft(HavipRecord before, Instant now, Input input) {
            this.before = before;
            this.b = before.toBuilder();
            this.now = now;
            this.input = input;
        }

        void finding(Type type, String nodeId, String reason, String outcome) {
            findings.add(new Finding(type, nodeId, reason, outcome, null));
        }

        /** Records why action is withheld; audits only when that reason changes, so ticks do not repeat it. */
        void attention(String code, Type type, String reason) {
            if (Objects.equals(code, b.attention)) {
                return;
            }
            b.attention = code;
            if (type != null) {
                finding(type, b.ownerNode, reason, code);
            }
        }

        Decision unchanged() {
            return new Decision(before, before, List.of(), List.of(), null, false, false);
        }

        Decision finish() {
            // The inputs are strings for the audit: built only when there is something to audit.
            List<Finding> withInputs = List.of();
            if (!findings.isEmpty()) {
                Map<String, String> in = inputs(this);
                withInputs = findings.stream()
                        .map(f -> new Finding(f.type(), f.nodeId(), f.reason(), f.outcome(), in)).toList();
            }
            // Only a real change is stamped and stored: a quiet tick must not rewrite the record.
            boolean changed = !b.build().equals(before);
            if (changed) {
                b.updatedAt = now;
            }
            return new Decision(before, b.build(), actions, withInputs, failover, splitBrainBegan, changed);
        }
    }
}
