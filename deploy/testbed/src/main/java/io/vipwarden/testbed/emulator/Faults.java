package io.vipwarden.testbed.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The faults the emulator injects into API calls (not into its admin endpoints), set through
 * {@code POST /emulator/faults} or {@link EmulatorAdminClient#setFaults(Faults)}.
 *
 * @param latencyMs  added before every API call is answered (a value above the client's read timeout
 *                   makes every call time out)
 * @param outage     every API call fails with HTTP 503 {@code ServiceUnavailable}
 * @param errors     error rules, tried in order; the first that fires answers the call
 * @param seed       seed of the random source deciding which calls fail (reproducible runs)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Faults(long latencyMs, boolean outage, List<ErrorRule> errors, Long seed) {
    public Faults {
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must be >= 0, got " + latencyMs);
        }
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** No faults. */
    public static Faults none() {
        return new Faults(0, false, List.of(), null);
    }

    /** One error rule: fail calls of {@code action} ("*" = any) with {@code code}. */
    public static Faults errorRate(String action, String code, int httpStatus, double rate) {
        return new Faults(0, false, List.of(new ErrorRule(action, code, httpStatus, rate, null)), null);
    }

    /**
     * Fails matching calls with an error code.
     *
     * @param action     API action name, or "*" (or null) for every action
     * @param code       Alibaba error code to answer with, e.g. ServiceUnavailable, Throttling
     * @param httpStatus HTTP status (5xx becomes the SDK's ServerException, 4xx its ClientException);
     *                   0 = the usual one for the code (503 ServiceUnavailable/SystemBusy, 500 InternalError, else 400)
     * @param rate       probability in [0, 1] that a matching call fails
     * @param remaining  fail at most this many calls, then the rule is spent; null = no limit
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorRule(String action, String code, int httpStatus, double rate, Integer remaining) {
        public ErrorRule {
            action = action == null || action.isEmpty() ? "*" : action;
            if (code == null || code.isEmpty()) {
                throw new IllegalArgumentException("an error rule needs a code");
            }
            if (httpStatus == 0) {
                httpStatus = usualStatus(code);
            }
            if (httpStatus < 400 || httpStatus > 599) {
                throw new IllegalArgumentException("httpStatus must be 400..599, got " + httpStatus);
            }
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("rate must be in [0, 1], got " + rate);
            }
            if (remaining != null && remaining < 0) {
                throw new IllegalArgumentException("remaining must be >= 0, got " + remaining);
            }
        }

        private static int usualStatus(String code) {
            return switch (code) {
                case "ServiceUnavailable", "SystemBusy" -> 503;
                case "InternalError" -> 500;
                default -> 400;
            };
        }
    }
}
