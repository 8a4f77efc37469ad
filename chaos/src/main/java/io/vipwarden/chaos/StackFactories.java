package io.vipwarden.chaos;

import io.vipwarden.chaos.run.ChaosStack;
import io.vipwarden.chaos.schedule.Fleet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stacks chaos runs against. */
final class StackFactories {
    /** The sandbox's fleet as schedules see it, for --print-schedule. */
    static final Fleet SANDBOX_FLEET = new Fleet(Map.of("havip-1", List.of("node-a", "node-b"),
            "havip-2", List.of("node-c", "node-d")), List.of("coordinator-1", "coordinator-2", "coordinator-3"));

    private StackFactories() {
    }

    /** The whole-system sandbox stack; empty until it is part of the build. */
    static Optional<ChaosStack.Factory> sandbox() {
        return Optional.empty();
    }
}
