package io.vipwarden.lab;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.events.VrrpState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness itself: what it exposes to an agent, and that it leaves nothing behind, even after a crash. */
class LabIT {
    @BeforeAll
    static void labCanRun() {
        LabAssumptions.assumeLabCanRun();
    }

    @Test
    void shouldExposeWhatAnAgentNeedsAndRemoveEverythingAtClose() throws Exception {
        String prefix;
        List<Long> pids;
        try (Lab lab = Lab.start(LabSpec.pair().withVrrp(3, new java.math.BigDecimal("0.2")))) {
            prefix = lab.prefix();
            assertEquals(List.of(prefix + "-br", prefix + "-n1", prefix + "-n2"),
                    LabResidue.namespacesOf(prefix).stream().sorted().toList());
            await().atMost(Duration.ofSeconds(5)).until(() -> lab.vipHolders().size() == 1);
            LabNode master = lab.node(lab.vipHolders().first());

            for (LabNode node : lab.nodes()) {
                assertTrue(node.keepalivedPid().isPresent(), node.name());
                assertTrue(isFifo(node.notifyFifo()), node.notifyFifo() + " is not a FIFO");
                assertEquals("0", Files.readString(node.trackFile()).strip(), "init_file writes 0");
                assertTrue(node.vrrpState().isPresent());
                assertTrue(Files.size(node.jsonDump()) > 0, "the JSON dump lands in the node's own directory");
                assertTrue(node.jsonDump().startsWith(node.directory()));
            }
            assertEquals(Optional.of(VrrpState.MASTER), master.vrrpState());
            await().atMost(Duration.ofSeconds(2)).until(() -> master.fifoLines().stream()
                    .anyMatch(l -> l.text().equals("INSTANCE \"VI_1\" MASTER " + master.priority())));

            master.fence();
            assertTrue(master.isFenced());
            await().atMost(Duration.ofSeconds(3)).until(() -> !master.holdsVip());
            assertEquals(Optional.of(VrrpState.FAULT), master.vrrpState());
            master.unfence();
            await().atMost(Duration.ofSeconds(3)).until(() -> master.vrrpState().equals(Optional.of(VrrpState.BACKUP)));
            pids = lab.nodes().stream().map(n -> n.keepalivedPid().orElseThrow()).toList();
        }
        LabResidue.assertNoneOf(prefix + "-");
        LabResidue.assertNoneOf(prefix);
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "keepalived " + pid + " still runs");
        }
    }

    @Test
    void shouldRemoveWhatACrashedLabRunLeftBehind() throws Exception {
        Process crashing = startLabInAnotherJvm();
        String prefix = awaitReady(crashing);
        crashing.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(crashing.waitFor(10, TimeUnit.SECONDS));
        assertFalse(LabResidue.namespacesOf(prefix).isEmpty(), "the crash should leave namespaces behind");
        assertFalse(LabResidue.keepalivedOf(prefix).isEmpty(), "the crash should leave keepalived running");

        List<String> removed = Lab.cleanupStale();

        assertTrue(removed.stream().anyMatch(r -> r.contains(prefix)), removed::toString);
        await().atMost(Duration.ofSeconds(5)).until(() -> LabResidue.keepalivedOf(prefix).isEmpty());
        LabResidue.assertNoneOf(prefix);
    }

    @Test
    void shouldCleanUpFromTheShutdownHookWhenStoppedNormally() throws Exception {
        Process stopped = startLabInAnotherJvm();
        String prefix = awaitReady(stopped);
        stopped.destroy(); // SIGTERM: the shutdown hook closes the lab
        assertTrue(stopped.waitFor(20, TimeUnit.SECONDS));

        await().atMost(Duration.ofSeconds(5)).until(() -> LabResidue.keepalivedOf(prefix).isEmpty());
        LabResidue.assertNoneOf(prefix);
    }

    private static Process startLabInAnotherJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LabHolder.class.getName())
                .redirectErrorStream(true).start();
    }

    private static String awaitReady(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("READY ")) {
                // keep draining so the child never blocks on a full pipe
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "lab-holder-drain");
                drain.setDaemon(true);
                drain.start();
                return line.substring("READY ".length()).strip();
            }
        }
        throw new AssertionError("the lab JVM exited before it was ready:\n" + seen);
    }

    private static boolean isFifo(Path path) throws Exception {
        return Commands.runChecked("stat", "-c", "%F", path.toString()).stdout().strip().equals("fifo");
    }
}
