package io.vipwarden.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders result rows as an aligned text table (the terminal) or a Markdown table (BENCHMARKS.md). */
public final class Table {
    static final List<String> HEADER = List.of("metric", "vipwarden", "baseline", "ratio", "goal", "");

    private Table() {
    }

    /** A figure with about three significant digits and no exponent: 0.412, 12.3, 48210. */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static List<List<String>> cells(List<Row> rows) {
        List<List<String>> out = new ArrayList<>();
        for (Row r : rows) {
            String unit = r.unit().isEmpty() ? "" : " " + r.unit();
            Double ratio = r.ratio();
            out.add(List.of(r.metric(), number(r.value()) + unit,
                    r.baseline() == null ? "" : number(r.baseline()) + unit,
                    ratio == null ? "" : number(ratio) + "×",
                    r.goal().text(), r.verdict().label()));
        }
        return out;
    }

    /** An aligned plain-text table. */
    public static String text(List<Row> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(cells(rows));
        int[] width = new int[HEADER.size()];
        for (List<String> line : all) {
            for (int i = 0; i < line.size(); i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < all.size(); n++) {
            List<String> line = all.get(n);
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                String c = line.get(i);
                // numbers read best right-aligned, words left-aligned
                boolean right = i >= 1 && i <= 3 && n > 0;
                String pad = " ".repeat(width[i] - c.length());
                l.append(right ? pad + c : c + pad).append(i < line.size() - 1 ? "  " : "");
            }
            sb.append(l.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** A Markdown table. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(markdownLine(HEADER));
        sb.append("|---|---:|---:|---:|---|---|\n");
        for (List<String> line : cells(rows)) {
            sb.append(markdownLine(line));
        }
        return sb.toString();
    }

    static String markdownLine(List<String> cells) {
        StringBuilder sb = new StringBuilder("|");
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        return sb.append('\n').toString();
    }
}
