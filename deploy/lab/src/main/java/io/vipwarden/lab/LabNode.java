package io.vipwarden.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vipwarden.events.VrrpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lab node: a network namespace with one veth ({@value KeepalivedConf#INTERFACE}) on the lab
 * bridge and a real keepalived running inside it.
 *
 * <p>What an agent needs is exposed as paths: {@link #notifyFifo()}, {@link #jsonDump()},
 * {@link #trackFile()}. keepalived 2.2.7 writes its JSON dump to {@code $TMPDIR/keepalived.json}
 * ({@code /tmp} when TMPDIR is unset), so each keepalived runs with TMPDIR set to its node
 * directory; that keeps several keepalived on one host from overwriting one another's dump.
 * An agent asks for a fresh dump by sending {@link #jsonSignal()} to {@link #keepalivedPid()}.
 */
public final class LabNode {
    private static final Logger LOG = LoggerFactory.getLogger(LabNode.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int DUMP_TIMEOUT_SECONDS = 5;
    private static volatile Integer jsonSignal;

    private final int index;
    private final String namespace;
    private final String address;
    private final Path dir;
    private final LabSpec spec;
    private final Clock clock;
    private Process keepalived;
    private NotifyFifoTap tap;

    LabNode(int index, String namespace, Path dir, LabSpec spec, Clock clock) {
        this.index = index;
        this.namespace = namespace;
        this.address = spec.nodeAddress(index);
        this.dir = dir;
        this.spec = spec;
        this.clock = clock;
    }

    /** {@code n1}, {@code n2}, ...: the name scenarios and reports use. */
    public String name() {
        return "n" + index;
    }

    public int index() {
        return index;
    }

    /** The network namespace this node's keepalived runs in. */
    public String namespace() {
        return namespace;
    }

    /** The node's own address (unicast_src_ip), in 192.0.2.0/24. */
    public String address() {
        return address;
    }

    public int priority() {
        return spec.nodePriority(index);
    }

    public Path directory() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("keepalived.conf");
    }

    /** keepalived's {@code vrrp_notify_fifo}; created by the lab before keepalived starts. */
    public Path notifyFifo() {
        return dir.resolve("notify.fifo");
    }

    /** Where keepalived writes its JSON state dump when it gets {@link #jsonSignal()}. */
    public Path jsonDump() {
        return dir.resolve("keepalived.json");
    }

    /** The fence {@code track_file}: "0" normal, any other integer puts the instance in FAULT. */
    public Path trackFile() {
        return dir.resolve("fence");
    }

    /** keepalived's console log (stdout and stderr). */
    public Path logFile() {
        return dir.resolve("keepalived.log");
    }

    /** keepalived's parent pid file ({@code -p}), where an agent finds the process to signal. */
    public Path pidFile() {
        return dir.resolve("keepalived.pid");
    }

    /** keepalived's VRRP child pid file ({@code -r}). */
    public Path vrrpPidFile() {
        return dir.resolve("keepalived_vrrp.pid");
    }

    /** The pid of the keepalived parent process, if it is running. */
    public synchronized OptionalLong keepalivedPid() {
        return keepalived != null && keepalived.isAlive() ? OptionalLong.of(keepalived.pid()) : OptionalLong.empty();
    }

    public synchronized boolean isKeepalivedRunning() {
        return keepalived != null && keepalived.isAlive();
    }

    /** Writes the configuration and the FIFO (once) and starts keepalived; returns when its VRRP child runs. */
    public synchronized void startKeepalived() {
        if (isKeepalivedRunning()) {
            throw new LabException(name() + ": keepalived is already running (pid " + keepalived.pid() + ")");
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(configFile(), KeepalivedConf.render(spec, index, notifyFifo(), trackFile()));
            if (!Files.exists(notifyFifo())) {
                Commands.runChecked("mkfifo", "-m", "600", notifyFifo().toString());
            }
            if (spec.tapNotifyFifo() && tap == null) {
                tap = new NotifyFifoTap(name(), notifyFifo(), clock);
            }
            Files.deleteIfExists(pidFile());
            Files.deleteIfExists(vrrpPidFile());
            ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", namespace,
                    Preflight.which("keepalived"), "--dont-fork", "--log-console", "--log-detail", "--no-syslog",
                    "--vrrp", "--dont-respawn",
                    "--use-file=" + configFile(), "--pid=" + pidFile(), "--vrrp_pid=" + vrrpPidFile());
            builder.environment().put("TMPDIR", dir.toString());
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            keepalived = builder.start();
        } catch (IOException e) {
            throw new LabException(name() + ": cannot start keepalived: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (vrrpChildPid().isEmpty()) {
            if (!keepalived.isAlive()) {
                throw new LabException(name() + ": keepalived exited at start with " + keepalived.exitValue()
                        + "; see " + logFile() + ":\n" + tail(logFile(), 15));
            }
            if (System.nanoTime() > deadline) {
                throw new LabException(name() + ": keepalived's VRRP process did not start within " + START_TIMEOUT);
            }
            pause(20);
        }
        LOG.info("{}: keepalived pid {} started in namespace {}", name(), keepalived.pid(), namespace);
    }

    /**
     * SIGKILL, the crash: the VRRP process first (so the parent cannot respawn it or stop it
     * gracefully), then the parent. keepalived gets no chance to remove the VIP: it stays on the
     * interface until keepalived starts again (keepalived removes its VIPs at start-up).
     */
    public synchronized void killKeepalived() {
        Process process = requireRunning("kill");
        vrrpChildPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(process);
        LOG.info("{}: keepalived killed (SIGKILL)", name());
    }

    /** SIGTERM, the normal stop: keepalived sends a priority-0 advert and removes the VIP. */
    public synchronized void stopKeepalived() {
        Process process = requireRunning("stop");
        process.destroy();
        awaitExit(process);
        LOG.info("{}: keepalived stopped (SIGTERM), exit {}", name(), process.exitValue());
    }

    /** Demotes the node as vipwarden's agent does: a non-zero value in the track file means FAULT. */
    public void fence() {
        writeTrackFile("1");
    }

    public void unfence() {
        writeTrackFile("0");
    }

    public boolean isFenced() {
        try {
            return Files.exists(trackFile()) && !Files.readString(trackFile()).strip().equals("0");
        } catch (IOException e) {
            throw new LabException(name() + ": cannot read " + trackFile() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the VIP is on this node's interface right now (what {@code ip addr} shows). */
    public boolean holdsVip() {
        String out = Commands.runChecked("ip", "-n", namespace, "-o", "-4", "addr", "show", "dev",
                KeepalivedConf.INTERFACE).stdout();
        return out.contains(" " + spec.vip() + "/");
    }

    /**
     * The VRRP state keepalived reports in a fresh JSON dump; empty when keepalived is not running.
     *
     * <p>keepalived writes a dump by renaming an empty temporary file over {@link #jsonDump()} and then
     * filling it, and the node's agent asks for dumps of its own. So a read can meet a file that another
     * request has just replaced and is still being written: empty, cut short, or without the instance.
     * Such a read is retried (asking again every second) until a complete dump newer than the request
     * arrives or {@value #DUMP_TIMEOUT_SECONDS} s pass.
     */
    public Optional<VrrpState> vrrpState() {
        OptionalLong pid = keepalivedPid();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        try {
            FileTime before = Files.exists(jsonDump()) ? Files.getLastModifiedTime(jsonDump()) : null;
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(DUMP_TIMEOUT_SECONDS);
            long nextSignal = start;
            String lastProblem = "keepalived wrote no JSON dump";
            while (System.nanoTime() < deadline) {
                if (System.nanoTime() >= nextSignal) {
                    Commands.runChecked("kill", "-s", Integer.toString(jsonSignal()), Long.toString(pid.getAsLong()));
                    nextSignal = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                pause(10);
                if (!Files.exists(jsonDump()) || Files.getLastModifiedTime(jsonDump()).equals(before)) {
                    continue;
                }
                try {
                    return Optional.of(parseState(Files.readString(jsonDump())));
                } catch (IOException e) {
                    lastProblem = e.getMessage(); // being written, or replaced by a newer request: read again
                }
                if (!isKeepalivedRunning()) {
                    return Optional.empty();
                }
            }
            throw new LabException(name() + ": no complete JSON dump in " + jsonDump() + " within "
                    + DUMP_TIMEOUT_SECONDS + " s: " + lastProblem);
        } catch (IOException e) {
            throw new LabException(name() + ": cannot read " + jsonDump() + ": " + e.getMessage(), e);
        }
    }

    /** The notify FIFO lines the lab read so far (empty when the tap is off). */
    public List<FifoLine> fifoLines() {
        NotifyFifoTap current = tap;
        return current == null ? List.of() : current.lines();
    }

    /** The signal that makes keepalived write its JSON dump ({@code keepalived --signum=JSON}). */
    public static int jsonSignal() {
        Integer signal = jsonSignal;
        if (signal == null) {
            String out = Commands.runChecked(Preflight.which("keepalived"), "--signum=JSON").stdout().strip();
            try {
                signal = Integer.parseInt(out);
            } catch (NumberFormatException e) {
                throw new LabException("keepalived --signum=JSON printed '" + out + "', not a signal number");
            }
            jsonSignal = signal;
        }
        return signal;
    }

    /** Reads the state of {@value KeepalivedConf#INSTANCE} from a keepalived JSON dump. */
    static VrrpState parseState(String dump) throws IOException {
        JsonNode root = JSON.readTree(dump);
        if (root == null || !root.isArray()) {
            throw new IOException("the JSON dump is not an array of instances (empty or being written)");
        }
        for (JsonNode instance : root) {
            JsonNode data = instance.path("data");
            if (KeepalivedConf.INSTANCE.equals(data.path("iname").asText())) {
                // keepalived's numeric states (vrrp.h): 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT.
                return switch (data.path("state").asInt(-1)) {
                    case 0 -> VrrpState.INIT;
                    case 1 -> VrrpState.BACKUP;
                    case 2 -> VrrpState.MASTER;
                    case 3 -> VrrpState.FAULT;
                    default -> VrrpState.UNKNOWN;
                };
            }
        }
        throw new IOException("no instance " + KeepalivedConf.INSTANCE + " in the JSON dump");
    }

    /** Sends SIGTERM without waiting, so {@link Lab#close()} stops all nodes at once (each takes about a second). */
    synchronized void signalStop() {
        if (keepalived != null && keepalived.isAlive()) {
            keepalived.destroy();
        }
    }

    /** Stops keepalived (gracefully, then by force) and the FIFO tap; used by {@link Lab#close()}. */
    synchronized void shutdown() {
        if (keepalived != null && keepalived.isAlive()) {
            keepalived.destroy();
            try {
                if (!keepalived.waitFor(2, TimeUnit.SECONDS)) {
                    vrrpChildPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
                    keepalived.destroyForcibly();
                    keepalived.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                keepalived.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (tap != null) {
            tap.close();
            tap = null;
        }
    }

    private Optional<Long> vrrpChildPid() {
        try {
            if (!Files.exists(vrrpPidFile())) {
                return Optional.empty();
            }
            String text = Files.readString(vrrpPidFile()).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // being written right now: the next poll reads it
        }
    }

    private Process requireRunning(String action) {
        if (keepalived == null || !keepalived.isAlive()) {
            throw new LabException(name() + ": cannot " + action + " keepalived, it is not running");
        }
        return keepalived;
    }

    private void awaitExit(Process process) {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new LabException(name() + ": keepalived did not exit within " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException(name() + ": interrupted while waiting for keepalived to exit", e);
        }
    }

    private void writeTrackFile(String value) {
        try {
            Files.writeString(trackFile(), value + "\n");
        } catch (IOException e) {
            throw new LabException(name() + ": cannot write " + trackFile() + ": " + e.getMessage(), e);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name() + "(" + address + ", ns " + namespace + ")";
    }
}
