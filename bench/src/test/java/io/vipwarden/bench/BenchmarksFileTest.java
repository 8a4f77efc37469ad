package io.vipwarden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarksFileTest {
    private static final Benchmark FAST = new NotYetBenchmark("fast", "a fast thing", "p99 < 5 ms", "a no-op",
            "never");
    private static final Benchmark SLOW = new NotYetBenchmark("slow", "a slow thing", ">= 10 events/s",
            "a plain consumer", "never");
    private static final List<Benchmark> ALL = List.of(FAST, SLOW);

    private static RunInfo run(String at) {
        return new RunInfo(Instant.parse(at), "abc1234", 2, 24_000, "OpenJDK 17", "1.00/1.00/1.00",
                "2.00/1.00/1.00", false, 12);
    }

    private static BenchResult fastResult(double p99) {
        return new BenchResult.Builder()
                .headline(Row.of("p99", "ms", p99).against(2.0).goal(Goal.atMost(5, "ms")))
                .row(Row.of("rss", "MiB", 40))
                .note("%d samples", 100)
                .build();
    }

    @Test
    void shouldCreateTheFileWithSummaryCurrentBlockAndHistory() {
        String text = BenchmarksFile.update("", ALL, FAST, fastResult(3.1), run("2026-11-22T01:00:00Z"));

        assertTrue(text.startsWith("# vipwarden benchmarks"), text);
        assertTrue(text.contains("| fast | p99 | 3.10 ms | 2.00 ms | 1.55× | < 5 ms | met | 2026-11-22 |"), text);
        assertTrue(text.contains("| slow | not measured yet | | | | >= 10 events/s | | |"), text);
        assertTrue(text.contains("### fast: a fast thing"), text);
        assertTrue(text.contains("Baseline: a no-op"), text);
        assertTrue(text.contains("load 1.00/1.00/1.00 → 2.00/1.00/1.00"), text);
        assertTrue(text.contains("- 100 samples"), text);
        assertEquals(1, count(text, "### 2026-11-22T01:00:00Z fast"));
        assertTrue(text.indexOf(BenchmarksFile.CURRENT_END) < text.indexOf(BenchmarksFile.HISTORY_HEADING));
    }

    @Test
    void shouldReplaceTheCurrentFiguresAndAppendHistoryOnEveryRun() {
        String first = BenchmarksFile.update("", ALL, FAST, fastResult(3.1), run("2026-11-22T01:00:00Z"));
        String second = BenchmarksFile.update(first, ALL, FAST, fastResult(7.5), run("2026-11-23T01:00:00Z"));

        assertEquals(1, count(second, "### fast: a fast thing"));
        assertTrue(second.contains("| fast | p99 | 7.50 ms | 2.00 ms | 3.75× | < 5 ms | MISSED | 2026-11-23 |"),
                second);
        assertFalse(second.contains("| fast | p99 | 3.10 ms"), second);
        // the history keeps both runs, oldest first
        int old = second.indexOf("### 2026-11-22T01:00:00Z fast");
        int recent = second.indexOf("### 2026-11-23T01:00:00Z fast");
        assertTrue(old > 0 && recent > old, second);
        assertTrue(second.contains("| p99 | 3.10 ms"), "the old figure stays in the history");
    }

    @Test
    void shouldShowInTheSummaryAGoalMissedOnARowOtherThanTheHeadline() {
        BenchResult result = new BenchResult.Builder()
                .headline(Row.of("rate", "events/s", 60_000).goal(Goal.atLeast(50_000, "events/s")))
                .row(Row.of("share", "x", 0.07).goal(Goal.atLeast(0.5, "x")))
                .build();
        String text = BenchmarksFile.update("", ALL, SLOW, result, run("2026-11-22T01:00:00Z"));
        assertTrue(text.contains("| >= 50,000 events/s | met; 1 other goal MISSED | 2026-11-22 |"), text);
    }

    @Test
    void shouldKeepOtherBenchmarksAndTheReadersOwnText() {
        String first = BenchmarksFile.update("", ALL, SLOW, new BenchResult.Builder()
                .row(Row.of("rate", "events/s", 12).goal(Goal.atLeast(10, "events/s"))).build(),
                run("2026-11-22T01:00:00Z"));
        String edited = first.replace("## Current figures", "Read this first: numbers are noisy.\n\n## Current figures");
        String second = BenchmarksFile.update(edited, ALL, FAST, fastResult(3.1), run("2026-11-22T02:00:00Z"));

        assertTrue(second.contains("Read this first: numbers are noisy."), second);
        assertTrue(second.contains("| slow | rate | 12.0 events/s |"), second);
        // blocks follow the order of the benchmark list, not the order of the runs
        assertTrue(second.indexOf("### fast: a fast thing") < second.indexOf("### slow: a slow thing"), second);
    }

    @Test
    void shouldAppendToAFileThatHasNoMarkersYet() {
        String text = BenchmarksFile.update("# Our numbers\n\nHand-written notes.\n", ALL, FAST, fastResult(1),
                run("2026-11-22T01:00:00Z"));

        assertTrue(text.startsWith("# Our numbers\n\nHand-written notes.\n"), text);
        assertTrue(text.contains(BenchmarksFile.CURRENT_BEGIN) && text.contains(BenchmarksFile.HISTORY_HEADING));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
