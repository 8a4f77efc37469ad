package io.vipwarden.gateway.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One declared setting: its key (lowercase, dotted, ending in its unit), type, default, description,
 * and a check that returns a problem or null. {@code secret} keys are masked when the effective
 * configuration is logged.
 */
public record ConfigKey<T>(String name, Class<T> type, T defaultValue, String description,
        Function<T, String> check, boolean secret) {
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        check = check == null ? v -> null : check;
    }

    static <T> ConfigKey<T> of(String name, Class<T> type, T defaultValue, String description,
            Function<T, String> check) {
        return new ConfigKey<>(name, type, defaultValue, description, check, false);
    }
}
