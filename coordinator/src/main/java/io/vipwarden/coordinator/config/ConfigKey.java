package io.vipwarden.coordinator.config;

import java.util.List;
import java.util.Set;

/**
 * One declared setting: name (lowercase, dotted, unit last), kind, default, unit, what it does and
 * what values it accepts. {@link CoordinatorConfig#KEYS} lists them all; the README's table is
 * generated from the same text.
 */
public record ConfigKey(String name, Kind kind, Object defaultValue, String unit, String description, long min,
        long max, Set<String> allowed) {

    public enum Kind { STRING, INT, LIST, CHOICE }

    static ConfigKey string(String name, String dflt, String description) {
        return new ConfigKey(name, Kind.STRING, dflt, "", description, 0, 0, Set.of());
    }

    static ConfigKey integer(String name, long dflt, String unit, long min, long max, String description) {
        return new ConfigKey(name, Kind.INT, dflt, unit, description, min, max, Set.of());
    }

    static ConfigKey list(String name, List<String> dflt, String description) {
        return new ConfigKey(name, Kind.LIST, dflt, "", description, 0, 0, Set.of());
    }

    static ConfigKey choice(String name, String dflt, Set<String> allowed, String description) {
        return new ConfigKey(name, Kind.CHOICE, dflt, "", description, 0, 0, allowed);
    }

    /** Checks and converts a raw YAML value; adds a problem naming the key and the value when it is wrong. */
    Object parse(Object raw, List<String> problems) {
        if (raw == null) {
            return defaultValue;
        }
        switch (kind) {
            case INT -> {
                long v;
                try {
                    v = raw instanceof Number n && !(raw instanceof Double || raw instanceof Float) ? n.longValue()
                            : Long.parseLong(raw.toString().trim());
                } catch (NumberFormatException e) {
                    problems.add(name + ": must be a whole number" + (unit.isEmpty() ? "" : " of " + unit) + ", got '"
                            + raw + "'");
                    return defaultValue;
                }
                if (v < min || v > max) {
                    problems.add(name + ": must be between " + min + " and " + max + (unit.isEmpty() ? "" : " " + unit)
                            + ", got " + v);
                    return defaultValue;
                }
                return v;
            }
            case LIST -> {
                if (raw instanceof List<?> l) {
                    List<String> out = l.stream().map(String::valueOf).map(String::trim).toList();
                    if (out.isEmpty() || out.stream().anyMatch(String::isEmpty)) {
                        problems.add(name + ": must be a non-empty list without blank entries, got " + l);
                    }
                    return out;
                }
                List<String> out = List.of(raw.toString().split(",")).stream().map(String::trim)
                        .filter(s -> !s.isEmpty()).toList();
                if (out.isEmpty()) {
                    problems.add(name + ": must list at least one entry, got '" + raw + "'");
                    return defaultValue;
                }
                return out;
            }
            case CHOICE -> {
                String v = raw.toString().trim();
                if (!allowed.contains(v)) {
                    problems.add(name + ": must be one of " + allowed + ", got '" + v + "'");
                    return defaultValue;
                }
                return v;
            }
            default -> {
                if (raw instanceof java.util.Map || raw instanceof List) {
                    problems.add(name + ": must be a single value, got " + raw);
                    return defaultValue;
                }
                String v = raw.toString().trim();
                if (v.isEmpty()) {
                    problems.add(name + ": must not be blank");
                    return defaultValue;
                }
                return v;
            }
        }
    }
}
