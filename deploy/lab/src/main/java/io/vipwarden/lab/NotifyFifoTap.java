package io.vipwarden.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a node's notify FIFO and keeps every line with the time it arrived, as evidence for the
 * scenarios. Only for a lab without agents: a FIFO has one consumer.
 *
 * <p>The FIFO is opened read-write: on Linux that never blocks and never sees end-of-file, so the
 * tap survives keepalived being killed and restarted. It stops when its thread is interrupted
 * (the channel is interruptible).
 */
final class NotifyFifoTap implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyFifoTap.class);

    private final List<FifoLine> lines = new CopyOnWriteArrayList<>();
    private final Thread thread;

    NotifyFifoTap(String node, Path fifo, Clock clock) {
        thread = new Thread(() -> {
            try (FileChannel channel = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                         StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(new FifoLine(clock.instant(), System.nanoTime(), line));
                }
            } catch (IOException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    LOG.warn("notify FIFO of {} stopped: {}", node, e.toString());
                }
            }
        }, "lab-fifo-" + node);
        thread.setDaemon(true);
        thread.start();
    }

    List<FifoLine> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
