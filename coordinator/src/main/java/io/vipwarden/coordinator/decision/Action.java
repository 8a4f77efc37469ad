package io.vipwarden.coordinator.decision;

import java.io.Serializable;

/** Something a decision requires to happen outside the coordinators: a command to an agent or a cloud call. */
public sealed interface Action extends Serializable permits Action.NodeCommand, Action.CloudCall {
    String havipId();

    String nodeId();

    /** The epoch the action was decided at: it may only run while this is still the HaVip's epoch. */
    long epoch();

    String reason();

    enum CommandKind { FENCE, UNFENCE, REMAP, REANNOUNCE }

    enum CloudKind {
        /** Make the instance one of the HaVip's associated instances (the new owner, or a rejoining standby). */
        ASSOCIATE,
        /** Remove the instance from the associated set with Force: the network fence. */
        UNASSOCIATE,
        /** Re-read the cloud to confirm what the decision wanted. */
        VERIFY
    }

    /** A command for the node's agent, published on the commands topic. */
    record NodeCommand(CommandKind kind, String havipId, String nodeId, long epoch, String reason,
            String previousOwner) implements Action {
    }

    /** A cloud call, run by the executor of the member that took the decision. */
    record CloudCall(CloudKind kind, String havipId, String nodeId, String instanceId, long epoch, String reason)
            implements Action {
    }
}
