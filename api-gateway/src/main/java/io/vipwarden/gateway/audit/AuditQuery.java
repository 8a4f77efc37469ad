package io.vipwarden.gateway.audit;

import io.vipwarden.events.AuditEvent;

/**
 * A filtered page of the audit trail, newest first. Null filters match everything.
 *
 * @param sinceMillis  inclusive lower bound of the event time, epoch millis ({@link Long#MIN_VALUE}: none)
 * @param untilMillis  exclusive upper bound of the event time ({@link Long#MAX_VALUE}: none)
 * @param beforeSeq    only entries older (in store order) than this position: the cursor ({@link Long#MAX_VALUE}: newest)
 */
public record AuditQuery(String havipId, String nodeId, AuditEvent.Type type, long sinceMillis, long untilMillis,
        int limit, long beforeSeq) {
    public AuditQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
    }

    public static AuditQuery newest(int limit) {
        return new AuditQuery(null, null, null, Long.MIN_VALUE, Long.MAX_VALUE, limit, Long.MAX_VALUE);
    }

    public AuditQuery withHavip(String havip) {
        return new AuditQuery(havip, nodeId, type, sinceMillis, untilMillis, limit, beforeSeq);
    }

    public AuditQuery withType(AuditEvent.Type t) {
        return new AuditQuery(havipId, nodeId, t, sinceMillis, untilMillis, limit, beforeSeq);
    }
}
