package io.vipwarden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command works end to end with a tiny size: broker, gateway process, queries, restart, and the
 * figures recorded. It proves the harness runs, not how fast anything is.
 */
class AuditQueryBenchmarkIT {
    @Test
    void shouldRunTheAuditQueryBenchmarkAndRecordItsFigures(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("BENCHMARKS.md");

        int exit = BenchMain.commandLine().execute("audit-query", "--size", "2000", "--output", out.toString());

        assertEquals(0, exit);
        String text = Files.readString(out);
        assertTrue(text.contains("| audit-query | p99, all queries |"), text);
        assertTrue(text.contains("catch-up after a restart"), text);
        assertTrue(text.contains("### 20"), "a dated history entry: " + text);
    }

    @Test
    void shouldExitTwoForAnUnknownBenchmark(@TempDir Path dir) {
        Path out = dir.resolve("BENCHMARKS.md");

        assertEquals(2, BenchMain.commandLine().execute("no-such-benchmark", "--output", out.toString()));
        assertTrue(Files.notExists(out), "nothing recorded");
    }
}
