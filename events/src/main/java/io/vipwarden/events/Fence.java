package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.nonNegative;
import static io.vipwarden.events.ValidationSupport.required;

/** Demote the node for this HaVip: write the fence track_file (keepalived goes to FAULT and releases the VIP) or run the configured fence script. */
public record Fence(String commandId, String havipId, String nodeId, long epoch, String issuedBy, String reason)
        implements Command {
    public Fence {
        required(commandId, "commandId");
        required(havipId, "havipId");
        required(nodeId, "nodeId");
        nonNegative(epoch, "epoch");
    }
}
