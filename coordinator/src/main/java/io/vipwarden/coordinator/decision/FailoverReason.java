package io.vipwarden.coordinator.decision;

/** Why the owner of a HaVip changed; a low-cardinality metric label. */
public enum FailoverReason {
    /** No event from the owner within the liveness timeout. */
    OWNER_DEAD,
    /** The owner reported BACKUP, FAULT, STOP or DELETED while another member reported MASTER. */
    OWNER_NOT_MASTER,
    /** Two or more members claimed MASTER and the owner could not be kept. */
    SPLIT_BRAIN,
    /** An operator asked for it. */
    SWITCHOVER,
    /** First owner of a HaVip (not counted as a failover). */
    INITIAL
}
