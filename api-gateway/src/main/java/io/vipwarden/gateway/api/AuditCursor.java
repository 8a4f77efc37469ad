package io.vipwarden.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of /api/v1/audit: the store's generation and the position the next page
 * starts below. Positions never change once given, so a cursor stays valid while new events arrive
 * and across restarts; a cursor of another store (rebuilt from the topic) is refused, not misread.
 */
public final class AuditCursor {
    private AuditCursor() {
    }

    public static String encode(String generation, long beforeSeq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((generation + ":" + beforeSeq).getBytes(StandardCharsets.UTF_8));
    }

    public static long decode(String generation, String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("cursor", "cursor is not one this gateway gave out");
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new BadParameterException("cursor", "cursor is not one this gateway gave out");
        }
        if (!text.substring(0, colon).equals(generation)) {
            throw new BadParameterException("cursor", "cursor belongs to an earlier audit store; start again"
                    + " without a cursor");
        }
        try {
            long seq = Long.parseLong(text.substring(colon + 1));
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new BadParameterException("cursor", "cursor is not one this gateway gave out");
        }
    }
}
