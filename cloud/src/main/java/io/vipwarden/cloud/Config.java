package io.vipwarden.cloud;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small helpers to read provider configuration keys, collecting every problem instead of stopping at the first. */
final class Config {
    private Config() {
    }

    static String string(Map<String, String> config, String key, String dflt) {
        String v = config.get(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    static Duration millis(Map<String, String> config, String key, Duration dflt, List<String> problems) {
        String v = config.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + " must be a positive number of milliseconds, got '" + v + "'");
        return dflt;
    }

    static String oneOf(Map<String, String> config, String key, String dflt, Set<String> allowed, List<String> problems) {
        String v = string(config, key, dflt);
        if (!allowed.contains(v)) {
            problems.add(key + " must be one of " + allowed + ", got '" + v + "'");
            return dflt;
        }
        return v;
    }
}
