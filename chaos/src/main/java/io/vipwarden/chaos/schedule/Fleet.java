package io.vipwarden.chaos.schedule;

import java.util.List;
import java.util.Map;

/**
 * What a schedule can aim at: the HaVip groups (HaVip id to its node ids) and the coordinator
 * member ids.
 */
public record Fleet(Map<String, List<String>> groups, List<String> coordinators) {
    public Fleet {
        groups = Map.copyOf(groups);
        coordinators = List.copyOf(coordinators);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one HaVip group");
        }
    }

    public List<String> havips() {
        return groups.keySet().stream().sorted().toList();
    }

    public List<String> nodes() {
        return groups.values().stream().flatMap(List::stream).sorted().toList();
    }
}
