package io.vipwarden.lab;

import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-process broker of a lab run, with its data under the lab's own directory
 * ({@code vwl<pid>x0k<n>-kafka}), so {@link #close()} can remove every file of it and a crashed
 * run's broker data is removed by {@link Lab#cleanupStale()} like any other leftover. (The broker
 * may still write its metadata while it shuts down, so the directory is removed after the stop.)
 */
public final class LabBroker implements AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path dir;
    private final EmbeddedKafka kafka;

    private LabBroker(Path dir, EmbeddedKafka kafka) {
        this.dir = dir;
        this.kafka = kafka;
    }

    /** Starts a broker (about two seconds). */
    public static LabBroker start() {
        Path dir = Lab.baseDirectory().resolve("vwl" + ProcessHandle.current().pid() + "x0-kafka" + SEQUENCE.incrementAndGet());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        EmbeddedKafka kafka = EmbeddedKafka.create(Map.of(
                "log.dirs", dir.resolve("log").toString(),
                "metadata.log.dir", dir.resolve("metadata").toString()));
        try {
            kafka.start();
        } catch (RuntimeException e) {
            kafka.close();
            Lab.deleteTree(dir);
            throw e;
        }
        return new LabBroker(dir, kafka);
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    @Override
    public void close() {
        kafka.close();
        Lab.deleteTree(dir);
        Lab.deleteIfEmpty(Lab.baseDirectory());
    }
}
