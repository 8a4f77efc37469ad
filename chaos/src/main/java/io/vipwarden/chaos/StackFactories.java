package io.vipwarden.chaos;

import io.vipwarden.chaos.run.ChaosStack;
import io.vipwarden.chaos.sandbox.SandboxChaosStack;
import io.vipwarden.chaos.schedule.Fleet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stacks chaos runs against. */
final class StackFactories {
    /** The sandbox's fleet as schedules see it, for --print-schedule. */
    static final Fleet SANDBOX_FLEET = new Fleet(Map.of("havip-sandbox-1", List.of("node-1a", "node-1b"),
            "havip-sandbox-2", List.of("node-2a", "node-2b")),
            List.of("coordinator-1", "coordinator-2", "coordinator-3"));

    private StackFactories() {
    }

    /** The whole-system sandbox stack with two HaVip pairs. */
    static Optional<ChaosStack.Factory> sandbox() {
        return Optional.of(SandboxChaosStack.factory(2));
    }
}
