package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.nonNegative;
import static io.vipwarden.events.ValidationSupport.required;

/** Make the node's MASTER send gratuitous ARP again (keepalived stays silent after a split brain heals). */
public record Reannounce(String commandId, String havipId, String nodeId, long epoch, String issuedBy, String reason)
        implements Command {
    public Reannounce {
        required(commandId, "commandId");
        required(havipId, "havipId");
        required(nodeId, "nodeId");
        nonNegative(epoch, "epoch");
    }
}
