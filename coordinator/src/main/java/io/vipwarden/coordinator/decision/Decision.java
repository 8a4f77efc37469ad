package io.vipwarden.coordinator.decision;

import java.util.List;

/**
 * What the engine decided for one input: the next record (to be stored only if the current one is
 * still the one it was decided on), the actions to carry out and the findings to audit.
 *
 * @param failover        set when the owner changed (the metric label), else null
 * @param splitBrainBegan true when this decision opened a split-brain episode
 * @param changed         whether {@code next} differs from the record it was decided on
 */
public record Decision(HavipRecord previous, HavipRecord next, List<Action> actions, List<Finding> findings,
        FailoverReason failover, boolean splitBrainBegan, boolean changed) {
    public Decision {
        actions = List.copyOf(actions);
        findings = List.copyOf(findings);
    }

    public List<Action.NodeCommand> commands() {
        return actions.stream().filter(a -> a instanceof Action.NodeCommand).map(a -> (Action.NodeCommand) a).toList();
    }

    public List<Action.CloudCall> cloudCalls() {
        return actions.stream().filter(a -> a instanceof Action.CloudCall).map(a -> (Action.CloudCall) a).toList();
    }
}
