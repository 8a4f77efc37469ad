package io.vipwarden.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.testbed.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentMainTest {
    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new AgentMain()).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void shouldExitZeroOneOrTwoFromLint() {
        Run good = run("lint", TestFiles.keepalived("alibaba-node-a.conf").toString());
        assertEquals(0, good.exit(), good.out() + good.err());
        assertTrue(good.out().contains("0 error(s)"), good.out());
        Run bad = run("lint", TestFiles.keepalived("broken-cloud.conf").toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.out().contains("error [vrrp-strict]"), bad.out());
        Run json = run("lint", "--format", "json", TestFiles.keepalived("broken-tracking.conf").toString());
        assertEquals(1, json.exit());
        assertTrue(json.out().contains("\"ruleId\" : \"track-file-undefined\""), json.out());
        assertEquals(2, run("lint", "/nonexistent/keepalived.conf").exit());
        assertEquals(2, run("lint", "--format", "xml", TestFiles.keepalived("alibaba-node-a.conf").toString()).exit());
    }

    @Test
    void shouldCheckPeersAndCidrGivenOnTheCommandLine() {
        Run run = run("lint", "--peer", "192.0.2.13", "--vswitch-cidr", "198.51.100.0/24",
                TestFiles.keepalived("alibaba-node-a.conf").toString());
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("[unicast-peer-missing]"), run.out());
        assertTrue(run.out().contains("[vip-outside-vswitch]"), run.out());
    }

    @Test
    void shouldExitTwoListingEveryConfigProblem(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "heartbeat.interval.ms: -1\nkafka: {}\n");
        Run run = run("--config", config.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("node.id: required"), run.err());
        assertTrue(run.err().contains("heartbeat.interval.ms: must be in"), run.err());
        assertTrue(run.err().contains("kafka: must contain bootstrap.servers"), run.err());
        assertTrue(run.err().contains("havips: required"), run.err());
        assertEquals(2, run().exit(), "no --config and no subcommand");
    }

    @Test
    void shouldRunWithoutPicocliOnlyForExactlyConfigFile() {
        assertEquals(Optional.of(Path.of("/etc/a.yaml")), AgentMain.runArguments(new String[] {"--config", "/etc/a.yaml"}));
        assertEquals(Optional.of(Path.of("/etc/a.yaml")), AgentMain.runArguments(new String[] {"--config=/etc/a.yaml"}));
        assertEquals(Optional.empty(), AgentMain.runArguments(new String[] {"--config", "a.yaml", "--help"}));
        assertEquals(Optional.empty(), AgentMain.runArguments(new String[] {"--config"}));
        assertEquals(Optional.empty(), AgentMain.runArguments(new String[] {"--config", "--help"}));
        assertEquals(Optional.empty(), AgentMain.runArguments(new String[] {"--config="}));
        assertEquals(Optional.empty(), AgentMain.runArguments(new String[] {"lint", "x"}));
        assertEquals(Optional.empty(), AgentMain.runArguments(new String[0]));
    }

    @Test
    void shouldExitTwoOnABadConfigWithoutPicocliToo(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "heartbeat.interval.ms: -1\nkafka: {}\n");
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = AgentMain.run(config);
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("node.id: required"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldOfferHelpAtEveryLevel() {
        assertEquals(0, run("--help").exit());
        assertTrue(run("--help").out().contains("lint"));
        assertEquals(0, run("lint", "--help").exit());
        assertEquals(0, run("notify", "--help").exit());
        assertTrue(run("notify", "--help").out().contains("PRIORITY"));
    }

    @Test
    void shouldSayWhenNoAgentListensForNotify() throws Exception {
        int port = FreePorts.oneOnLoopback();
        assertEquals(1, run("notify", "INSTANCE", "VI_1", "MASTER", "100", "--port", String.valueOf(port)).exit());
    }
}
