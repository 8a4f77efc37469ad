package io.vipwarden.cloud;

/**
 * Where the cloud lets a HaVip live. Implementations: Alibaba Cloud (VPC API through
 * aliyun-java-sdk-vpc), Tencent Cloud, and ARP-only for private clouds without an API.
 *
 * <p>Every method blocks (call it from a worker thread, never an event loop), is idempotent, retries
 * the cloud's retryable errors with jittered backoff inside its own timeout, and throws
 * {@link CloudException} with the cloud's error code when it finally fails.
 */
public interface HavipProvider extends AutoCloseable {
    /** "alibaba", "tencent" or "arp": used in metrics and audit. */
    String name();

    /** Whether associate/unassociate do anything (false for ARP-only: fencing is through agents only). */
    boolean supportsAssociation();

    /** The HaVip as the cloud sees it now. */
    HavipDescription describe(String havipId) throws CloudException;

    /**
     * Associates an instance (or ENI) with the HaVip and waits until the cloud reports it in use.
     * Associating an instance that is already associated succeeds at once.
     *
     * @param clientToken idempotency token: the same token never associates twice
     * @param guard       asked right before every request (first, retries, requests made again): when
     *                    it throws, nothing more is sent and its {@link StaleCallException} (counting
     *                    the requests sent) reaches the caller
     */
    void associate(String havipId, String instanceId, String clientToken, CallGuard guard) throws CloudException;

    /** {@link #associate(String, String, String, CallGuard)} for a caller with nothing to check again. */
    default void associate(String havipId, String instanceId, String clientToken) throws CloudException {
        associate(havipId, instanceId, clientToken, CallGuard.NONE);
    }

    /**
     * Removes an instance from the HaVip's associated set, so the cloud ignores its ARP (the network
     * fence). Unassociating an instance that is not associated succeeds at once.
     *
     * @param force also when the instance is the current master (Alibaba's {@code Force=True})
     * @param guard as for {@link #associate(String, String, String, CallGuard)}
     */
    void unassociate(String havipId, String instanceId, boolean force, String clientToken, CallGuard guard)
            throws CloudException;

    /** {@link #unassociate(String, String, boolean, String, CallGuard)} for a caller with nothing to check again. */
    default void unassociate(String havipId, String instanceId, boolean force, String clientToken)
            throws CloudException {
        unassociate(havipId, instanceId, force, clientToken, CallGuard.NONE);
    }

    @Override
    default void close() {
    }
}
