package io.vipwarden.sandbox.sim;

import io.vipwarden.events.VrrpState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One server of a simulated keepalived group: its VRRP instance, and the files through which the
 * real agent sees it (the notify FIFO, the JSON state dump) and fences it (the track file).
 */
public final class SimulatedNode {
    final String nodeId;
    final String cloudInstanceId;
    final String address;
    final int basePriority;
    final Path fifo;
    final Path jsonDump;
    final Path trackFile;
    final Path pidFile;

    VrrpState state = VrrpState.INIT;
    boolean running = true;
    Instant lastAdvertHeard;
    Instant lastAnnounce;
    Instant lastTransition;
    int masterPriorityHeard;

    public SimulatedNode(String nodeId, String cloudInstanceId, String address, int basePriority, Path fifo,
            Path jsonDump, Path trackFile) {
        this(nodeId, cloudInstanceId, address, basePriority, fifo, jsonDump, trackFile, null);
    }

    public SimulatedNode(String nodeId, String cloudInstanceId, String address, int basePriority, Path fifo,
            Path jsonDump, Path trackFile, Path pidFile) {
        this.nodeId = Objects.requireNonNull(nodeId);
        this.cloudInstanceId = Objects.requireNonNull(cloudInstanceId);
        this.address = Objects.requireNonNull(address);
        if (basePriority < 1 || basePriority > 254) {
            throw new IllegalArgumentException("priority must be 1..254, got " + basePriority);
        }
        this.basePriority = basePriority;
        this.fifo = fifo;
        this.jsonDump = jsonDump;
        this.trackFile = trackFile;
        this.pidFile = pidFile;
    }

    public Path pidFile() {
        return pidFile;
    }

    public String nodeId() {
        return nodeId;
    }

    public String cloudInstanceId() {
        return cloudInstanceId;
    }

    public String address() {
        return address;
    }

    public Path fifo() {
        return fifo;
    }

    public Path jsonDump() {
        return jsonDump;
    }

    public Path trackFile() {
        return trackFile;
    }

    public synchronized VrrpState state() {
        return state;
    }

    public synchronized boolean running() {
        return running;
    }

    /** keepalived's effective priority: the base priority, or 0 when it is not running. */
    public synchronized int effectivePriority() {
        return running ? basePriority : 0;
    }
}
