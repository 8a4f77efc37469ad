package io.vipwarden.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.lab.scenario.Check;
import io.vipwarden.lab.scenario.LabRunner;
import io.vipwarden.lab.scenario.ScenarioResult;
import io.vipwarden.lab.scenario.Scenarios;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every scenario against real keepalived in network namespaces with vipwarden's real control plane
 * around it (broker, emulator, three coordinators, gateway, an agent per node), as
 * {@code ./vipwarden lab} runs them.
 */
class LabScenariosIT {
    private final LabRunner runner = new LabRunner(Clock.systemUTC(), () -> new RealControlPlane(
            EmbeddedKafka.shared(), RealControlPlane.Settings.lab(), Clock.systemUTC()));

    @BeforeAll
    static void labCanRun() {
        LabAssumptions.assumeLabCanRun();
    }

    @AfterEach
    void nothingIsLeftBehind() {
        LabResidue.assertNoneOfThisProcess();
    }

    @Test
    void shouldMoveTheVipToTheBackupWhenTheMastersKeepalivedIsKilled() {
        assertPassed(run("kill-master"), "initial-election-ms", "initial-grant-ms", "kill-to-takeover-ms",
                "kill-to-remap-ms", "kill-to-cloud-master-ms", "restart-to-backup-ms");
    }

    @Test
    void shouldHandTheVipOverWhenTheMasterStopsGracefully() {
        assertPassed(run("graceful-stop"), "stop-to-takeover-ms", "stop-to-vip-released-ms", "stop-to-remap-ms",
                "stop-to-cloud-master-ms");
    }

    @Test
    void shouldEndASplitBrainByTheCoordinatorsFencingTheNewcomerAndUnfenceItAfterTheHeal() {
        assertPassed(run("split-brain"), "block-to-fence-command-ms",
                "block-to-vip-released-ms", "block-to-unassociated-ms", "heal-to-one-master-ms",
                "heal-to-unfence-command-ms", "heal-to-backup-ms", "heal-to-reassociated-ms");
    }

    @Test
    void shouldFailOverTwiceAmongThreeNodes() {
        assertPassed(run("three-nodes"), "first-kill-to-takeover-ms", "first-kill-to-remap-ms",
                "second-kill-to-takeover-ms", "second-kill-to-remap-ms", "restart-to-all-backup-ms");
    }

    @Test
    void shouldFailOverWithVrrpv3AtATwoHundredMillisecondAdvertInterval() {
        assertPassed(run("vrrpv3-fast"), "kill-to-takeover-ms", "kill-to-remap-ms", "kill-to-cloud-master-ms");
    }

    @Test
    void shouldFailStaticWhileTheCoordinatorsAreDownAndReconcileWhenTheyReturn() {
        assertPassed(run("control-plane-down"), "kill-to-takeover-ms", "back-to-reconciled-ms", "back-to-audited-ms");
    }

    private ScenarioResult run(String name) {
        ScenarioResult result = runner.run(Scenarios.named(name).orElseThrow());
        System.out.println("LAB-RESULT " + name + " " + (result.passed() ? "PASS" : "FAIL") + " " + result.timingsMs());
        return result;
    }

    private static void assertPassed(ScenarioResult result, String... timings) {
        String failed = result.checks().stream().filter(c -> !c.passed())
                .map(c -> c.description() + (c.detail() == null ? "" : " (" + c.detail() + ")"))
                .collect(Collectors.joining("; "));
        assertTrue(result.passed(), () -> result.name() + " failed: error=" + result.error() + "; checks: " + failed
                + "; timeline " + result.holderChanges() + "; fifo " + result.notifyFifo());
        assertTrue(result.checks().stream().allMatch(Check::passed));
        for (String timing : timings) {
            assertTrue(result.timingsMs().containsKey(timing), () -> "no timing " + timing + " in " + result.timingsMs());
        }
        assertTrue(!List.of(timings).isEmpty());
    }
}
