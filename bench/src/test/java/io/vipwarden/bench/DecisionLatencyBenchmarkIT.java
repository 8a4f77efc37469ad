package io.vipwarden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command works end to end with four HaVip pairs: broker, emulator, three coordinators, the
 * simulated agents, failovers timed to the Remap and to the emulator, the figures recorded. It
 * proves the harness runs, not how fast anything is.
 */
class DecisionLatencyBenchmarkIT {
    @Test
    void shouldTimeFailoversOfASmallFleetAndRecordTheFigures(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("BENCHMARKS.md");

        int exit = BenchMain.commandLine().execute("decision-latency", "--size", "4", "--output", out.toString());

        assertEquals(0, exit);
        String text = Files.readString(out);
        assertTrue(text.contains("| decision-latency | (a) transition → Remap command, p99 |"), text);
        assertTrue(text.contains("| of which no Remap by the end of the run | 0.00 |"), "every failover decided: " + text);
        assertTrue(text.contains("| of which association not moved by the end | 0.00 |"), "every association moved: " + text);
    }
}
