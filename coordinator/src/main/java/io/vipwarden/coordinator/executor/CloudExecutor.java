package io.vipwarden.coordinator.executor;

import io.vipwarden.cloud.CloudException;
import io.vipwarden.cloud.HavipDescription;
import io.vipwarden.cloud.HavipProvider;
import io.vipwarden.coordinator.decision.Action.CloudCall;
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
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cloud calls on named worker threads ("lanes"); all calls of one HaVip go to the same lane,
 * in the order they were decided, ahead of any background reconcile round waiting on that lane. Right before each call the HaVip's epoch is read again from the
 * fencing store: a call decided at an older epoch is dropped and audited as
 * {@code STALE_ACTION_DROPPED}, never executed. (A window remains between that read and the
 * cloud's answer; the reconciler corrects what slips through it.)
 */
public final class CloudExecutor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CloudExecutor.class);

    /** Called on the lane thread right before the epoch check: tests use it to hold a call back. */
    @FunctionalInterface
    public interface BeforeRun {
        BeforeRun NONE = call -> { };

        void beforeRun(CloudCall call) throws InterruptedException;
    }

    private final HavipProvider provider;
    private final ToLongFunction<String> currentEpoch;
    private final Outbox outbox;
    private final CoordinatorMetrics metrics;
    private final BeforeRun beforeRun;
    private final ExecutorService[] lanes;

    /**
     * @param currentEpoch reads the HaVip's epoch from the store; throwing (e.g. without quorum) drops the call
     */
    public CloudExecutor(HavipProvider provider, ToLongFunction<String> currentEpoch, Outbox outbox,
            CoordinatorMetrics metrics, int threads, String memberId, BeforeRun beforeRun) {
        this.provider = provider;
        this.currentEpoch = currentEpoch;
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

    /** @return false when the call was dropped as stale (the rest of its decision is stale too) */
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
        long now;
        try {
            now = currentEpoch.applyAsLong(call.havipId());
        } catch (RuntimeException e) {
            inputs.put("epoch.current", "unreadable: " + e.getClass().getSimpleName());
            drop(call, "cannot confirm the epoch (" + e.getClass().getSimpleName() + "): not running a call that may be stale",
                    inputs);
            return false;
        }
        inputs.put("epoch.current", String.valueOf(now));
        if (now != call.epoch()) {
            drop(call, call.kind() + " of " + call.instanceId() + " was decided at epoch " + call.epoch()
                    + " but the HaVip is at epoch " + now, inputs);
            return false;
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
                case ASSOCIATE -> provider.associate(call.havipId(), call.instanceId(), token(call));
                case UNASSOCIATE -> provider.unassociate(call.havipId(), call.instanceId(), true, token(call));
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
            metrics.cloudCall(action, "ok");
            outbox.audit(call.havipId(), call.nodeId(), AuditEvent.Type.CLOUD_CALL, call.epoch(),
                    call.kind() + " " + call.instanceId() + " on " + provider.name() + detail + " (" + call.reason()
                            + ")", outcome, inputs);
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

    private void drop(CloudCall call, String reason, Map<String, String> inputs) {
        metrics.staleDropped();
        log.info("dropped stale {} of {} for {}: {}", call.kind(), call.instanceId(), call.havipId(), reason);
        outbox.audit(call.havipId(), call.nodeId(), AuditEvent.Type.STALE_ACTION_DROPPED, call.epoch(), reason,
                "DROPPED", inputs);
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
