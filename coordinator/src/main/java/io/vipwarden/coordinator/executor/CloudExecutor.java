package io.vipwarden.coordinator.executor;

import io.vipwarden.cloud.CallGuard;
import io.vipwarden.cloud.CloudException;
import io.vipwarden.cloud.HavipDescription;
import io.vipwarden.cloud.HavipProvider;
import io.vipwarden.cloud.StaleCallException;
import io.vipwarden.coordinator.decision.Action.CloudCall;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.metrics.CoordinatorMetrics;
import io.vipwarden.events.AuditEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cloud calls on named worker threads ("lanes"); all calls of one HaVip go to the same lane,
 * in the order they were decided, ahead of any background reconcile round waiting on that lane.
 *
 * <p><b>Stale calls.</b> A call runs only while what it was decided on still holds
 * ({@link CallPremise}): the HaVip is at the call's epoch and, for an associate or a fence, the node
 * is still unfenced or fenced as the decision left it. The premise is read again from the fencing
 * store right before the call and then, as the provider's {@link CallGuard}, right before every
 * request inside it (the first, each retry, each request made again), however long the backoffs and
 * polls between them took. A call found stale
 * before any request went out is dropped and audited {@code STALE_ACTION_DROPPED}; one found stale
 * after a request is given up and audited {@code CLOUD_CALL} with outcome {@code ABANDONED}, naming
 * the requests sent. When the epoch moved, the rest of the call's decision is dropped with it.
 *
 * <p><b>The window that remains.</b> Between the last check and the cloud acting on the one request
 * that follows it, this member can still be paused (GC, SIGSTOP) or its request held up in the
 * network, and the request then acts after another member has decided otherwise. The cloud cannot
 * refuse it: Alibaba's and Tencent's HaVip APIs take no lease or fencing token they would check
 * (a {@code ClientToken} only de-duplicates). So the window is one request in flight, never a
 * backoff or a poll; and the reconciler, which compares the record with {@code DescribeHaVips},
 * undoes what slips through it.
 */
