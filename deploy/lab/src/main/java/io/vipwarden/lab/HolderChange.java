package io.vipwarden.lab;

import java.time.Instant;
import java.util.SortedSet;

/**
 * The set of nodes carrying the VIP changed between two samples.
 *
 * @param before holders at the previous sample
 * @param after  holders now
 * @param at     wall-clock time of the sample that saw the change
 * @param nanos  {@link System#nanoTime()} of that sample, for measuring against other steps
 */
public record HolderChange(SortedSet<String> before, SortedSet<String> after, Instant at, long nanos) {
    public HolderChange {
        before = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(before));
        after = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(after));
    }

    /** Nodes that started carrying the VIP: on a cloud, the ones whose gratuitous ARP announces it. */
    public SortedSet<String> gained() {
        SortedSet<String> gained = new java.util.TreeSet<>(after);
        gained.removeAll(before);
        return gained;
    }

    /** Nodes whose interface no longer carries the VIP. */
    public SortedSet<String> lost() {
        SortedSet<String> lost = new java.util.TreeSet<>(before);
        lost.removeAll(after);
        return lost;
    }
}
