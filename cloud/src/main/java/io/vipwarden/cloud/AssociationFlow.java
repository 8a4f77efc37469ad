package io.vipwarden.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotent associate/unassociate on top of a cloud's raw calls: read the actual state first, act
 * only when needed, then poll until the cloud reports the change done, all within the operation
 * timeout. Shared by the providers whose cloud has an association API. A cloud without a transitional
 * status (Tencent) is simply polled until the change shows.
 *
 * <p>On a cloud with a transitional status (Alibaba: Associating, Unassociating) a request the cloud
 * acted on shows at once as that status or as done. Neither, on two reads, means the cloud did not
 * act: it answered a {@code ClientToken} it had already seen with the earlier request's answer, and
 * that earlier change has been undone since (seen in the decision-latency benchmark: a reconcile
 * round re-associates a rejoined standby that a late failover call had unassociated, under the
 * token of its earlier round at the same epoch and revision). Waiting would only hold the HaVip's
 * executor lane, and every HaVip behind it, until the operation timeout (60 s), so the change is
 * requested again under a token derived from the first ({@code <token>-r<n>}: still the same for
 * every member and retry making the same decision, and still telling the epoch).
 */
public final class AssociationFlow {
    private static final Logger log = LoggerFactory.getLogger(AssociationFlow.class);

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
    private final boolean transitional;

    /** A flow for a cloud whose status shows a change under way: {@code inProgress} says which statuses do. */
    public AssociationFlow(CloudCaller caller, Backend backend, Actions actions, Predicate<String> inProgress) {
        this(caller, backend, actions, inProgress, true);
    }

    private AssociationFlow(CloudCaller caller, Backend backend, Actions actions, Predicate<String> inProgress,
            boolean transitional) {
        this.caller = caller;
        this.backend = backend;
        this.actions = actions;
        this.inProgress = inProgress;
        this.transitional = transitional;
    }

    /** A flow for a cloud with no transitional status: after a request it polls until the change shows. */
    public static AssociationFlow withoutTransitionalStatus(CloudCaller caller, Backend backend, Actions actions) {
        return new AssociationFlow(caller, backend, actions, status -> false, false);
    }

    public HavipDescription describe(String havipId) throws CloudException {
        return describe(havipId, caller.deadline());
    }

    private HavipDescription describe(String havipId, Instant deadline) throws CloudException {
        return caller.call(actions.describe(), deadline, t -> backend.describe(havipId, t));
    }

    /** @param guard asked right before every request of the flow (see {@link CallGuard}) */
    public void associate(String havipId, String instanceId, String clientToken, CallGuard guard)
            throws CloudException {
        converge(havipId, instanceId, true, "associate " + instanceId + " with " + havipId, actions.associate(),
                clientToken, guard, (token, t) -> backend.associate(havipId, instanceId, token, t));
    }

    /** @param guard asked right before every request of the flow (see {@link CallGuard}) */
    public void unassociate(String havipId, String instanceId, boolean force, String clientToken, CallGuard guard)
            throws CloudException {
        converge(havipId, instanceId, false, "unassociate " + instanceId + " from " + havipId, actions.unassociate(),
                clientToken, guard, (token, t) -> backend.unassociate(havipId, instanceId, force, token, t));
    }

    @FunctionalInterface
    private interface Change {
        void request(String clientToken, Duration timeout) throws CloudException;
    }

    /**
     * Reads until {@code instanceId}'s membership is {@code wanted} with no change in progress,
     * requesting the change when it is needed and nothing else is under way: once, and again (at
     * most {@link #MAX_REREQUESTS} times) when the cloud shows it did not act on the request.
     *
     * <p>{@code guard} is asked, through {@link CloudCaller}, right before every request (first, retry,
     * request made again): a change overtaken while the flow waited (a backoff, a poll) is given up
     * with a {@link StaleCallException} counting the requests already sent. Reads are not guarded: a
     * request that went out while the change was wanted is followed to its end, and a store that
     * cannot be read for a moment (a member leaving) does not cut that short.
     */
    private void converge(String havipId, String instanceId, boolean wanted, String what, String action,
            String clientToken, CallGuard guard, Change change) throws CloudException {
        int[] sent = {0};
        try {
            converge(havipId, instanceId, wanted, what, action, clientToken, guard, change, sent);
        } catch (StaleCallException e) {
            throw e.afterRequests(sent[0]); // the caller logs and audits it, with what it knows
        }
    }

    private void converge(String havipId, String instanceId, boolean wanted, String what, String action,
            String clientToken, CallGuard guard, Change change, int[] sent) throws CloudException {
        Instant deadline = caller.deadline();
        int requests = 0;
        int idleReads = 0; // reads since the last request showing neither the change under way nor done
        Duration poll = firstPoll();
        while (true) {
            HavipDescription d = describe(havipId, deadline);
            boolean busy = inProgress.test(d.status());
            if (d.associatedInstances().contains(instanceId) == wanted && !busy) {
                return;
            }
            idleReads = busy ? 0 : idleReads + 1;
            boolean noEffect = transitional && requests > 0 && idleReads >= 2 && requests <= MAX_REREQUESTS;
            if (!busy && (requests == 0 || noEffect)) {
                String token = token(clientToken, requests);
                if (requests > 0) {
                    log.info("{}: the cloud did not act on {} (status {}, associated {}): its client token repeated an"
                            + " earlier request whose change has been undone since; requesting again", what, action,
                            d.status(), d.associatedInstances());
                }
                try {
                    caller.call(action, deadline, guard, t -> {
                        sent[0]++;
                        change.request(token, t);
                        return null;
                    });
                } catch (StaleCallException e) {
                    throw e;
                } catch (CloudException e) {
                    // A fatal answer may only mean "already done" (e.g. by an earlier attempt whose
                    // answer was lost): the next read decides.
                    if (e.retryable() || describe(havipId, deadline).associatedInstances().contains(instanceId) != wanted) {
                        throw e;
                    }
                }
                requests++;
                idleReads = 0;
                poll = firstPoll();
                continue;
            }
            waitOrTimeOut(what, d, deadline, poll);
            poll = next(poll);
        }
    }

    /** How many times a change is requested again after the cloud did not act on it. */
    static final int MAX_REREQUESTS = 3;

    /** The first request's token as given; the n-th request again {@code <token>-r<n>}, within 64 characters. */
    static String token(String clientToken, int request) {
        if (request == 0 || clientToken == null) {
            return clientToken;
        }
        String suffix = "-r" + request;
        int keep = Math.min(clientToken.length(), MAX_TOKEN - suffix.length());
        return clientToken.substring(0, keep) + suffix;
    }

    /** Alibaba's limit on a ClientToken. */
    private static final int MAX_TOKEN = 64;

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
