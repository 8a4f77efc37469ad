package io.vipwarden.chaos.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A recorded run: its seed and its entries in time order (ties keep the order they were recorded
 * in, which is the order the recorder learned them). Immutable.
 */
public final class History {
    private final long seed;
    private final List<Entry> entries;

    private History(long seed, List<Entry> entries) {
        this.seed = seed;
        this.entries = List.copyOf(entries);
    }

    /** Sorts by time, keeping the recorded order of entries with the same time. */
    public static History of(long seed, Collection<? extends Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::at));
        return new History(seed, sorted);
    }

    public long seed() {
        return seed;
    }

    public List<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public <T extends Entry> List<T> all(Class<T> type) {
        return entries.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The HaVips the history is about, in order of first mention. */
    public Set<String> havips() {
        return entries.stream().map(Entry::havipId).filter(h -> h != null)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The same seed, only the entries that match. */
    public History filter(Predicate<Entry> keep) {
        return new History(seed, entries.stream().filter(keep).toList());
    }

    /** The same seed, these entries (kept in this history's order). */
    public History with(List<Entry> subset) {
        Set<Entry> wanted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        wanted.addAll(subset);
        return new History(seed, entries.stream().filter(wanted::contains).toList());
    }

    public Instant start() {
        return entries.isEmpty() ? Instant.EPOCH : entries.get(0).at();
    }

    /** Prints one entry per line, times relative to the first entry. */
    public String print() {
        return print(entries, start());
    }

    /** Prints entries, times relative to {@code origin}. */
    public static String print(List<? extends Entry> lines, Instant origin) {
        StringBuilder out = new StringBuilder();
        for (Entry e : lines) {
            Duration d = Duration.between(origin, e.at());
            out.append(String.format("  %+9.3fs  %-12s %s%n", d.toMillis() / 1000.0,
                    e.havipId() == null ? "-" : e.havipId(), e.describe()));
        }
        return out.toString();
    }
}
