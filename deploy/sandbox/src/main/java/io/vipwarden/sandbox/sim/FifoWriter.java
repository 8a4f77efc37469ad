package io.vipwarden.sandbox.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes notify lines into a named pipe the way keepalived does: a line that cannot be written
 * without blocking is dropped (here: when the small queue is full), and the pipe is reopened when the
 * reader goes away. One daemon thread per FIFO.
 */
final class FifoWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FifoWriter.class);

    private final Path fifo;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(64);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    FifoWriter(Path fifo) {
        this.fifo = fifo;
        this.thread = new Thread(this::run, "sim-fifo-" + fifo.getFileName());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Creates the FIFO with mkfifo if it does not exist yet. */
    static void mkfifo(Path fifo) throws IOException, InterruptedException {
        if (Files.exists(fifo)) {
            return;
        }
        Files.createDirectories(fifo.getParent());
        Process p = new ProcessBuilder("mkfifo", "-m", "0600", fifo.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo " + fifo + " failed: "
                    + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    void write(String line) {
        if (!lines.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!closed) {
            // Opening a FIFO for writing blocks until a reader (the agent) opens it.
            try (OutputStream out = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
                while (!closed) {
                    String line = lines.poll(200, TimeUnit.MILLISECONDS);
                    if (line != null) {
                        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    log.debug("FIFO {} reader went away ({}); reopening", fifo, e.toString());
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        // Unblock an open() still waiting for a reader. On Linux opening a FIFO read-write never
        // blocks (a read-only open would wait for a writer, forever if the thread already left).
        try (FileChannel unused = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // opened and closed at once
        } catch (IOException | RuntimeException ignored) {
            // the FIFO is gone: nobody can be blocked on it
        }
    }
}
