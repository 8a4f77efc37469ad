package io.vipwarden.coordinator.store;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import java.util.TreeSet;

/** Adds a HaVip id to the set kept under a (VPC, virtual_router_id) key and returns the whole set. */
final class AddToSetProcessor implements EntryProcessor<String, TreeSet<String>, TreeSet<String>> {
    private static final long serialVersionUID = 1L;

    private final String member;

    AddToSetProcessor(String member) {
        this.member = member;
    }

    @Override
    public TreeSet<String> process(Map.Entry<String, TreeSet<String>> entry) {
        TreeSet<String> set = entry.getValue() == null ? new TreeSet<>() : new TreeSet<>(entry.getValue());
        if (set.add(member)) {
            entry.setValue(set);
        }
        return set;
    }
}
