package io.vipwarden.agent.config;

import java.util.List;

/** The configuration is unusable; {@link #problems()} lists every problem found, not just the first. */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(problems.size() + " configuration problem(s):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
