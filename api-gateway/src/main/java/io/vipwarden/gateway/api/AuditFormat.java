package io.vipwarden.gateway.api;

import java.util.Locale;

/** How /api/v1/audit answers: chosen by {@code format=} first, then by the Accept header. */
public enum AuditFormat {
    JSON("application/json"),
    NDJSON("application/x-ndjson"),
    CSV("text/csv; charset=utf-8");

    private final String contentType;

    AuditFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public static AuditFormat choose(String formatParam, String accept) {
        if (formatParam != null) {
            try {
                return valueOf(formatParam.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadParameterException("format", "format must be json, ndjson or csv; got '" + formatParam
                        + "'");
            }
        }
        if (accept != null) {
            String a = accept.toLowerCase(Locale.ROOT);
            if (a.contains("ndjson") || a.contains("jsonlines") || a.contains("jsonl")) {
                return NDJSON;
            }
            if (a.contains("text/csv")) {
                return CSV;
            }
        }
        return JSON;
    }
}
