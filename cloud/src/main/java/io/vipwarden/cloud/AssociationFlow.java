package io.vipwarden.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Idempotent associate/unassociate on top of a cloud's raw calls: read the actual state first, act
 * only when needed, then poll until the cloud reports the change done, all within the operation
 * timeout. Shared by the providers whose cloud has an association API. A cloud without a transitional
 * status (Tencent) is simply polled until the change shows.
 */
public final class AssociationFlow {
    /** The raw calls of one cloud; each may throw a mapped {@link CloudException}. */
    public interface Backend {
        HavipDescription describe(String havipId, Duration timeout) throws CloudException;

        void associate(String havipId, String instanceId, String clientToken, Duration timeout) throws CloudException;

        void unassociate(String havipId, String instanceId, boolean force, String clientToken, Duration timeout)
                throws CloudException;
    }

    /** The cloud's names of the three actions, used as the {@code action} metric label. */
    public record Actions(String describe, String associate, String unassociate) {
        public static final Actions ALIBABA = new Actions("DescribeHaVips", "AssociateHaVip", "UnassociateHaVip");
        public static final Actions TENCENT = new Actions("DescribeHaVips", "AssociateHaVipInstance", "DisassociateHaVipInstance");
    }

    private final CloudCaller caller;
    private final Backend backend;
    private final Actions actions;
    private final Predicate<String> inProgress;

    /** @param inProgress whether a status means a change is still under way (Alibaba: Associating, Unassociating) */
    public AssociationFlow(CloudCaller caller, Backend backend, Actions actions, Predicate<String> inProgress) {
        this.caller = caller;
        this.backend = backend;
        this.actions = actions;
        this.inProgress = inProgress;
    }

    public HavipDescription describe(String havipId) throws CloudException {
        return describe(havipId, caller.deadline());
    }

    private HavipDescription describe(String havipId, Instant deadline) throws CloudException {
        return caller.call(actions.describe(), deadline, t -> backend.describe(havipId, t));
    }

    public void associate(String havipId, String instanceId, String clientToken) throws CloudException {
        converge(havipId, instanceId, true, "associate " + instanceId + " with " + havipId, actions.associate(),
                t -> backend.associate(havipId, instanceId, clientToken, t));
    }

    public void unassociate(String havipId, String instanceId, boolean force, String clientToken) throws CloudException {
        converge(havipId, instanceId, false, "unassociate " + instanceId + " from " + havipId, actions.unassociate(),
                t -> backend.unassociate(havipId, instanceId, force, clientToken, t));
    }

    @FunctionalInterface
    private interface Change {
        void request(Duration timeout) throws CloudException;
    }

    /**
     * Reads until {@code instanceId}'s membership is {@code wanted} with no change in progress,
     * requesting the change once when it is needed and nothing else is under way.
     */
    private void converge(String havipId, String instanceId, boolean wanted, String what, String action, Change change)
            throws CloudException {
        Instant deadline = caller.deadline();
        boolean requested = false;
        Duration poll = firstPoll();
        while (true) {
            HavipDescription d = describe(havipId, deadline);
            boolean busy = inProgress.test(d.status());
            if (d.associatedInstances().contains(instanceId) == wanted && !busy) {
                return;
            }
            if (!busy && !requested) {
                try {
                    caller.call(action, deadline, t -> {
                        change.request(t);
                        return null;
                    });
                } catch (CloudException e) {
                    // A fatal answer may only mean "already done" (e.g. by an earlier attempt whose
                    // answer was lost): the next read decides.
                    if (e.retryable() || describe(havipId, deadline).associatedInstances().contains(instanceId) != wanted) {
                        throw e;
                    }
                }
                requested = true;
                continue;
            }
            waitOrTimeOut(what, d, deadline, poll);
            poll = next(poll);
        }
    }

    /**
     * Polls start short and double up to the configured interval: a change the cloud completes at
     * once (a private cloud, the emulator) is seen within tens of milliseconds, a slow one is not
     * polled more often than configured.
     */
    private Duration firstPoll() {
        Duration configured = caller.policy().pollInterval();
        return configured.compareTo(FIRST_POLL) < 0 ? configured : FIRST_POLL;
    }

    private Duration next(Duration poll) {
        Duration doubled = poll.multipliedBy(2);
        Duration configured = caller.policy().pollInterval();
        return doubled.compareTo(configured) > 0 ? configured : doubled;
    }

    private static final Duration FIRST_POLL = Duration.ofMillis(25);

    private void waitOrTimeOut(String what, HavipDescription d, Instant deadline, Duration poll) throws CloudException {
        if (caller.clock().instant().plus(poll).isAfter(deadline)) {
            throw new CloudException(CloudErrors.TIMEOUT, "could not " + what + " within "
                    + caller.policy().operationTimeout().toMillis() + " ms (status still " + d.status() + ")", true, null);
        }
        caller.pause(poll);
    }
}
