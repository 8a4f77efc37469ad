package io.vipwarden.chaos.run;

import io.vipwarden.chaos.check.CheckReport;
import io.vipwarden.chaos.check.Checker;
import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.History;
import io.vipwarden.chaos.record.CloudRecorder;
import io.vipwarden.chaos.record.KafkaRecorder;
import io.vipwarden.chaos.record.Recording;
import io.vipwarden.chaos.record.VrrpRecorder;
import io.vipwarden.chaos.schedule.FaultSchedule;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chaos run: start the stack, record from the start, let it settle, play the seeded schedule,
 * watch it converge, collect what the gateway holds, then check the history.
 */
public final class ChaosRun {
    private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ChaosStack.Factory stacks;
    private final RunSettings settings;
    private final Clock clock;

    public ChaosRun(ChaosStack.Factory stacks, RunSettings settings, Clock clock) {
        this.stacks = stacks;
        this.settings = settings;
        this.clock = clock;
    }

    public RunResult run(long seed) throws Exception {
        Recording recording = new Recording();
        Checker checker = new Checker(settings.convergenceBound());
        ChaosStack stack = stacks.start(seed);
        try {
            FaultSchedule schedule = FaultSchedule.generate(seed, stack.fleet(), settings.faultsPhase(),
                    settings.meanGap(), stack.faults().supported());
            Instant t0 = clock.instant();
            stack.members().forEach((havip, nodes) -> nodes.forEach((node, instance) ->
                    recording.accept(new Entry.Member(t0, havip, node, instance))));
            CloudRecorder cloud = new CloudRecorder(stack.cloud(), recording, clock);
            VrrpRecorder vrrp = new VrrpRecorder(stack::vrrpStates, recording, clock);
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "chaos-recorder-poll");
                t.setDaemon(true);
                return t;
            });
            try (KafkaRecorder kafka = new KafkaRecorder(stack.bootstrapServers(), stack.topics(), recording, clock)) {
                poller.scheduleWithFixedDelay(() -> poll(cloud, vrrp), 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
                awaitConverged(recording, checker, seed, settings.warmUp());
                new FaultRunner(stack.faults(), recording, clock).play(schedule);
                awaitConverged(recording, checker, seed, settings.convergenceBound().plus(settings.stableFor()));
                poller.shutdown();
                poller.awaitTermination(5, TimeUnit.SECONDS);
                poll(cloud, vrrp);
                awaitQuiet(kafka);
                if (stack.gateway().isPresent()) {
                    recordGateway(stack.gateway().get(), recording);
                }
                recording.accept(new Entry.End(clock.instant()));
            } finally {
                poller.shutdownNow();
            }
            History history = recording.history(seed);
            CheckReport report = checker.check(history);
            return new RunResult(schedule, history, report);
        } finally {
            closeWithin(stack, Duration.ofSeconds(30));
        }
    }

    /** A stack that hangs on close must not hang the runs after it: it is left behind, and said so. */
    private static void closeWithin(ChaosStack stack, Duration limit) throws InterruptedException {
        Thread closer = new Thread(stack::close, "chaos-stack-close");
        closer.setDaemon(true);
        closer.start();
        closer.join(limit.toMillis());
        if (closer.isAlive()) {
            log.warn("the stack did not close within {} s; going on without it", limit.toSeconds());
        }
    }

    private static void poll(CloudRecorder cloud, VrrpRecorder vrrp) {
        vrrp.poll();
        try {
            cloud.poll();
        } catch (IOException | RuntimeException e) {
            log.debug("cloud poll failed (recorded on the next one): {}", e.toString());
        }
    }

    /** Waits until every HaVip has been converged for {@code stableFor}, or {@code atMost}. */
    private void awaitConverged(Recording recording, Checker checker, long seed, Duration atMost)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(atMost);
        Instant since = null;
        while (clock.instant().isBefore(deadline)) {
            History now = History.of(seed, append(recording, new Entry.FaultsOver(Instant.EPOCH),
                    new Entry.End(clock.instant())));
            boolean converged = checker.convergence(now).values().stream().allMatch(d -> d != null)
                    && !checker.convergence(now).isEmpty();
            if (converged) {
                since = since == null ? clock.instant() : since;
                if (Duration.between(since, clock.instant()).compareTo(settings.stableFor()) >= 0) {
                    return;
                }
            } else {
                since = null;
            }
            Thread.sleep(250);   // polling a recording, not waiting on a condition we could be told about
        }
    }

    private static List<Entry> append(Recording recording, Entry... more) {
        List<Entry> out = new java.util.ArrayList<>(recording.history(0).entries());
        out.removeIf(e -> e instanceof Entry.FaultsOver || e instanceof Entry.End);
        out.addAll(List.of(more));
        return out;
    }

    /** Lets the Kafka recorder read what is still in flight: until a second passes without a new record. */
    private static void awaitQuiet(KafkaRecorder kafka) throws InterruptedException {
        long before = -1;
        for (int i = 0; i < 20 && kafka.recordsRead() != before; i++) {
            before = kafka.recordsRead();
            Thread.sleep(1000);
        }
    }

    /**
     * Asks the gateway for its whole audit trail; asks again (for up to 15 s) while it lacks events
     * the recorder saw, since the gateway reads the same topic at its own pace.
     */
    private void recordGateway(ChaosStack.AuditSource gateway, Recording recording) throws InterruptedException {
        java.util.Set<String> produced = new java.util.HashSet<>();
        recording.all(Entry.AuditProduced.class).forEach(a -> produced.add(a.auditId()));
        Instant deadline = clock.instant().plusSeconds(15);
        List<String> held = List.of();
        Instant askedAt = clock.instant();
        while (true) {
            try {
                askedAt = clock.instant();
                held = gateway.auditIds();
                if (held.containsAll(produced) || !clock.instant().isBefore(deadline)) {
                    break;
                }
            } catch (IOException e) {
                log.warn("could not read the gateway's audit trail: {}", e.toString());
                if (!clock.instant().isBefore(deadline)) {
                    break;
                }
            }
            Thread.sleep(500);
        }
        recording.accept(new Entry.GatewayAudit(askedAt, held));
    }
}
