package io.vipwarden.chaos.record;

import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.History;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The entries of a run as they are recorded, from several threads. */
public final class Recording implements Consumer<Entry> {
    private final List<Entry> entries = new ArrayList<>();

    @Override
    public synchronized void accept(Entry entry) {
        entries.add(entry);
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized History history(long seed) {
        return History.of(seed, new ArrayList<>(entries));
    }

    public synchronized <T extends Entry> List<T> all(Class<T> type) {
        return entries.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
