package io.vipwarden.gateway.audit;

import java.util.List;

/**
 * One page of audit entries, newest first.
 *
 * @param nextBeforeSeq where the next (older) page starts, or -1 when this is the last page
 */
public record AuditPage(List<Entry> entries, long nextBeforeSeq) {
    /** A stored event: its position in the store (stable across restarts) and its JSON as published. */
    public record Entry(long seq, byte[] json) {
    }

    public boolean hasMore() {
        return nextBeforeSeq >= 0;
    }
}
