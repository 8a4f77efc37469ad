package io.vipwarden.lab;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples which namespaces carry the VIP every {@code interval} and tells its listeners when the
 * set changes. This is the lab's stand-in for what a cloud sees: the node that starts carrying the
 * VIP is the one whose gratuitous ARP announces it, so a listener can forward
 * {@link HolderChange#gained()} to the cloud emulator as "this instance announced the HaVip".
 *
 * <p>Every sample is kept, so a scenario can assert over an interval ("after the fence, never two
 * holders at once").
 */
public final class Observer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Observer.class);

    /** One sample: who held the VIP, at the midpoint of the reads. */
    public record Sample(long nanos, Instant at, SortedSet<String> holders) {
    }

    private final Supplier<SortedSet<String>> probe;
    private final Duration interval;
    private final Clock clock;
    private final List<Consumer<HolderChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<HolderChange> changes = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private Observer(Supplier<SortedSet<String>> probe, Duration interval, Clock clock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("observer interval must be positive, got " + interval);
        }
        this.probe = probe;
        this.interval = interval;
        this.clock = clock;
        this.thread = new Thread(this::loop, "lab-observer");
        this.thread.setDaemon(true);
    }

    /** Starts sampling {@link Lab#vipHolders()} of the given lab. */
    public static Observer start(Lab lab, Duration interval, Clock clock) {
        return start(lab::vipHolders, interval, clock);
    }

    /** Starts sampling any holder probe (tests use a scripted one). */
    public static Observer start(Supplier<SortedSet<String>> probe, Duration interval, Clock clock) {
        Observer observer = new Observer(probe, interval, clock);
        observer.thread.start();
        return observer;
    }

    /** Called on the observer thread for every change; keep it short or hand it off. */
    public void addListener(Consumer<HolderChange> listener) {
        listeners.add(listener);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Samples taken at or after {@code nanos} ({@link System#nanoTime()}). */
    public List<Sample> samplesSince(long nanos) {
        return samples.stream().filter(s -> s.nanos() >= nanos).toList();
    }

    public List<HolderChange> changes() {
        return List.copyOf(changes);
    }

    /** The holders at the latest sample; empty before the first one. */
    public SortedSet<String> current() {
        return samples.isEmpty() ? new TreeSet<>() : samples.get(samples.size() - 1).holders();
    }

    private void loop() {
        SortedSet<String> previous = null;
        long next = System.nanoTime();
        while (running) {
            try {
                long start = System.nanoTime();
                SortedSet<String> holders = probe.get();
                long mid = start + (System.nanoTime() - start) / 2;
                Instant at = clock.instant();
                samples.add(new Sample(mid, at, holders));
                if (previous != null && !previous.equals(holders)) {
                    HolderChange change = new HolderChange(previous, holders, at, mid);
                    changes.add(change);
                    LOG.info("VIP holders {} -> {}", previous, holders);
                    for (Consumer<HolderChange> listener : listeners) {
                        listener.accept(change);
                    }
                }
                previous = holders;
            } catch (RuntimeException e) {
                if (running) {
                    failure = e;
                    LOG.warn("observer sample failed: {}", e.getMessage());
                }
            }
            next += interval.toNanos();
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime(); // a slow sample: do not try to catch up in a burst
            }
        }
    }

    /**
     * Waits until a sample started after this call has been taken, so the record includes the
     * latest state (a scenario calls this before it reads {@link #changes()} for the last time).
     */
    public void flush() {
        long from = System.nanoTime();
        long deadline = from + interval.toNanos() * 3 + 2_000_000_000L;
        while (running && thread.isAlive() && System.nanoTime() < deadline) {
            if (!samples.isEmpty() && samples.get(samples.size() - 1).nanos() > from) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The last sampling error, if any (a scenario treats it as a failure). */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
