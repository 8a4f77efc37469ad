package io.vipwarden.coordinator.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.coordinator.metrics.CoordinatorMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CloudExecutorLanesTest {
    @Test
    void shouldRunADecisionsCallsBeforeBackgroundRoundsQueuedEarlierOnTheSameLane() throws Exception {
        CloudExecutor executor = new CloudExecutor(null, id -> null, null, new CoordinatorMetrics(new PrometheusRegistry()),
                1, "t", CloudExecutor.BeforeRun.NONE);
        try {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(5);
            List<String> order = new CopyOnWriteArrayList<>();
            executor.onLane("havip-1", () -> await(busy));
            executor.inBackground("havip-1", () -> { order.add("reconcile-1"); done.countDown(); });
            executor.inBackground("havip-2", () -> { order.add("reconcile-2"); done.countDown(); });
            executor.submit("havip-3", List.of(), () -> { order.add("decision-3"); done.countDown(); });
            executor.onLane("havip-1", () -> { order.add("decision-1"); done.countDown(); });
            executor.inBackground("havip-3", () -> { order.add("reconcile-3"); done.countDown(); });
            busy.countDown();
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("decision-3", "decision-1", "reconcile-1", "reconcile-2", "reconcile-3"), order,
                    "decisions first, each kind in the order queued");
        } finally {
            executor.close();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
