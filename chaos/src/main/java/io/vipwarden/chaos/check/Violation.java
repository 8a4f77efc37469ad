package io.vipwarden.chaos.check;

import io.vipwarden.chaos.history.Entry;
import java.util.List;

/**
 * One broken promise found in a history.
 *
 * @param havipId  the HaVip concerned (null for run-wide ones)
 * @param evidence the entries that show it (shrunk by {@link Checker} to a minimal set for safety kinds)
 */
public record Violation(Kind kind, String havipId, String message, List<Entry> evidence) {
    public Violation {
        evidence = List.copyOf(evidence);
    }

    /** What kind of promise was broken. */
    public enum Kind {
        /** A grant whose epoch is not higher than one already granted for the HaVip. */
        GRANT_EPOCH_NOT_INCREASING,
        /** Two different owners granted the same epoch. */
        TWO_OWNERS_AT_ONE_EPOCH,
        /** The cloud executed an action with an epoch lower than one it had already executed for the HaVip. */
        STALE_CLOUD_ACTION,
        /** After a node was fenced, the cloud could route the VIP to it and to another node at once. */
        DUAL_ROUTE_AFTER_FENCE,
        /** A decision or action (grant, command, cloud call, command result) without its audit event. */
        DECISION_NOT_AUDITED,
        /** An audit event that was produced but that the gateway cannot show. */
        AUDIT_LOST,
        /** After the faults stopped the system did not reach one owner = cloud binding = one MASTER in time. */
        NOT_CONVERGED;

        /** Safety kinds are shrunk to a minimal history; the others show their own evidence. */
        public boolean shrinkable() {
            return this == GRANT_EPOCH_NOT_INCREASING || this == TWO_OWNERS_AT_ONE_EPOCH
                    || this == STALE_CLOUD_ACTION || this == DUAL_ROUTE_AFTER_FENCE;
        }
    }

    public String headline() {
        return kind + (havipId == null ? "" : " [" + havipId + "]") + ": " + message;
    }
}
