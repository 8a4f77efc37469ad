package io.vipwarden.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark run found: its rows and free notes (sizes, what dominated a profile...).
 *
 * @param headline the metric whose row stands for the benchmark in the summary table
 */
public record BenchResult(List<Row> rows, List<String> notes, String headline) {
    public BenchResult {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /** The headline row (the first row if no row has that metric). */
    public Row headlineRow() {
        return rows.stream().filter(r -> r.metric().equals(headline)).findFirst().orElse(rows.get(0));
    }

    /** Collects rows and notes while a benchmark runs. */
    public static final class Builder {
        private final List<Row> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private String headline;

        public Builder row(Row row) {
            rows.add(row);
            return this;
        }

        /** Adds the row and makes it the headline of the summary table. */
        public Builder headline(Row row) {
            headline = row.metric();
            return row(row);
        }

        public Builder note(String format, Object... args) {
            notes.add(args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args));
            return this;
        }

        public BenchResult build() {
            if (rows.isEmpty()) {
                throw new IllegalStateException("a benchmark result needs at least one row");
            }
            return new BenchResult(rows, notes, headline == null ? rows.get(0).metric() : headline);
        }
    }
}