public final class CloudExecutor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CloudExecutor.class);

    /** Called on the lane thread right before the premise check: tests use it to hold a call back. */
    @FunctionalInterface
    public interface BeforeRun {
        BeforeRun NONE = call -> { };

        void beforeRun(CloudCall call) throws InterruptedException;
    }

    private final HavipProvider provider;
    private final Function<String, HavipRecord> records;
    private final Outbox outbox;
    private final CoordinatorMetrics metrics;
    private final BeforeRun beforeRun;
    private final ExecutorService[] lanes;

    /**
     * @param records reads the HaVip's record as stored now (null: none); throwing (e.g. without
     *                quorum) drops the call, or stops it where it is
     */
    public CloudExecutor(HavipProvider provider, Function<String, HavipRecord> records, Outbox outbox,
            CoordinatorMetrics metrics, int threads, String memberId, BeforeRun beforeRun) {
        this.provider = provider;
        this.records = records;
        this.outbox = outbox;
        this.metrics = metrics;
        this.beforeRun = beforeRun;
        this.lanes = new ExecutorService[threads];
        for (int i = 0; i < threads; i++) {
            String name = "cloud-executor-" + memberId + "-" + i;
            // One thread per lane; its queue serves decisions' calls before background rounds, each kind
            // in the order queued (Queued compares by kind, then sequence).
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    public HavipProvider provider() {
        return provider;
    }

    /** Queues the calls of one decision, then {@code afterwards} (e.g. a reconcile) on the HaVip's lane. */
    public void submit(String havipId, List<CloudCall> calls, Runnable afterwards) {
        queue(havipId, false, () -> {
            for (CloudCall call : calls) {
                if (!run(call)) {
                    break;
                }
            }
            if (afterwards != null) {
                afterwards.run();
            }
        });
    }

    /** Runs a task on the HaVip's lane, after what is already queued for it. */
    public void onLane(String havipId, Runnable task) {
        queue(havipId, false, task);
    }

    /**
     * Runs a background task (a periodic reconcile round) on the HaVip's lane once no decision's calls
     * wait on that lane: when the cloud is slow and a large fleet's rounds fill the lanes, a failover's
     * calls still go first.
     */
    public void inBackground(String havipId, Runnable task) {
        queue(havipId, true, task);
    }

    private final AtomicLong queued = new AtomicLong();

    private void queue(String havipId, boolean background, Runnable task) {
        lane(havipId).execute(new Queued(background, queued.incrementAndGet(), task));
    }

    /** A lane's task: decisions' (not background) first, then in the order queued. */
    private record Queued(boolean background, long sequence, Runnable task) implements Runnable, Comparable<Queued> {
        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Queued o) {
            if (background != o.background) {
                return background ? 1 : -1;
            }
            return Long.compare(sequence, o.sequence);
        }
    }

    /** @return false when the rest of the call's decision is stale too (the epoch moved, or cannot be read) */
    boolean run(CloudCall call) {
        try {
            beforeRun.beforeRun(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("action", call.kind().name());
        inputs.put("instance", String.valueOf(call.instanceId()));
        inputs.put("provider", provider.name());
        inputs.put("epoch.decided", String.valueOf(call.epoch()));
        Guard guard = new Guard(call);
        CallPremise.Broken broken = guard.premise();
        guard.describe(inputs);
        if (broken != null) {
            drop(call, broken.reason(), inputs);
            return !broken.epochMoved();
        }
        if (!provider.supportsAssociation()) {
            return true; // ARP-only: the agents' fences are all there is; nothing to call
        }
        long start = System.nanoTime();
        String action = call.kind().name().toLowerCase();
        try {
            String outcome = "EXECUTED";
            String detail = "";
            switch (call.kind()) {
                case ASSOCIATE -> provider.associate(call.havipId(), call.instanceId(), token(call), guard);
                case UNASSOCIATE -> provider.unassociate(call.havipId(), call.instanceId(), true, token(call), guard);
                case VERIFY -> {
                    HavipDescription d = provider.describe(call.havipId());
                    inputs.put("cloud.associated", d.associatedInstances().toString());
                    inputs.put("cloud.master", String.valueOf(d.masterInstanceId()));
                    boolean ok = call.instanceId() == null || d.associatedInstances().contains(call.instanceId());
                    outcome = ok ? "VERIFIED" : "MISMATCH";
                    detail = ok ? "" : "; the reconciler will correct it";
                }
            }
            inputs.put("durationMs", String.valueOf((System.nanoTime() - start) / 1_000_000));
            inputs.put("premise.checks", String.valueOf(guard.checks));
            metrics.cloudCall(action, "ok");
            outbox.audit(call.havipId(), call.nodeId(), AuditEvent.Type.CLOUD_CALL, call.epoch(),
                    call.kind() + " " + call.instanceId() + " on " + provider.name() + detail + " (" + call.reason()
                            + ")", outcome, inputs);
        } catch (StaleCallException e) {
            inputs.put("durationMs", String.valueOf((System.nanoTime() - start) / 1_000_000));
            guard.describe(inputs);
            inputs.put("premise.checks", String.valueOf(guard.checks));
            inputs.put("requests.sent", String.valueOf(e.requestsSent()));
            abandon(call, e, inputs, action);
            return guard.broken == null || !guard.broken.epochMoved();
        } catch (CloudException e) {
            inputs.put("durationMs", String.valueOf((System.nanoTime() - start) / 1_000_000));
            inputs.put("code", e.code());
            metrics.cloudCall(action, "error");
            metrics.cloudError(action, e.code());
            log.warn("{} {} of {} failed: {}", call.kind(), call.instanceId(), call.havipId(), e.getMessage());
            outbox.audit(call.havipId(), call.nodeId(), AuditEvent.Type.CLOUD_CALL, call.epoch(),
                    call.kind() + " " + call.instanceId() + " failed: " + e.getMessage(), "FAILED", inputs);
        } catch (RuntimeException e) {
            metrics.cloudCall(action, "error");
            metrics.cloudError(action, "Unexpected");
            log.error("{} {} of {} failed unexpectedly", call.kind(), call.instanceId(), call.havipId(), e);
            outbox.audit(call.havipId(), call.nodeId(), AuditEvent.Type.CLOUD_CALL, call.epoch(),
                    call.kind() + " " + call.instanceId() + " failed: " + e, "FAILED", inputs);
        }
        return true;
    }

    /**
     * The call's premise, read again from the store: once before the call and, as the provider's
     * {@link CallGuard}, right before every request inside it. Runs on the lane thread only.
     */
    private final class Guard implements CallGuard {
        private final CloudCall call;
        /** The record last read (null: none stored, or not readable), and whether it could be read. */
        private HavipRecord seen;
        private String unreadable;
        private CallPremise.Broken broken;
        /** How many times the premise was confirmed inside the call (after the check before it). */
        private int checks = -1;

        Guard(CloudCall call) {
            this.call = call;
        }

        /** Reads the record and checks the premise; @return null when it holds. */
        CallPremise.Broken premise() {
            checks++;
            try {
                seen = records.apply(call.havipId());
                unreadable = null;
                broken = CallPremise.check(call, seen);
            } catch (RuntimeException e) {
                seen = null;
                unreadable = e.getClass().getSimpleName();
                broken = new CallPremise.Broken(true, "cannot confirm the epoch (" + unreadable
                        + "): not running a call that may be stale");
            }
            return broken;
        }

        @Override
        public void check() throws StaleCallException {
            if (premise() != null) {
                throw new StaleCallException(broken.reason());
            }
        }

        /** What the last read saw, as audit inputs. */
        void describe(Map<String, String> inputs) {
            if (unreadable != null) {
                inputs.put("epoch.current", "unreadable: " + unreadable);
                inputs.remove("revision.current");
                return;
            }
            inputs.put("epoch.current", String.valueOf(seen == null ? 0 : seen.epoch()));
            inputs.put("revision.current", String.valueOf(seen == null ? 0 : seen.revision()));
        }
    }

    private void drop(CloudCall call, String reason, Map<String, String> inputs) {
        metrics.staleDropped();
        log.info("dropped stale {} of {} for {}: {}", call.kind(), call.instanceId(), call.havipId(), reason);
        outbox.audit(call.havipId(), call.nodeId(), AuditEvent.Type.STALE_ACTION_DROPPED, call.epoch(), reason,
                "DROPPED", inputs);
    }

    /**
     * A call whose premise broke while it ran (during a backoff, a poll, a pause of this process), found
     * right before a request it was about to send.
     * Before any request went out it is dropped like a call found stale before it started; after one,
     * it is a cloud call given up half-way: audited as such (that request may have acted), and left
     * to the reconciler, which compares the record with the cloud.
     */
    private void abandon(CloudCall call, StaleCallException e, Map<String, String> inputs, String action) {
        if (e.requestsSent() == 0) {
            drop(call, e.why() + " (found while the call waited, before any request was sent)", inputs);
            return;
        }
        metrics.staleDropped();
        metrics.cloudCall(action, "abandoned");
        log.info("gave up {} of {} for {} after {} request(s): {}", call.kind(), call.instanceId(), call.havipId(),
                e.requestsSent(), e.why());
        outbox.audit(call.havipId(), call.nodeId(), AuditEvent.Type.CLOUD_CALL, call.epoch(), call.kind() + " "
                + call.instanceId() + " on " + provider.name() + " given up after " + e.requestsSent()
                + " request(s): " + e.why() + "; what a request did is for the reconciler to find (" + call.reason()
                + ")", "ABANDONED", inputs);
    }

    /** The same decision always yields the same token, so a retried call never acts twice. */
    static String token(CloudCall call) {
        return ClientTokens.of(call.epoch(), call.havipId(), call.kind().name(), call.instanceId());
    }

    private ExecutorService lane(String havipId) {
        return lanes[Math.floorMod(havipId.hashCode(), lanes.length)];
    }

    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
        for (ExecutorService lane : lanes) {
            try {
                lane.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
