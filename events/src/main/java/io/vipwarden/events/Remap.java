package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.nonNegative;
import static io.vipwarden.events.ValidationSupport.required;

/**
 * The HaVip now belongs to {@code nodeId} at {@code epoch}: the agent records the grant (raising
 * its fencing token) and, on ARP-only clouds, makes sure its node announces the VIP.
 */
public record Remap(String commandId, String havipId, String nodeId, long epoch, String issuedBy, String reason,
        String previousOwner) implements Command {
    public Remap {
        required(commandId, "commandId");
        required(havipId, "havipId");
        required(nodeId, "nodeId");
        nonNegative(epoch, "epoch");
    }
}
