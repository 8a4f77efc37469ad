package io.vipwarden.sandbox.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs simulated keepalived groups in real time for the sandbox: ticks every group, writes each
 * node's notify FIFO and JSON state dump, and passes announcements (gratuitous ARP) to the cloud.
 */
public final class SimulatedKeepalived implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedKeepalived.class);

    private final Clock clock;
    private final List<SimulatedVrrpGroup> groups = new CopyOnWriteArrayList<>();
    private final Map<SimulatedNode, FifoWriter> fifos = new HashMap<>();
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sim-keepalived"));
    private final BiConsumer<SimulatedNode, String> announcements;

    /** @param announcements called with (node, vip) whenever a node sends gratuitous ARP */
    public SimulatedKeepalived(Clock clock, BiConsumer<SimulatedNode, String> announcements) {
        this.clock = clock;
        this.announcements = announcements;
        ticker.scheduleAtFixedRate(this::tickAll, 50, 50, TimeUnit.MILLISECONDS);
        ticker.scheduleAtFixedRate(this::dumpAll, 500, 1000, TimeUnit.MILLISECONDS);
    }

    /** The listener a group needs: FIFO lines go to the node's pipe, announcements to the callback. */
    public SimulatedVrrpGroup.VrrpListener listener() {
        return new SimulatedVrrpGroup.VrrpListener() {
            @Override
            public void notifyLine(SimulatedNode node, String line) {
                FifoWriter writer;
                synchronized (fifos) {
                    writer = fifos.get(node);
                }
                if (writer != null) {
                    writer.write(line);
                }
            }

            @Override
            public void processChanged(SimulatedNode node, boolean running) {
                writePidFile(node, running);
                synchronized (fifos) {
                    FifoWriter old = fifos.remove(node);
                    if (old != null) {
                        old.close(); // the agent sees the FIFO's writer go, as when keepalived dies
                    }
                    if (running) {
                        fifos.put(node, new FifoWriter(node.fifo()));
                    }
                }
            }

            @Override
            public void announced(SimulatedNode node, String vip) {
                try {
                    announcements.accept(node, vip);
                } catch (RuntimeException e) {
                    log.warn("announcement of {} by {} failed: {}", vip, node.nodeId(), e.toString());
                }
            }
        };
    }

    /** Adds a group: creates its nodes' FIFOs and starts writing to them. */
    public void add(SimulatedVrrpGroup group) {
        for (SimulatedNode node : group.nodes()) {
            try {
                FifoWriter.mkfifo(node.fifo());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            synchronized (fifos) {
                fifos.put(node, new FifoWriter(node.fifo()));
            }
            writePidFile(node, true);
        }
        groups.add(group);
    }

    public List<SimulatedVrrpGroup> groups() {
        return List.copyOf(groups);
    }

    private void tickAll() {
        for (SimulatedVrrpGroup group : groups) {
            try {
                group.tick(clock.instant());
            } catch (RuntimeException e) {
                log.error("simulated keepalived {} failed a tick", group.instanceName(), e);
            }
        }
    }

    private void dumpAll() {
        for (SimulatedVrrpGroup group : groups) {
            for (SimulatedNode node : group.nodes()) {
                if (node.running() && node.jsonDump() != null) {
                    writeAtomically(node.jsonDump(), group.jsonDump(node));
                }
            }
        }
    }

    /**
     * A running simulated keepalived "is" this JVM (its pid is alive); a killed one leaves its pid file
     * behind with a pid no process can have (above the kernel's pid_max), as a crashed daemon would.
     */
    private static void writePidFile(SimulatedNode node, boolean running) {
        if (node.pidFile() == null) {
            return;
        }
        long pid = running ? ProcessHandle.current().pid() : 4_194_305L;
        writeAtomically(node.pidFile(), pid + "\n");
    }

    private static void writeAtomically(Path target, String content) {
        try {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot write JSON dump {}: {}", target, e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (fifos) {
            fifos.values().forEach(FifoWriter::close);
            fifos.clear();
        }
    }
}
