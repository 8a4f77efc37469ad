package io.vipwarden.cloud;

/**
 * Whether a change a caller asked for is still wanted. A provider asks it right before every request
 * that changes the cloud: the first, each retry after a retryable error, each request made again
 * after the cloud did not act. (Not before its reads: a request sent while the change was wanted is
 * followed to its end.)
 *
 * <p>The cloud cannot refuse a stale request by itself: a HaVip takes no lease and no fencing token,
 * and a {@code ClientToken} only de-duplicates. So a caller whose decision was overtaken while its
 * call waited (a backoff, a poll, a GC pause or SIGSTOP of the whole process) learns it here and
 * the provider stops before sending anything more. What this cannot close is the time between the
 * last check and the cloud acting on the one request that follows it: a pause inside that window
 * still lets that request through, and whoever reconciles must find and undo what it did.
 */
@FunctionalInterface
public interface CallGuard {
    /** Never stale: for callers with nothing to check again (tools, tests of the provider alone). */
    CallGuard NONE = () -> { };

    /** @throws StaleCallException when the change is no longer wanted, saying why */
    void check() throws StaleCallException;
}
