package io.vipwarden.lab.scenario;

import io.vipwarden.lab.LabNode;
import io.vipwarden.lab.LabSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The private-cloud shape: three nodes share one VIP. Kill the MASTER twice; each time exactly
 * one survivor takes the VIP. Then both killed nodes restart and rejoin as BACKUP.
 */
final class ThreeNodesScenario extends BaseScenario {
    ThreeNodesScenario() {
        super("three-nodes", LabSpec.pair().withNodes(3), Duration.ofMillis(100));
    }

    @Override
    public String description() {
        return "three nodes share one VIP; SIGKILL the MASTER twice: each time exactly one survivor takes it";
    }

    @Override
    public void run(LabContext ctx) {
        LabNode first = ctx.awaitInitialMaster();

        long epochBefore = ctx.epoch();
        ctx.mark("first-kill");
        first.killKeepalived();
        ctx.await("first-kill-to-takeover-ms", "first-kill", ctx.electionTimeout(), "a survivor holds the VIP",
                () -> !ctx.liveHolders().isEmpty());
        LabNode second = ctx.soleLiveHolder();
        ctx.check("exactly one of the two survivors took the VIP", ctx.liveHolders().size() == 1,
                "live holders " + ctx.liveHolders());
        ctx.awaitControlPlaneFollows("first-kill", "first-kill", second, epochBefore);
        long epochBetween = ctx.epoch();

        ctx.mark("second-kill");
        second.killKeepalived();
        LabNode last = ctx.others(first, second).get(0);
        ctx.await("second-kill-to-takeover-ms", "second-kill", ctx.electionTimeout(),
                last.name() + " holds the VIP", last::holdsVip);
        ctx.check("the last node is the only live holder", ctx.liveHolders().equals(Set.of(last.name())),
                "live holders " + ctx.liveHolders());
        ctx.awaitControlPlaneFollows("second-kill", "second-kill", last, epochBetween);

        ctx.mark("restart");
        for (LabNode killed : List.of(first, second)) {
            killed.startKeepalived();
        }
        ctx.await("restart-to-single-holder-ms", "restart", ctx.electionTimeout(),
                "the restarted nodes dropped their stale VIPs", () -> ctx.lab().vipHolders().equals(Set.of(last.name())));
        // With a control plane both restart fenced (FAULT) and rejoin as BACKUP after the rejoin period.
        ctx.await("restart-to-all-backup-ms", "restart", ctx.electionTimeout().plus(ctx.controlPlaneTimeout()),
                "both restarted nodes report BACKUP", () -> List.of(first, second).stream()
                        .allMatch(n -> ctx.stateOf(n).map(s -> s == io.vipwarden.events.VrrpState.BACKUP).orElse(false)));
        ctx.check("only the last node holds the VIP", ctx.lab().vipHolders().equals(Set.of(last.name())),
                "holders " + ctx.lab().vipHolders());
        if (ctx.real().isPresent()) {
            ctx.check("the cloud still routes to the last node", ctx.cloudRoutesTo(last));
            ctx.check("the coordinators still grant the HaVip to the last node", ctx.grantedTo(last, epochBetween));
        }
    }
}
