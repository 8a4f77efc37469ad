package io.vipwarden.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CloudCallerTest {
    final ManualClock clock = new ManualClock();
    final CloudMetrics metrics = CloudMetrics.in(new PrometheusRegistry());
    final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(100),
            Duration.ofSeconds(2), Duration.ofMillis(50));
    final CloudCaller caller = new CloudCaller("alibaba", policy, metrics, clock, clock, new Random(7));

    @Test
    void shouldRetryRetryableErrorsUntilTheCallSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();

        String result = caller.call("AssociateHaVip", caller.deadline(), t -> {
            if (attempts.incrementAndGet() < 4) {
                throw CloudErrors.exception("alibaba", "Throttling.User", "slow down", null);
            }
            return "done";
        });

        assertEquals("done", result);
        assertEquals(4, attempts.get());
        assertEquals(3, metrics.retries("alibaba", "AssociateHaVip", "Throttling.User"));
        assertEquals(1, metrics.calls("alibaba", "AssociateHaVip", CloudMetrics.OK));
    }

    @Test
    void shouldNotRetryAFatalError() {
        AtomicInteger attempts = new AtomicInteger();

        CloudException e = assertThrows(CloudException.class, () -> caller.call("DescribeHaVips", caller.deadline(), t -> {
            attempts.incrementAndGet();
            throw CloudErrors.exception("alibaba", "InvalidHaVipId.NotFound", "no such HaVip", null);
        }));

        assertEquals(1, attempts.get());
        assertFalse(e.retryable());
        assertEquals(0, metrics.retries("alibaba", "DescribeHaVips", "InvalidHaVipId.NotFound"));
    }

    @Test
    void shouldGiveUpWithTheLastErrorWhenTheDeadlinePasses() {
        Instant start = clock.instant();

        CloudException e = assertThrows(CloudException.class, () -> caller.call("DescribeHaVips", caller.deadline(), t -> {
            clock.advance(Duration.ofMillis(300));
            throw CloudErrors.exception("alibaba", "ServiceUnavailable", "down", null);
        }));

        assertEquals("ServiceUnavailable", e.code());
        assertTrue(e.retryable());
        assertTrue(Duration.between(start, clock.instant()).compareTo(policy.operationTimeout()) <= 0,
                "never waits past the operation timeout");
    }

    @Test
    void shouldGiveEachCallAtMostTheCallTimeoutAndNeverMoreThanWhatRemains() throws Exception {
        List<Duration> timeouts = new ArrayList<>();
        Instant deadline = clock.instant().plus(Duration.ofMillis(1500));

        assertThrows(CloudException.class, () -> caller.call("DescribeHaVips", deadline, t -> {
            timeouts.add(t);
            clock.advance(t);
            throw CloudErrors.exception("alibaba", CloudErrors.TIMEOUT, "read timed out", null);
        }));

        assertEquals(Duration.ofSeconds(1), timeouts.get(0));
        assertTrue(timeouts.get(1).compareTo(Duration.ofMillis(500)) < 0, timeouts.toString());
    }

    @Test
    void shouldBackOffExponentiallyWithJitterUpToTheCap() {
        for (int attempt = 0; attempt < 8; attempt++) {
            long step = Math.min(2000, 100L << attempt);
            for (int i = 0; i < 50; i++) {
                long ms = caller.backoff(attempt).toMillis();
                assertTrue(ms >= step / 2 && ms <= step, "attempt " + attempt + ": " + ms + " not in [" + step / 2 + ", " + step + "]");
            }
        }
        assertEquals(Duration.ofMillis(2000).compareTo(caller.backoff(40)) >= 0, true);
    }

    @Test
    void shouldTurnAnInterruptIntoAFatalErrorAndKeepTheFlag() {
        CloudCaller interrupted = new CloudCaller("alibaba", policy, metrics, clock, d -> {
            throw new InterruptedException();
        }, new Random());

        CloudException e = assertThrows(CloudException.class, () -> interrupted.call("DescribeHaVips", interrupted.deadline(), t -> {
            throw CloudErrors.exception("alibaba", "SystemBusy", "busy", null);
        }));

        assertEquals(CloudErrors.INTERRUPTED, e.code());
        assertTrue(Thread.interrupted(), "the interrupt flag is restored (and cleared here)");
    }

    @Test
    void shouldAskTheGuardBeforeEveryAttemptAndStopWhenItTurnsStale() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger checks = new AtomicInteger();
        CallGuard staleAfterTwo = () -> {
            if (checks.incrementAndGet() > 2) {
                throw new StaleCallException("the HaVip moved to epoch 8");
            }
        };

        StaleCallException e = assertThrows(StaleCallException.class, () -> caller.call("AssociateHaVip",
                caller.deadline(), staleAfterTwo, t -> {
                    attempts.incrementAndGet();
                    throw CloudErrors.exception("alibaba", "OperationConflict", "busy", null);
                }));

        assertEquals(2, attempts.get(), "two attempts while current, no third once stale");
        assertEquals(3, checks.get());
        assertEquals(CloudErrors.STALE, e.code());
        assertFalse(e.retryable());
        assertEquals("the HaVip moved to epoch 8", e.why());
        assertEquals(2, metrics.calls("alibaba", "AssociateHaVip", "OperationConflict"));
        assertEquals(0, metrics.calls("alibaba", "AssociateHaVip", CloudErrors.STALE), "a call not made is not counted");
    }

    @Test
    void shouldNotAttemptACallThatIsStaleFromTheStart() {
        AtomicInteger attempts = new AtomicInteger();

        assertThrows(StaleCallException.class, () -> caller.call("UnassociateHaVip", caller.deadline(), () -> {
            throw new StaleCallException("node-b is no longer fenced");
        }, t -> attempts.incrementAndGet()));

        assertEquals(0, attempts.get());
    }
}
