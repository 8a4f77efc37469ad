package io.vipwarden.cloud;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads provider configuration keys, collecting every problem instead of stopping at the first. */
final class Config {
    private Config() {
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
}
