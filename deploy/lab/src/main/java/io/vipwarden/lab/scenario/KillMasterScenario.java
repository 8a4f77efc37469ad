package io.vipwarden.lab.scenario;

import io.vipwarden.events.Fence;
import io.vipwarden.events.Unfence;
import io.vipwarden.events.VrrpState;
import io.vipwarden.lab.LabNode;
import io.vipwarden.lab.LabSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SIGKILL the MASTER's keepalived: the BACKUP takes the VIP after the master-down interval; the
 * killed node's interface keeps a stale VIP until its keepalived starts again, removes it and
 * rejoins as BACKUP (nopreempt: the VIP stays where it is). With the control plane: the
 * coordinators remap the HaVip to the new MASTER at a new epoch, the cloud routes to it, the old
 * owner is fenced (its agent is alive), restarts into FAULT and is unfenced after the rejoin period.
 */
final class KillMasterScenario extends BaseScenario {
    KillMasterScenario(String name, LabSpec spec, Duration observerInterval) {
        super(name, spec, observerInterval);
    }

    @Override
    public String description() {
        return "SIGKILL the MASTER's keepalived (VRRPv" + spec().vrrpVersion() + ", advert_int "
                + spec().advertIntSeconds().toPlainString() + " s): the BACKUP takes the VIP; the killed node "
                + "restarts and rejoins as BACKUP";
    }

    @Override
    public void run(LabContext ctx) {
        LabNode master = ctx.awaitInitialMaster();
        LabNode backup = ctx.others(master).get(0);
        long epochBefore = ctx.epoch();

        long kill = ctx.mark("kill");
        master.killKeepalived();
        long takeover = ctx.await("kill-to-takeover-ms", "kill", ctx.electionTimeout(),
                backup.name() + " holds the VIP", backup::holdsVip);
        ctx.recordFromFifo("kill-to-fifo-master-ms", "kill", backup, " MASTER ");
        ctx.check("the BACKUP reports MASTER", ctx.stateOf(backup).equals(Optional.of(VrrpState.MASTER)));
        ctx.check("exactly one live node holds the VIP", ctx.liveHolders().equals(Set.of(backup.name())),
                "live holders " + ctx.liveHolders());
        // the cloud has switched when it routes to the new MASTER and the old owner is no longer associated
        // (its fence: UnassociateHaVip with Force); keepalived's takeover above is the part vipwarden builds on
        ctx.awaitControlPlaneFollows("kill", "kill", backup, epochBefore, Map.of(
                "kill-to-old-owner-unassociated-ms", () -> !ctx.cloudAssociates(master),
                "kill-to-cloud-switch-ms", () -> ctx.cloudRoutesTo(backup) && !ctx.cloudAssociates(master)));
        ctx.note(master.holdsVip()
                ? "the killed node's interface still carries the VIP: keepalived had no chance to remove it"
                : "the killed node's interface no longer carries the VIP");

        if (ctx.real().isPresent()) {
            // The old owner's agent still runs, so the coordinators fence it: it restarts into FAULT.
            ctx.check("the coordinators fenced the old owner " + master.name(),
                    ctx.commandsSince(kill, Fence.class).stream().anyMatch(c -> c.nodeId().equals(master.name())));
            ctx.check("the coordinators fenced nobody else", ctx.commandsSince(kill, Fence.class).stream()
                    .allMatch(c -> c.nodeId().equals(master.name())), "fences " + ctx.commandsSince(kill, Fence.class));
        }

        ctx.mark("restart");
        master.startKeepalived();
        ctx.await("restart-to-backup-ms", "restart", ctx.electionTimeout().plus(ctx.real().isPresent()
                        ? ctx.controlPlaneTimeout() : Duration.ZERO),
                master.name() + " drops the stale VIP and reports BACKUP",
                () -> !master.holdsVip() && ctx.stateOf(master).equals(Optional.of(VrrpState.BACKUP)));
        if (ctx.real().isPresent()) {
            ctx.check("the coordinators unfenced the restarted node (rejoin)",
                    ctx.commandsSince(kill, Unfence.class).stream().anyMatch(c -> c.nodeId().equals(master.name())));
            ctx.check("the cloud still routes to the new MASTER", ctx.cloudRoutesTo(backup));
        }
        ctx.check("after the restart only the new MASTER holds the VIP (nopreempt)",
                ctx.lab().vipHolders().equals(Set.of(backup.name())), "holders " + ctx.lab().vipHolders());
        ctx.check("the new MASTER held the VIP at every sample after the takeover",
                ctx.observer().samplesSince(takeover).stream().allMatch(s -> s.holders().contains(backup.name())));
    }
}
