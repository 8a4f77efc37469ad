package io.vipwarden.lab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vipwarden.lab.LabAssumptions;
import io.vipwarden.lab.LabMain;
import io.vipwarden.lab.LabResidue;
import io.vipwarden.lab.LabSpec;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The runner's verdicts and the command line's report, against real keepalived. */
class LabRunnerIT {
    @BeforeAll
    static void labCanRun() {
        LabAssumptions.assumeLabCanRun();
    }

    @AfterEach
    void nothingIsLeftBehind() {
        LabResidue.assertNoneOfThisProcess();
    }

    @Test
    void shouldFailAScenarioWhoseStepFailsAndStillTearDownTheLab() {
        LabScenario broken = new BaseScenario("broken", LabSpec.pair().withVrrp(3, new BigDecimal("0.2")),
                java.time.Duration.ofMillis(50)) {
            @Override
            public String description() {
                return "a step that cannot succeed: three VIP holders in a pair";
            }

            @Override
            public void run(LabContext ctx) {
                ctx.awaitInitialMaster();
                ctx.waitUntil(java.time.Duration.ofMillis(300), "three nodes hold the VIP",
                        () -> ctx.lab().vipHolders().size() == 3);
            }
        };

        ScenarioResult result = new LabRunner(Clock.systemUTC()).run(broken);

        assertFalse(result.passed());
        assertTrue(result.error().contains("three nodes hold the VIP"), result.error());
        assertTrue(result.timingsMs().containsKey("initial-election-ms"), result.timingsMs()::toString);
    }

    @Test
    void shouldWriteAJsonReportWithTheVerdictAndTimingsOfKeepalivedAlone(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("lab.json");

        int code = new CommandLine(new LabMain()).execute("--keepalived-only", "--scenario", "vrrpv3-fast",
                "--report", report.toString());

        assertEquals(0, code);
        JsonNode json = new ObjectMapper().readTree(Files.readString(report));
        assertTrue(json.path("passed").asBoolean(), json::toPrettyString);
        assertTrue(json.path("keepalivedVersion").asText().startsWith("Keepalived v"), json::toPrettyString);
        JsonNode scenario = json.path("scenarios").path(0);
        assertEquals("vrrpv3-fast", scenario.path("name").asText());
        assertTrue(scenario.path("timingsMs").path("kill-to-takeover-ms").asLong() > 0, scenario::toPrettyString);
        assertTrue(scenario.path("holderChanges").size() >= 2, scenario::toPrettyString);
        assertTrue(scenario.path("notifyFifo").path("n2").toString().contains("MASTER"), scenario::toPrettyString);
    }
}
