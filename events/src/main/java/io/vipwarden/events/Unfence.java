package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.nonNegative;
import static io.vipwarden.events.ValidationSupport.required;

/** Lift a fence: clear the track_file so keepalived may become BACKUP (and later MASTER) again. */
public record Unfence(String commandId, String havipId, String nodeId, long epoch, String issuedBy, String reason)
        implements Command {
    public Unfence {
        required(commandId, "commandId");
        required(havipId, "havipId");
        required(nodeId, "nodeId");
        nonNegative(epoch, "epoch");
    }
}
