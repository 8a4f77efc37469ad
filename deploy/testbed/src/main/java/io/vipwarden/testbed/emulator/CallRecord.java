package io.vipwarden.testbed.emulator;

import java.util.Map;

/**
 * One API call the emulator received, as listed by {@code GET /emulator/calls}.
 *
 * @param seq        1, 2, 3... in arrival order
 * @param receivedAt ISO-8601 instant
 * @param action     the Action parameter (or "" when missing)
 * @param params     every parameter except Signature
 * @param httpStatus what the emulator answered
 * @param code       the error code, or "OK"
 * @param injected   whether the error came from an injected fault
 * @param requestId  the RequestId of the answer
 */
public record CallRecord(long seq, String receivedAt, String action, Map<String, String> params, int httpStatus,
        String code, boolean injected, String requestId) {
}
