package io.vipwarden.lab.scenario;

import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Fence;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.VrrpState;
import io.vipwarden.lab.LabException;
import io.vipwarden.lab.LabNode;
import io.vipwarden.lab.LabSpec;
import io.vipwarden.lab.RealControlPlane;
import io.vipwarden.sandbox.StateWatcher;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fail static: stop every coordinator, then SIGKILL the MASTER's keepalived. keepalived alone
 * still fails over and nothing is fenced (no Fence command, every track file stays 0). Start the
 * coordinators again: they reconcile to what happened (the new MASTER owns the HaVip, the cloud
 * routes to it) and audit it.
 */
final class ControlPlaneDownScenario extends BaseScenario {
    ControlPlaneDownScenario() {
        super("control-plane-down", LabSpec.pair(), Duration.ofMillis(100));
    }

    @Override
    public String description() {
        return "stop all coordinators, SIGKILL the MASTER's keepalived: keepalived alone fails over, nothing is "
                + "fenced; coordinators back: state reconciled and audited";
    }

    @Override
    public boolean needsControlPlane() {
        return true;
    }

    @Override
    public void run(LabContext ctx) throws Exception {
        RealControlPlane cp = ctx.real().orElseThrow(() ->
                new LabException("control-plane-down needs the control plane (run without --keepalived-only)"));
        LabNode master = ctx.awaitInitialMaster();
        LabNode backup = ctx.others(master).get(0);
        long epochBefore = ctx.epoch();

        long down = ctx.mark("down");
        cp.stopCoordinators();
        ctx.record("coordinators-stop-ms", "down");

        ctx.mark("kill");
        master.killKeepalived();
        ctx.await("kill-to-takeover-ms", "kill", ctx.electionTimeout(), backup.name() + " holds the VIP", backup::holdsVip);
        ctx.check("keepalived alone: the BACKUP reports MASTER", ctx.stateOf(backup).equals(Optional.of(VrrpState.MASTER)));
        // What the cloud does by itself: it follows the gratuitous ARP of the new holder.
        ctx.await("kill-to-cloud-master-ms", "kill", ctx.controlPlaneTimeout(),
                "the cloud routes to " + backup.name(), () -> ctx.cloudRoutesTo(backup));
        // A few heartbeat periods without a control plane: still nobody may be fenced.
        ctx.observeFor(Duration.ofSeconds(2));
        ctx.check("fail static: no Fence command while the coordinators were down",
                ctx.commandsSince(down, Fence.class).isEmpty(), "fences " + ctx.commandsSince(down, Fence.class));
        ctx.check("fail static: no track file was written", ctx.lab().nodes().stream().noneMatch(LabNode::isFenced));
        ctx.check("fail static: both instances are still associated in the cloud",
                cp.cloudAssociated().containsAll(List.of(RealControlPlane.instanceId(master),
                        RealControlPlane.instanceId(backup))), "associated " + cp.cloudAssociated());
        ctx.check("the new MASTER is the only live holder", ctx.liveHolders().equals(Set.of(backup.name())),
                "live holders " + ctx.liveHolders());

        long back = ctx.mark("back");
        cp.startCoordinators();
        ctx.record("coordinators-start-ms", "back");
        ctx.await("back-to-reconciled-ms", "back", ctx.controlPlaneTimeout(),
                "the coordinators grant the HaVip to " + backup.name() + " and the cloud routes to it",
                () -> ctx.grantedTo(backup, epochBefore) && ctx.cloudRoutesTo(backup));
        long since = System.currentTimeMillis() - (System.nanoTime() - back) / 1_000_000;
        ctx.await("back-to-audited-ms", "back", ctx.controlPlaneTimeout(),
                "an audit event about " + backup.name() + "'s ownership", () -> ownershipAudit(cp, backup, since).isPresent());
        HavipState state = cp.state().orElseThrow();
        ctx.check("reconciled: the coordinators grant the HaVip to the new MASTER", backup.name().equals(state.ownerNode()),
                "owner " + state.ownerNode() + " at epoch " + state.epoch() + ": " + state.lastReason());
        ctx.check("reconciled: the cloud routes to the new MASTER", ctx.cloudRoutesTo(backup));
        ctx.check("reconciled: the owner/epoch changed from " + master.name() + " at epoch " + epochBefore,
                !master.name().equals(state.ownerNode()), "now " + state.ownerNode() + " at epoch " + state.epoch());
        // The restarted coordinators lost their Hazelcast map; they restore it from what they published,
        // so the new grant is above every epoch the agents have seen (not epoch 1 again, which they refuse).
        ctx.check("the new epoch is above the one before the restart", state.epoch() > epochBefore,
                "epoch " + state.epoch() + " after, " + epochBefore + " before");
        ctx.note("before: " + master.name() + " at epoch " + epochBefore + "; after the coordinators came back: "
                + state.ownerNode() + " at epoch " + state.epoch() + " (" + state.lastReason() + ")");
        ownershipAudit(cp, backup, since).ifPresent(a -> ctx.note("audit: " + a.type() + " " + a.outcome() + ": " + a.reason()));
        ctx.check("the new MASTER kept the VIP throughout", ctx.liveHolders().equals(Set.of(backup.name())),
                "live holders " + ctx.liveHolders());
    }

    private static Optional<AuditEvent> ownershipAudit(RealControlPlane cp, LabNode node, long sinceMillis) {
        return cp.audit().stream()
                .filter(o -> o.seenAt().toEpochMilli() >= sinceMillis)
                .map(StateWatcher.Observed::event)
                .filter(a -> a.type() == AuditEvent.Type.DECISION || a.type() == AuditEvent.Type.RECONCILE_CORRECTION)
                .filter(a -> node.name().equals(a.nodeId()))
                .findFirst();
    }
}
