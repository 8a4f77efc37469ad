package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.nonNegative;
import static io.vipwarden.events.ValidationSupport.required;

/** What an agent did with a command addressed to it. */
public record CommandResult(
        String havipId,
        String nodeId,
        String incarnation,
        long sequence,
        String commandId,
        EventType commandType,
        long epoch,
        Outcome outcome,
        String detail) implements NodeEvent {
    public enum Outcome {
        EXECUTED,
        /** The command's epoch is lower than the highest the agent has seen for the HaVip. */
        REFUSED_STALE_EPOCH,
        FAILED
    }

    public CommandResult {
        required(havipId, "havipId");
        required(nodeId, "nodeId");
        required(incarnation, "incarnation");
        nonNegative(sequence, "sequence");
        required(commandId, "commandId");
        required(commandType, "commandType");
        nonNegative(epoch, "epoch");
        required(outcome, "outcome");
    }
}
