package io.vipwarden.agent.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * One declared configuration key: name (lowercase, dotted, ending in its unit), type, default,
 * description, validation, and whether it is a secret (masked when the effective config is logged).
 *
 * @param defaultValue null for "no default": the key is {@code required} or optional-without-value
 * @param validator    returns a problem description, or empty when the (typed) value is fine
 */
public record ConfigKey(String name, Type type, Object defaultValue, boolean required, boolean secret,
        String description, Function<Object, Optional<String>> validator) {

    /** The value types a key can have. */
    public enum Type { STRING, INT, LONG, BOOLEAN, STRING_LIST, MAP, LIST }

    public static ConfigKey of(String name, Type type, Object defaultValue, String description) {
        return new ConfigKey(name, type, defaultValue, false, false, description, v -> Optional.empty());
    }

    public static ConfigKey required(String name, Type type, String description) {
        return new ConfigKey(name, type, null, true, false, description, v -> Optional.empty());
    }

    public ConfigKey validate(Function<Object, Optional<String>> check) {
        return new ConfigKey(name, type, defaultValue, required, secret, description, check);
    }

    public ConfigKey asSecret() {
        return new ConfigKey(name, type, defaultValue, required, true, description, validator);
    }

    /** Validator: a whole number in [min, max]. */
    public ConfigKey range(long min, long max) {
        return validate(v -> {
            long n = ((Number) v).longValue();
            return n < min || n > max ? Optional.of("must be in [" + min + ", " + max + "], got " + n) : Optional.empty();
        });
    }

    /** Validator: one of these strings. */
    public ConfigKey oneOf(String... allowed) {
        return validate(v -> java.util.Arrays.asList(allowed).contains(v) ? Optional.empty()
                : Optional.of("must be one of " + java.util.Arrays.toString(allowed) + ", got '" + v + "'"));
    }

    /** Validator: not blank. */
    public ConfigKey notBlank() {
        return validate(v -> v.toString().isBlank() ? Optional.of("must not be blank") : Optional.empty());
    }
}
