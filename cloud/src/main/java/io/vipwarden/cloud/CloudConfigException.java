package io.vipwarden.cloud;

import java.util.List;

/** Provider configuration that cannot work, with every problem found (not only the first). */
public class CloudConfigException extends Exception {
    private final List<String> problems;

    public CloudConfigException(List<String> problems) {
        super("invalid cloud configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
