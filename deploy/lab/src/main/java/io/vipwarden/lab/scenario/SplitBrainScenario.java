package io.vipwarden.lab.scenario;

import io.vipwarden.events.Command;
import io.vipwarden.events.Fence;
import io.vipwarden.events.Unfence;
import io.vipwarden.events.VrrpState;
import io.vipwarden.lab.RealControlPlane;
import io.vipwarden.lab.LabNode;
import io.vipwarden.lab.LabSpec;
import io.vipwarden.lab.Observer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Drop VRRP between the two nodes while everything else works: both become MASTER. The coordinators
 * fence the newcomer (its agent writes the track_file; the cloud unassociates it): it goes to FAULT
 * and the VIP leaves its namespace; from then on no sample may show two holders. Heal: exactly one
 * MASTER; after the rejoin period the coordinators unfence it and it is BACKUP, associated again.
 * Without a control plane the scenario fences and unfences through the track file itself.
 */
final class SplitBrainScenario extends BaseScenario {
    SplitBrainScenario() {
        super("split-brain", LabSpec.pair(), Duration.ofMillis(50));
    }

    @Override
    public String description() {
        return "drop VRRP (IP protocol 112) between the nodes: both MASTER; the coordinators fence the newcomer "
                + "(track_file, unassociate): FAULT and the VIP leaves; heal: one MASTER; rejoin: unfenced, BACKUP";
    }

