package io.vipwarden.events;

/**
 * What a coordinator tells one node's agent to do, on {@code commands}, keyed by node id. Agents
 * refuse a command whose {@code epoch} is lower than the highest they have seen for its HaVip.
 */
public sealed interface Command extends Message permits Fence, Unfence, Remap, Reannounce {
    String commandId();

    String havipId();

    /** The node that must act. */
    String nodeId();

    /** The HaVip's fencing token when the command was decided. */
    long epoch();

    /** The coordinator member that issued it. */
    String issuedBy();

    String reason();

    @Override
    default String key() {
        return nodeId();
    }
}
