package io.vipwarden.lab.scenario;

import io.vipwarden.events.VrrpState;
import io.vipwarden.lab.LabNode;
import io.vipwarden.lab.LabSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * SIGTERM the MASTER's keepalived: it removes the VIP and sends a priority-0 advert, so the
 * BACKUP takes over after the skew time instead of the whole master-down interval.
 */
final class GracefulStopScenario extends BaseScenario {
    GracefulStopScenario() {
        super("graceful-stop", LabSpec.pair(), Duration.ofMillis(50));
    }

    @Override
    public String description() {
        return "stop the MASTER's keepalived normally (SIGTERM): it releases the VIP, the BACKUP takes it";
    }

    @Override
    public void run(LabContext ctx) {
        LabNode master = ctx.awaitInitialMaster();
        LabNode backup = ctx.others(master).get(0);
        long epochBefore = ctx.epoch();
        long stop = ctx.mark("stop");
        master.stopKeepalived();
        ctx.record("stop-to-exit-ms", "stop");
        // stopKeepalived() blocks until keepalived exits (about a second), and the takeover usually
        // happens before that: measure both from the observer's samples, not from here.
        ctx.waitUntil(ctx.electionTimeout(), backup.name() + " holds the VIP", backup::holdsVip);
        ctx.observer().flush();
        ctx.recordFromSamples("stop-to-vip-released-ms", "stop", holders -> !holders.contains(master.name()));
        ctx.recordFromSamples("stop-to-takeover-ms", "stop", holders -> holders.contains(backup.name()));
        ctx.recordFromFifo("stop-to-fifo-master-ms", "stop", backup, " MASTER ");
        ctx.awaitControlPlaneFollows("stop", "stop", backup, epochBefore);
        ctx.check("the stopped node released the VIP", !master.holdsVip());
        ctx.check("the BACKUP reports MASTER", ctx.stateOf(backup).equals(Optional.of(VrrpState.MASTER)));
        ctx.check("only the BACKUP holds the VIP", ctx.lab().vipHolders().equals(Set.of(backup.name())),
                "holders " + ctx.lab().vipHolders());
        ctx.check("never two holders at one sampled instant during the stop",
                ctx.observer().samplesSince(stop).stream().allMatch(s -> s.holders().size() <= 1));
        boolean stopLine = master.fifoLines().stream().anyMatch(l -> l.text().contains(" STOP"));
        ctx.note(stopLine ? "the stopped node's notify FIFO said STOP" : "no STOP line on the stopped node's FIFO");
    }
}
