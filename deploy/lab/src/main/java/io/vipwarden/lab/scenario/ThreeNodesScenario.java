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

        ctx.mark("first-kill");
        first.killKeepalived();
        ctx.await("first-kill-to-takeover-ms", "first-kill", ctx.electionTimeout(), "a survivor holds the VIP",
                () -> !ctx.liveHolders().isEmpty());
        LabNode second = ctx.soleLiveHolder();
        ctx.check("exactly one of the two survivors took the VIP", ctx.liveHolders().size() == 1,
                "live holders " + ctx.liveHolders());

        ctx.mark("second-kill");
        second.killKeepalived();
        LabNode last = ctx.others(first, second).get(0);
        ctx.await("second-kill-to-takeover-ms", "second-kill", ctx.electionTimeout(),
                last.name() + " holds the VIP", last::holdsVip);
        ctx.check("the last node is the only live holder", ctx.liveHolders().equals(Set.of(last.name())),
                "live holders " + ctx.liveHolders());

        ctx.mark("restart");
        for (LabNode killed : List.of(first, second)) {
            killed.startKeepalived();
        }
        ctx.await("restart-to-single-holder-ms", "restart", ctx.electionTimeout(),
                "the restarted nodes dropped their stale VIPs", () -> ctx.lab().vipHolders().equals(Set.of(last.name())));
        ctx.check("both restarted nodes report BACKUP", List.of(first, second).stream()
                .allMatch(n -> ctx.stateOf(n).map(s -> s == io.vipwarden.events.VrrpState.BACKUP).orElse(false)));
    }
}
