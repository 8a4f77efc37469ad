package io.vipwarden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void shouldFormatFiguresWithAboutThreeSignificantDigits() {
        assertEquals("48,210", Table.number(48_210.4));
        assertEquals("12.3", Table.number(12.34));
        assertEquals("3.14", Table.number(3.14159));
        assertEquals("0.0412", Table.number(0.04123));
        assertEquals("64.0", Table.number(64));
        assertEquals("2.00", Table.number(2));
    }

    @Test
    void shouldJudgeGoalsAbsoluteAndAgainstTheBaseline() {
        assertEquals(Goal.Verdict.MET, Goal.atMost(50, "ms").judge(49.9, null));
        assertEquals(Goal.Verdict.MISSED, Goal.atMost(50, "ms").judge(50, null));
        assertEquals(Goal.Verdict.MET, Goal.atLeast(50_000, "events/s").judge(50_000, null));
        assertEquals(Goal.Verdict.MET, Goal.withinBaseline(2, 5, "ms").judge(25, 10.0));
        assertEquals(Goal.Verdict.MISSED, Goal.withinBaseline(2, 5, "ms").judge(25.1, 10.0));
        assertEquals(Goal.Verdict.NONE, Goal.atLeastBaseline(0.5).judge(10, null), "no baseline, no verdict");
        assertEquals(Goal.Verdict.MISSED, Goal.atLeastBaseline(0.5).judge(10, 30.0));
    }

    @Test
    void shouldShowRatioOnlyWithABaseline() {
        assertNull(Row.of("rss", "MiB", 40).ratio());
        assertEquals(2.0, Row.of("p99", "ms", 4).against(2).ratio());
        assertNull(Row.of("p99", "ms", 4).against(0).ratio(), "a zero baseline has no ratio");
    }

    @Test
    void shouldRenderAlignedTextAndMarkdown() {
        List<Row> rows = List.of(Row.of("p99, by HaVip", "ms", 12.34).against(2).goal(Goal.atMost(50, "ms")),
                Row.of("rss", "MiB", 300));
        String text = Table.text(rows);
        String[] lines = text.split("\n");
        assertEquals(3, lines.length, text);
        assertTrue(lines[1].startsWith("p99, by HaVip    12.3 ms   2.00 ms"), text);
        assertTrue(lines[1].endsWith("6.17×  < 50 ms  met"), text);

        String md = Table.markdown(rows);
        assertTrue(md.startsWith("| metric | vipwarden | baseline | ratio | goal |  |\n|---|"), md);
        assertTrue(md.contains("| rss | 300 MiB |  |  |  |  |"), md);
    }

    @Test
    void shouldComputeNearestRankPercentiles() {
        double[] samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i; // unsorted on purpose
        }
        Stats s = Stats.of(samples);
        assertEquals(50, s.p50());
        assertEquals(99, s.p99());
        assertEquals(100, s.max());
        assertEquals(7, Stats.of(new double[] {7}).p99());
        assertThrows(IllegalArgumentException.class, () -> Stats.of(new double[0]));
    }
}