    @Override
    public void run(LabContext ctx) {
        LabNode first = ctx.awaitInitialMaster();
        LabNode newcomer = ctx.others(first).get(0);

        long block = ctx.mark("block");
        ctx.lab().blockVrrp(first, newcomer);
        if (ctx.real().isEmpty()) {
            ctx.await("block-to-split-brain-ms", "block", ctx.electionTimeout(), "both nodes hold the VIP",
                    () -> ctx.lab().vipHolders().size() == 2);
            ctx.require("both nodes report MASTER", ctx.stateOf(first).equals(Optional.of(VrrpState.MASTER))
                    && ctx.stateOf(newcomer).equals(Optional.of(VrrpState.MASTER)), null);
        }
        LabNode loser;
        long fenced;
        if (ctx.real().isPresent()) {
            // The coordinators see two fresh MASTER claims and fence the newcomer, often faster than
            // the observer's 50 ms samples catch both namespaces with the VIP: the proof that both
            // keepalived were MASTER is then the coordinators' reason, built from the agents' reports.
            ctx.await("block-to-fence-command-ms", "block", ctx.electionTimeout().plus(ctx.controlPlaneTimeout()),
                    "a Fence command", () -> !ctx.commandsSince(block, Fence.class).isEmpty());
            Command fence = ctx.commandsSince(block, Fence.class).get(0);
            loser = ctx.lab().node(fence.nodeId());
            ctx.check("both keepalived reported MASTER (split brain)", fence.reason().contains("SPLIT_BRAIN"),
                    fence.reason());
            ctx.check("the coordinators fenced the newcomer, not the owner", loser == newcomer,
                    "fenced " + loser.name() + ", owner " + first.name() + ": " + fence.reason());
            ctx.note("fence: " + fence.reason());
            fenced = ctx.await("block-to-vip-released-ms", "block", ctx.controlPlaneTimeout(),
                    loser.name() + "'s namespace no longer carries the VIP", () -> !loser.holdsVip());
            ctx.observer().flush();
            Optional<Observer.Sample> two = ctx.observer().samplesSince(block).stream()
                    .filter(x -> x.holders().size() == 2).findFirst();
            if (two.isPresent()) {
                ctx.recordMillis("block-to-split-brain-ms", (two.get().nanos() - block) / 1_000_000);
                ctx.observer().samplesSince(two.get().nanos()).stream().filter(x -> x.holders().size() < 2).findFirst()
                        .ifPresent(one -> ctx.recordMillis("split-brain-duration-ms",
                                (one.nanos() - two.get().nanos()) / 1_000_000));
            } else {
                ctx.note("the split brain ended before a 50 ms observer sample saw two VIP holders");
            }
            ctx.await("block-to-unassociated-ms", "block", ctx.controlPlaneTimeout(),
                    loser.name() + " is unassociated in the cloud",
                    () -> !ctx.real().get().cloudAssociated().contains(RealControlPlane.instanceId(loser)));
        } else {
            // keepalived alone: fence the way the agent does, through the track file.
            loser = newcomer;
            ctx.mark("fence");
            loser.fence();
            fenced = ctx.await("fence-to-vip-released-ms", "fence", Duration.ofSeconds(5),
                    loser.name() + "'s namespace no longer carries the VIP", () -> !loser.holdsVip());
        }
        LabNode keeper = ctx.others(loser).get(0);
        ctx.waitUntil(Duration.ofSeconds(2), "the FIFO tap reads FAULT", () -> !ctx.lab().spec().tapNotifyFifo()
                || loser.fifoLines().stream().anyMatch(l -> l.text().contains(" FAULT ")));
        if (ctx.real().isEmpty()) {
            ctx.recordFromFifo("fence-to-fifo-fault-ms", "fence", loser, " FAULT ");
        }
        ctx.check("the fenced node reports FAULT", ctx.stateOf(loser).equals(Optional.of(VrrpState.FAULT)),
                "state " + ctx.stateOf(loser));
        if (ctx.lab().spec().tapNotifyFifo()) {
            ctx.check("the fenced node's notify FIFO said FAULT",
                    loser.fifoLines().stream().anyMatch(l -> l.text().contains(" FAULT ")));
        }
        ctx.check("the unfenced side still holds the VIP", keeper.holdsVip());
        if (ctx.real().isPresent()) {
            ctx.await("block-to-cloud-master-ms", "block", ctx.controlPlaneTimeout(),
                    "the cloud routes to the owner " + keeper.name(), () -> ctx.cloudRoutesTo(keeper));
            ctx.check("the owner kept its grant", ctx.grantedTo(keeper, 0), "state " + ctx.real().get().state());
        }
        // Keep the partition a little longer: a fenced keepalived must stay out even while it hears nobody.
        ctx.observeFor(Duration.ofSeconds(2));

        long heal = ctx.mark("heal");
        ctx.lab().healVrrp();
        ctx.await("heal-to-one-master-ms", "heal", ctx.electionTimeout(), "exactly one MASTER",
                () -> ctx.stateOf(keeper).equals(Optional.of(VrrpState.MASTER))
                        && ctx.stateOf(loser).equals(Optional.of(VrrpState.FAULT)));
        ctx.check("after the heal exactly one node holds the VIP",
                ctx.lab().vipHolders().equals(Set.of(keeper.name())), "holders " + ctx.lab().vipHolders());

        if (ctx.real().isPresent()) {
            // The coordinators unfence it once it has been calm for the rejoin period.
            ctx.await("heal-to-unfence-command-ms", "heal", ctx.controlPlaneTimeout(), "an Unfence command",
                    () -> ctx.commandsSince(heal, Unfence.class).stream().anyMatch(c -> c.nodeId().equals(loser.name())));
            ctx.await("heal-to-backup-ms", "heal", ctx.controlPlaneTimeout(), loser.name() + " reports BACKUP",
                    () -> ctx.stateOf(loser).equals(Optional.of(VrrpState.BACKUP)));
            ctx.await("heal-to-reassociated-ms", "heal", ctx.controlPlaneTimeout(),
                    loser.name() + " is associated again as standby",
                    () -> ctx.real().get().cloudAssociated().contains(RealControlPlane.instanceId(loser)));
            ctx.check("the coordinators cleared the fenced node's track file", !loser.isFenced());
            ctx.check("the cloud still routes to the MASTER", ctx.cloudRoutesTo(keeper));
        } else {
            ctx.mark("unfence");
            loser.unfence();
            ctx.await("unfence-to-backup-ms", "unfence", ctx.electionTimeout(), loser.name() + " reports BACKUP",
                    () -> ctx.stateOf(loser).equals(Optional.of(VrrpState.BACKUP)));
        }
        ctx.check("after the unfence the MASTER kept the VIP and the other node is BACKUP",
                ctx.lab().vipHolders().equals(Set.of(keeper.name())), "holders " + ctx.lab().vipHolders());

        List<Observer.Sample> after = ctx.observer().samplesSince(fenced);
        long doubles = after.stream().filter(s -> s.holders().size() > 1).count();
        ctx.check("once the fence completed, no sampled instant shows two VIP holders",
                doubles == 0 && after.size() > 10,
                after.size() + " samples every " + observerInterval().toMillis() + " ms, " + doubles + " with two holders");
    }
}
