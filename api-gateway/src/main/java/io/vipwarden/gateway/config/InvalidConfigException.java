package io.vipwarden.gateway.config;

import java.util.List;

/** Every problem found in a config, so the operator fixes them all in one go. */
public final class InvalidConfigException extends Exception {
    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super(problems.size() + " problem(s) in the gateway config:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
