package io.vipwarden.chaos.run;

import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.schedule.Fault;
import io.vipwarden.chaos.schedule.FaultSchedule;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a schedule against a target in real time: begins and heals each fault at its moment and
 * records both in the history, then records {@link Entry.FaultsOver}. A fault that cannot be
 * applied is recorded as such and the run goes on (the checker judges what did happen).
 *
 * <p>Each fault is applied on a worker of its own, so a slow one (a broker takes seconds to stop)
 * does not delay the others; a fault's heal always runs after its begin has finished.
 */
public final class FaultRunner {
    private static final Logger log = LoggerFactory.getLogger(FaultRunner.class);

    private final FaultTarget target;
    private final Consumer<Entry> history;
    private final Clock clock;
    private final Set<Fault> active = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private final java.util.Map<Fault, java.util.concurrent.CompletableFuture<Void>> applying =
            new java.util.concurrent.ConcurrentHashMap<>();

    public FaultRunner(FaultTarget target, Consumer<Entry> history, Clock clock) {
        this.target = target;
        this.history = history;
        this.clock = clock;
    }

    /** Blocks until every fault of the schedule has been begun and healed. */
    public void play(FaultSchedule schedule) throws InterruptedException {
        record Step(Duration at, Fault fault, boolean begin) {
        }
        List<Step> steps = new ArrayList<>();
        for (Fault f : schedule.faults()) {
            if (!target.supported().contains(f.kind())) {
                throw new IllegalArgumentException("the target cannot apply " + f.kind());
            }
            steps.add(new Step(f.start(), f, true));
            steps.add(new Step(f.end(), f, false));
        }
        // heals before begins at the same moment: a target is free again before it is hit again
        steps.sort(Comparator.comparing(Step::at).thenComparing(Step::begin));
        long origin = System.nanoTime();
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chaos-fault");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Step step : steps) {
                long waitMs = step.at().toMillis() - (System.nanoTime() - origin) / 1_000_000;
                if (waitMs > 0) {
                    Thread.sleep(waitMs);   // a timeline, not waiting for a condition
                }
                Fault f = step.fault();
                if (step.begin()) {
                    applying.put(f, java.util.concurrent.CompletableFuture.runAsync(() -> begin(f), workers));
                } else {
                    applying.computeIfPresent(f, (k, begun) -> begun.thenRunAsync(() -> heal(f), workers));
                }
            }
            for (var pending : applying.values()) {
                try {
                    pending.get(2, java.util.concurrent.TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    log.error("a fault could not be applied or healed in time: {}", e.toString());
                }
            }
        } finally {
            workers.shutdownNow();
            healAll();
            history.accept(new Entry.FaultsOver(clock.instant()));
        }
    }

    /** Heals what is still active (after an interruption). */
    public void healAll() {
        List<Fault> left;
        synchronized (active) {
            left = new ArrayList<>(active);
        }
        for (Fault f : left) {
            heal(f);
        }
    }

    private void begin(Fault f) {
        history.accept(new Entry.FaultMark(clock.instant(), f.label(), true));
        try {
            target.begin(f);
            active.add(f);
            log.info("fault begins: {}", f.label());
        } catch (Exception e) {
            log.warn("could not apply {}: {}", f.label(), e.toString());
            history.accept(new Entry.FaultMark(clock.instant(), f.label() + " (could not apply: " + e + ")", false));
        }
    }

    private void heal(Fault f) {
        if (!active.remove(f)) {
            return;
        }
        try {
            target.heal(f);
            log.info("fault healed: {}", f.label());
            history.accept(new Entry.FaultMark(clock.instant(), f.label(), false));
        } catch (Exception e) {
            log.error("could not heal {}: {}", f.label(), e.toString());
            history.accept(new Entry.FaultMark(clock.instant(), f.label() + " (could not heal: " + e + ")", false));
        }
    }
}
