package io.vipwarden.cloud;

import java.util.Set;

/**
 * The one place that decides whether a cloud error is worth retrying. Providers map their SDK's
 * exceptions to an error code and ask here; nothing else in vipwarden keeps its own list.
 *
 * <p>Retryable means "the same request may succeed later": throttling, a busy or unavailable
 * service, a conflicting operation still in progress, a timeout or an unreachable endpoint. Anything
 * else (unknown HaVip, bad credentials, quota, bad parameters) is fatal: retrying cannot help.
 */
public final class CloudErrors {
    /** vipwarden's code for a call or an operation that did not finish within its timeout. */
    public static final String TIMEOUT = "Timeout";
    /** vipwarden's code for an endpoint that could not be reached (connection refused, DNS...). */
    public static final String UNREACHABLE = "Unreachable";
    /** vipwarden's code for a thread interrupted while waiting on the cloud. */
    public static final String INTERRUPTED = "Interrupted";
    /** vipwarden's code for a change given up because its caller no longer wants it ({@link StaleCallException}). */
    public static final String STALE = "Stale";
    /** vipwarden's code for an action the provider cannot do at all (ARP-only association). */
    public static final String UNSUPPORTED = "UnsupportedOperation";

    /** Alibaba Cloud VPC codes that mean "try again" (DESIGN.md, "Cloud facts we rely on"). */
    private static final Set<String> ALIBABA = Set.of("OperationConflict", "LastTokenProcessing",
            "IncorrectHaVipStatus", "IncorrectStatus", "SystemBusy", "ServiceUnavailable", "Throttling",
            "InternalError", "SDK.ServerUnreachable", "SDK.ReadTimeout");
    /** Tencent Cloud API 3.0 codes that mean "try again". */
    private static final Set<String> TENCENT = Set.of("RequestLimitExceeded", "InternalError",
            "UnsupportedOperation.LockedResources", "ResourceUnavailable", "FailedOperation.TaskFailed");
    private static final Set<String> COMMON = Set.of(TIMEOUT, UNREACHABLE);

    private CloudErrors() {
    }

    /** Whether {@code code} from {@code provider} ("alibaba", "tencent", "arp") is worth retrying. */
    public static boolean retryable(String provider, String code) {
        if (code == null) {
            return false;
        }
        if (COMMON.contains(code)) {
            return true;
        }
        return switch (provider) {
            // Throttling comes with suffixes (Throttling.User, Throttling.Api): all of them pass with time.
            case "alibaba" -> ALIBABA.contains(code) || code.startsWith("Throttling.");
            case "tencent" -> TENCENT.contains(code) || code.startsWith("RequestLimitExceeded.");
            default -> false;
        };
    }

    /** A {@link CloudException} for {@code code}, retryable or not as decided here. */
    public static CloudException exception(String provider, String code, String message, Throwable cause) {
        return new CloudException(code, message, retryable(provider, code), cause);
    }
}
