package io.vipwarden.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChaosMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ChaosMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Optional.empty());
    }

    @Test
    void shouldListEveryProblemAndExit2() {
        assertEquals(2, run("--runs", "0", "--minutes", "-1", "--convergence-bound-s", "0"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("--runs must be >= 1, got 0"), e);
        assertTrue(e.contains("--minutes must be > 0"), e);
        assertTrue(e.contains("--convergence-bound-s must be >= 1, got 0"), e);
    }

    @Test
    void shouldPrintTheSameSchedulesForTheSameSeeds() {
        assertEquals(0, run("--runs", "3", "--seed", "11", "--print-schedule"));
        String first = out.toString(StandardCharsets.UTF_8);
        out.reset();
        assertEquals(0, run("--runs", "3", "--seed", "11", "--print-schedule"));
        assertEquals(first, out.toString(StandardCharsets.UTF_8));
        assertTrue(first.startsWith("schedule seed 11: "), first);
        assertTrue(first.contains("schedule seed 13: "), first);
    }

    @Test
    void shouldSayWhatIsMissingWhenThereIsNoStackToRun() {
        assertEquals(2, run("--runs", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("sandbox stack"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldSummariseConvergenceFigures() {
        String s = ChaosMain.summary(4, List.of(7L), List.of(Duration.ofMillis(1200), Duration.ofMillis(300),
                Duration.ofMillis(4100)));
        assertEquals("summary: 4 runs, 3 passed, 1 failed (seeds [7]); convergence after the last fault (worst HaVip"
                + " per run): min 0.30 s, median 1.20 s, p95 4.10 s, max 4.10 s", s);
    }
}
