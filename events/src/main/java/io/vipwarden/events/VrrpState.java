package io.vipwarden.events;

/**
 * keepalived's VRRP instance and group states as they appear on the notify FIFO, in notify
 * scripts and in the JSON state dump.
 */
public enum VrrpState {
    INIT,
    BACKUP,
    MASTER,
    FAULT,
    STOP,
    DELETED,
    /** A master that received an advert with lower priority (FIFO only, informational). */
    MASTER_RX_LOWER_PRI,
    /** Priority change while MASTER (FIFO only); the state itself is still MASTER. */
    MASTER_PRIORITY,
    /** Priority change while BACKUP (FIFO only); the state itself is still BACKUP. */
    BACKUP_PRIORITY,
    @com.fasterxml.jackson.annotation.JsonEnumDefaultValue
    UNKNOWN;

    /** The state the instance is in after this notification: priority notices keep MASTER or BACKUP. */
    public VrrpState effective() {
        return switch (this) {
            case MASTER_RX_LOWER_PRI, MASTER_PRIORITY -> MASTER;
            case BACKUP_PRIORITY -> BACKUP;
            default -> this;
        };
    }

    /** Whether a node in this state claims the VIP. */
    public boolean claimsVip() {
        return effective() == MASTER;
    }
}
