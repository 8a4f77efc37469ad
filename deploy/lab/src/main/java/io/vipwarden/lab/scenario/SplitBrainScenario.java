package io.vipwarden.lab.scenario;

import io.vipwarden.events.VrrpState;
import io.vipwarden.lab.LabNode;
import io.vipwarden.lab.LabSpec;
import io.vipwarden.lab.Observer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Drop VRRP between the two nodes while everything else works: both become MASTER. Fence one the
 * way the agent does (its track_file): it goes to FAULT and the VIP leaves its namespace; from then
 * on no sample may show two holders. Heal: exactly one MASTER. Unfence: the fenced node is BACKUP.
 */
final class SplitBrainScenario extends BaseScenario {
    SplitBrainScenario() {
        super("split-brain", LabSpec.pair(), Duration.ofMillis(50));
    }

    @Override
    public String description() {
        return "drop VRRP (IP protocol 112) between the nodes: both MASTER; fence one via its track_file: "
                + "FAULT and the VIP leaves; heal: one MASTER; unfence: BACKUP";
    }

    @Override
    public void run(LabContext ctx) {
        LabNode master = ctx.awaitInitialMaster();
        LabNode other = ctx.others(master).get(0);

        ctx.mark("block");
        ctx.lab().blockVrrp(master, other);
        ctx.await("block-to-split-brain-ms", "block", ctx.electionTimeout(), "both nodes hold the VIP",
                () -> ctx.lab().vipHolders().size() == 2);
        ctx.require("both nodes report MASTER", ctx.stateOf(master).equals(Optional.of(VrrpState.MASTER))
                && ctx.stateOf(other).equals(Optional.of(VrrpState.MASTER)), null);

        // The coordinator would fence the node that claimed the VIP without a grant: the newcomer.
        ctx.mark("fence");
        other.fence();
        long fenced = ctx.await("fence-to-vip-released-ms", "fence", Duration.ofSeconds(5),
                other.name() + "'s namespace no longer carries the VIP", () -> !other.holdsVip());
        ctx.waitUntil(Duration.ofSeconds(2), "the FIFO tap reads FAULT", () -> !ctx.lab().spec().tapNotifyFifo()
                || other.fifoLines().stream().anyMatch(l -> l.text().contains(" FAULT ")));
        ctx.recordFromFifo("fence-to-fifo-fault-ms", "fence", other, " FAULT ");
        ctx.check("the fenced node reports FAULT", ctx.stateOf(other).equals(Optional.of(VrrpState.FAULT)),
                "state " + ctx.stateOf(other));
        if (ctx.lab().spec().tapNotifyFifo()) {
            ctx.check("the fenced node's notify FIFO said FAULT",
                    other.fifoLines().stream().anyMatch(l -> l.text().contains(" FAULT ")));
        }
        ctx.check("the unfenced side still holds the VIP", master.holdsVip());
        // Keep the partition a little longer: a fenced keepalived must stay out even while it hears nobody.
        ctx.observeFor(Duration.ofSeconds(2));

        ctx.mark("heal");
        ctx.lab().healVrrp();
        ctx.await("heal-to-one-master-ms", "heal", ctx.electionTimeout(), "exactly one MASTER",
                () -> ctx.stateOf(master).equals(Optional.of(VrrpState.MASTER))
                        && ctx.stateOf(other).equals(Optional.of(VrrpState.FAULT)));
        ctx.check("after the heal exactly one node holds the VIP",
                ctx.lab().vipHolders().equals(Set.of(master.name())), "holders " + ctx.lab().vipHolders());

        ctx.mark("unfence");
        other.unfence();
        ctx.await("unfence-to-backup-ms", "unfence", ctx.electionTimeout(), other.name() + " reports BACKUP",
                () -> ctx.stateOf(other).equals(Optional.of(VrrpState.BACKUP)));
        ctx.check("after the unfence the MASTER kept the VIP and the other node is BACKUP",
                ctx.lab().vipHolders().equals(Set.of(master.name())), "holders " + ctx.lab().vipHolders());

        List<Observer.Sample> after = ctx.observer().samplesSince(fenced);
        long doubles = after.stream().filter(s -> s.holders().size() > 1).count();
        ctx.check("once the fence completed, no sampled instant shows two VIP holders",
                doubles == 0 && after.size() > 10,
                after.size() + " samples every " + observerInterval().toMillis() + " ms, " + doubles + " with two holders");
    }
}
