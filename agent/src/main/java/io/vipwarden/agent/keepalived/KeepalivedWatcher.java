package io.vipwarden.agent.keepalived;

import io.vipwarden.agent.fence.Fencer;
import io.vipwarden.agent.metrics.AgentMetrics;
import io.vipwarden.events.VrrpTransition.Source;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows keepalived's state: reads the notify FIFO on its own thread ({@code vipwarden-fifo},
 * reopening it after keepalived restarts), accepts notify-script lines handed over by
 * {@code agent notify}, and on every poll reads the JSON state dump when keepalived has rewritten it,
 * then asks keepalived for a fresh one (the signal {@code keepalived --signum=JSON} prints). All
 * three feed one {@link VrrpStateTracker}; its changes go to {@code listener} in order.
 */
public final class KeepalivedWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeepalivedWatcher.class);

    private final Path fifo;
    private final Path jsonDump;
    private final Path pidFile;
    private final int jsonSignal;
    private final long reopenBackoffMs;
    private final VrrpStateTracker tracker;
    private final Consumer<VrrpStateTracker.Change> listener;
    private final AgentMetrics metrics;
    private final Fencer signaller;
    private final Thread fifoThread;
    private volatile boolean running = true;
    private FileTime lastDump;
    private boolean keepalivedSeenRunning;
    private boolean keepalivedGone;

    public KeepalivedWatcher(Path fifo, Path jsonDump, Path pidFile, int jsonSignal, long reopenBackoffMs, Clock clock,
            AgentMetrics metrics, Consumer<VrrpStateTracker.Change> listener) {
        this.fifo = fifo;
        this.jsonDump = jsonDump;
        this.pidFile = pidFile;
        this.jsonSignal = jsonSignal;
        this.reopenBackoffMs = reopenBackoffMs;
        this.tracker = new VrrpStateTracker(clock);
        this.metrics = metrics;
        this.listener = listener;
        this.signaller = new Fencer(2000);
        this.fifoThread = fifo == null ? null : new Thread(this::readFifo, "vipwarden-fifo");
        if (fifoThread != null) {
            fifoThread.setDaemon(true);
        }
    }

    public KeepalivedWatcher start() {
        if (fifoThread != null) {
            fifoThread.start();
        }
        return this;
    }

    /** What keepalived last said about an instance. */
    public synchronized Optional<VrrpStateTracker.Known> instance(String name) {
        return tracker.instance(name);
    }

    /**
     * Takes one notify line (FIFO or notify script). Malformed lines are counted and logged, never fatal.
     *
     * @return false when the line was malformed
     */
    public boolean accept(String line, Source source) {
        Optional<NotifyLine> parsed = NotifyLine.parse(line);
        metrics.notifyLine(parsed.isPresent());
        if (parsed.isEmpty()) {
            log.warn("ignoring malformed keepalived notify line from {}: '{}'", source, abbreviate(line));
            return false;
        }
        synchronized (this) {
            tracker.onNotify(parsed.get(), source).forEach(listener);
        }
        return true;
    }

    /**
     * Checks that keepalived's process (from its pid file) is alive. Once it has been seen running,
     * a dead pid or a missing pid file means it was killed or crashed: every instance is reported
     * STOP. Never seen running (no pid file configured or found) means nothing is concluded, so a
     * wrong pid file path cannot make a healthy node look stopped.
     */
    public void checkProcess() {
        if (pidFile == null) {
            return;
        }
        boolean alive = readPid(pidFile).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
        synchronized (this) {
            if (alive) {
                keepalivedSeenRunning = true;
                keepalivedGone = false;
                return;
            }
            if (!keepalivedSeenRunning || keepalivedGone) {
                return;
            }
            keepalivedGone = true;
            log.warn("keepalived (pid file {}) is no longer running: reporting its instances STOP", pidFile);
            tracker.onProcessGone().forEach(listener);
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text.split("\\s+")[0]));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Reads the JSON dump when keepalived rewrote it since the last read, then asks for the next one. */
    public void poll() {
        checkProcess();
        try {
            FileTime modified = Files.getLastModifiedTime(jsonDump);
            if (!modified.equals(lastDump)) {
                byte[] bytes = Files.readAllBytes(jsonDump);
                List<StateDump.InstanceStatus> dump = StateDump.parse(bytes);
                metrics.dumpRead("ok");
                synchronized (this) {
                    lastDump = modified;
                    tracker.onDump(dump, modified.toInstant()).forEach(listener);
                }
            }
        } catch (NoSuchFileException e) {
            metrics.dumpRead("missing");
        } catch (IOException e) {
            metrics.dumpRead("malformed");
            log.warn("cannot read keepalived's JSON dump {}: {}", jsonDump, e.getMessage());
        }
        if (jsonSignal > 0 && running) {
            Fencer.Result sent = signaller.signal(pidFile, jsonSignal);
            if (!sent.ok()) {
                log.debug("cannot ask keepalived for a JSON dump: {}", sent.detail());
            }
        }
    }

    private void readFifo() {
        boolean warned = false;
        while (running) {
            if (!Files.exists(fifo)) {
                if (!warned) {
                    log.warn("notify FIFO {} does not exist yet (keepalived creates it); waiting", fifo);
                    warned = true;
                }
                pause();
                continue;
            }
            warned = false;
            // Opening a FIFO for reading blocks until keepalived opens it for writing.
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(fifo.toFile()),
                    StandardCharsets.UTF_8))) {
                log.info("reading keepalived notify FIFO {}", fifo);
                String line;
                while (running && (line = in.readLine()) != null) {
                    if (!line.isBlank()) {
                        accept(line, Source.FIFO);
                    }
                }
                if (running) {
                    log.info("keepalived closed the notify FIFO {} (restart?); reopening", fifo);
                    checkProcess();
                }
            } catch (IOException e) {
                if (running) {
                    log.warn("cannot read notify FIFO {}: {}; retrying", fifo, e.getMessage());
                }
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(reopenBackoffMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    @Override
    public void close() {
        running = false;
        if (fifoThread == null) {
            return;
        }
        fifoThread.interrupt();
        // A reader blocked in open() or read() on a FIFO only wakes up when a writer comes and goes.
        Thread waker = new Thread(() -> {
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                out.write('\n');
            } catch (IOException ignored) {
                // the FIFO is gone: nobody can be blocked on it
            }
        }, "vipwarden-fifo-waker");
        waker.setDaemon(true);
        if (Files.exists(fifo)) {
            waker.start();
        }
        try {
            fifoThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (waker.isAlive()) {
            waker.interrupt();
        }
    }
}
