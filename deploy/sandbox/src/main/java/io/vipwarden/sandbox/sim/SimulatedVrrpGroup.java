package io.vipwarden.sandbox.sim;

import io.vipwarden.events.VrrpState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * keepalived's VRRP behaviour for one HaVip group of two or three nodes, as the clouds' guides
 * configure it: unicast peers, every node {@code state BACKUP} with {@code nopreempt}, a fence
 * {@code track_file} with weight 0. Time is passed in by {@link #tick(Instant)}, so the behaviour is
 * tested without sleeping.
 *
 * <p>What it reproduces, because vipwarden must handle it: the master-down timer
 * (3 × advert_int + skew), split brain when adverts are dropped between peers (both become MASTER),
 * FAULT and the release of the VIP while the track file holds a non-zero value, keepalived's
 * silence after a split brain heals, a killed keepalived (no STOP notification) and a graceful stop.
 */
public final class SimulatedVrrpGroup {
    private final String instanceName;
    private final String vip;
    private final int virtualRouterId;
    private final Duration advertInterval;
    private final List<SimulatedNode> nodes;
    private final VrrpListener listener;
    private volatile boolean advertsBlocked;

    /** What the group tells the outside world: FIFO lines, announcements (gratuitous ARP) to the cloud. */
    public interface VrrpListener {
        /** A notify FIFO line for {@code node}, e.g. {@code INSTANCE "VI_1" MASTER 100}. */
        void notifyLine(SimulatedNode node, String line);

        /** {@code node} sent gratuitous ARP for the VIP (on becoming MASTER and every refresh). */
        void announced(SimulatedNode node, String vip);

        /** keepalived's process on {@code node} started or went away (pid file, notify FIFO writer). */
        default void processChanged(SimulatedNode node, boolean running) {
        }
    }

    public SimulatedVrrpGroup(String instanceName, String vip, int virtualRouterId, Duration advertInterval,
            List<SimulatedNode> nodes, VrrpListener listener) {
        this.instanceName = Objects.requireNonNull(instanceName);
        this.vip = Objects.requireNonNull(vip);
        this.virtualRouterId = virtualRouterId;
        this.advertInterval = Objects.requireNonNull(advertInterval);
        if (nodes.size() < 2 || nodes.size() > 3) {
            throw new IllegalArgumentException("a HaVip group has 2 or 3 nodes, got " + nodes.size());
        }
        this.nodes = List.copyOf(nodes);
        this.listener = Objects.requireNonNull(listener);
    }

    public String instanceName() {
        return instanceName;
    }

    public String vip() {
        return vip;
    }

    public List<SimulatedNode> nodes() {
        return nodes;
    }

    public SimulatedNode node(String nodeId) {
        return nodes.stream().filter(n -> n.nodeId.equals(nodeId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId + " in " + instanceName));
    }

    /** The running nodes that hold the VIP now (more than one is a split brain). */
    public synchronized List<SimulatedNode> masters() {
        return nodes.stream().filter(n -> n.running && n.state == VrrpState.MASTER).toList();
    }

    /** Drop VRRP adverts between all peers (a split brain when the master is alive), or heal it. */
    public void blockAdverts(boolean blocked) {
        advertsBlocked = blocked;
    }

    /** SIGKILL: keepalived disappears without a notification; the VIP leaves the node with it. */
    public synchronized void kill(String nodeId) {
        SimulatedNode node = node(nodeId);
        node.running = false;
        node.state = VrrpState.STOP;
        listener.processChanged(node, false);
    }

    /** A graceful stop: keepalived sends a STOP notification and priority-0 advert (peers take over at once). */
    public synchronized void stop(String nodeId, Instant now) {
        SimulatedNode node = node(nodeId);
        if (!node.running) {
            return;
        }
        boolean wasMaster = node.state == VrrpState.MASTER;
        transition(node, VrrpState.STOP, now);
        node.running = false;
        listener.processChanged(node, false);
        if (wasMaster) {
            // Priority 0 advert: backups do not wait for the master-down timer.
            for (SimulatedNode peer : nodes) {
                if (peer != node && peer.running) {
                    peer.lastAdvertHeard = now.minus(masterDownInterval(peer));
                }
            }
        }
    }

    /** Starts a stopped or killed keepalived again: it comes up in BACKUP (state BACKUP + nopreempt). */
    public synchronized void start(String nodeId, Instant now) {
        SimulatedNode node = node(nodeId);
        if (node.running) {
            return;
        }
        node.running = true;
        node.state = VrrpState.INIT;
        node.lastAdvertHeard = now;
        listener.processChanged(node, true);
    }

    /** Advances the group to {@code now}: adverts, timers, track files. Call every few tens of ms. */
    public synchronized void tick(Instant now) {
        for (SimulatedNode node : nodes) {
            if (!node.running) {
                continue;
            }
            if (node.state == VrrpState.INIT) {
                node.lastAdvertHeard = node.lastAdvertHeard == null ? now : node.lastAdvertHeard;
                transition(node, VrrpState.BACKUP, now);
            }
            boolean fenced = trackFileFaulted(node);
            if (fenced && node.state != VrrpState.FAULT) {
                transition(node, VrrpState.FAULT, now);
                continue;
            }
            if (!fenced && node.state == VrrpState.FAULT) {
                node.lastAdvertHeard = now;
                transition(node, VrrpState.BACKUP, now);
            }
        }
        // Adverts from every MASTER reach every running peer unless blocked.
        for (SimulatedNode master : new ArrayList<>(masters())) {
            deliverAdverts(master, now);
        }
        for (SimulatedNode node : nodes) {
            if (!node.running || node.state != VrrpState.BACKUP) {
                continue;
            }
            if (Duration.between(node.lastAdvertHeard, now).compareTo(masterDownInterval(node)) >= 0
                    && !higherRunningBackupWins(node, now)) {
                transition(node, VrrpState.MASTER, now);
                announce(node, now);
                // Its first advert goes out at once: peers whose timers were about to fire stay BACKUP.
                deliverAdverts(node, now);
            }
        }
        // garp_master_refresh: a master re-announces periodically (keepalived's default is off;
        // the vendors' guides set it). After a healed split brain the survivor does NOT announce
        // again on its own beyond this refresh: that is what the Re-announce command is for.
        for (SimulatedNode master : masters()) {
            if (Duration.between(master.lastAnnounce, now).compareTo(advertInterval.multipliedBy(60)) >= 0) {
                announce(master, now);
            }
        }
    }

    /** What the agent's Re-announce command does: the MASTER sends gratuitous ARP again. */
    public synchronized boolean reannounce(String nodeId, Instant now) {
        SimulatedNode node = node(nodeId);
        if (node.running && node.state == VrrpState.MASTER) {
            announce(node, now);
            return true;
        }
        return false;
    }

    /** keepalived's JSON state dump (version 1 layout: an array of instances with "data" and "stats"). */
    public synchronized String jsonDump(SimulatedNode node) {
        int state = switch (node.state) {
            case INIT -> 0;
            case BACKUP -> 1;
            case MASTER -> 2;
            case FAULT -> 3;
            case DELETED -> 97;
            default -> 98;
        };
        double lastTransition = node.lastTransition == null ? 0
                : node.lastTransition.getEpochSecond() + node.lastTransition.getNano() / 1e9;
        return String.format(Locale.ROOT, "[{\"data\":{\"iname\":\"%s\",\"ifp_ifname\":\"eth0\",\"vrid\":%d,"
                + "\"base_priority\":%d,\"effective_priority\":%d,\"vipset\":%s,\"adver_int\":%.6f,"
                + "\"nopreempt\":true,\"state\":%d,\"wantstate\":%d,\"version\":2,\"last_transition\":%f,"
                + "\"vips\":[\"%s dev eth0 scope global\"]},\"stats\":{\"advert_rcvd\":0,\"advert_sent\":0}}]",
                instanceName, virtualRouterId, node.basePriority, node.effectivePriority(),
                node.state == VrrpState.MASTER, advertInterval.toMillis() / 1000.0, state, state, lastTransition, vip);
    }

    private void deliverAdverts(SimulatedNode master, Instant now) {
        if (advertsBlocked || master.state != VrrpState.MASTER) {
            return;
        }
        for (SimulatedNode peer : nodes) {
            if (peer == master || !peer.running || peer.state == VrrpState.FAULT) {
                continue;
            }
            peer.lastAdvertHeard = now;
            peer.masterPriorityHeard = master.basePriority;
            if (peer.state == VrrpState.MASTER && outranks(master, peer)) {
                // Two masters hear each other (split brain healed): the lower one yields.
                transition(peer, VrrpState.BACKUP, now);
            }
        }
    }

    private void announce(SimulatedNode node, Instant now) {
        node.lastAnnounce = now;
        listener.announced(node, vip);
    }

    private void transition(SimulatedNode node, VrrpState to, Instant now) {
        if (node.state == to) {
            return;
        }
        node.state = to;
        node.lastTransition = now;
        int priority = to == VrrpState.FAULT || to == VrrpState.STOP ? 0 : node.basePriority;
        listener.notifyLine(node, "INSTANCE \"" + instanceName + "\" " + to.name() + " " + priority);
    }

    /** Master-down interval: 3 × advert_int + skew, skew = (256 − priority)/256 × advert_int (VRRPv2). */
    private Duration masterDownInterval(SimulatedNode node) {
        long advertMs = advertInterval.toMillis();
        return Duration.ofMillis(3 * advertMs + (256 - node.basePriority) * advertMs / 256);
    }

    /** Of several backups whose timers fire together, the one with higher priority (then address) wins. */
    private boolean higherRunningBackupWins(SimulatedNode node, Instant now) {
        for (SimulatedNode other : nodes) {
            if (other != node && other.running && other.state == VrrpState.BACKUP && outranks(other, node)
                    && Duration.between(other.lastAdvertHeard, now).compareTo(masterDownInterval(other)) >= 0
                    && !advertsBlocked) {
                return true;
            }
        }
        return false;
    }

    private static boolean outranks(SimulatedNode a, SimulatedNode b) {
        if (a.basePriority != b.basePriority) {
            return a.basePriority > b.basePriority;
        }
        return a.address.compareTo(b.address) > 0;
    }

    private static boolean trackFileFaulted(SimulatedNode node) {
        if (node.trackFile == null) {
            return false;
        }
        try {
            String content = Files.readString(node.trackFile, StandardCharsets.UTF_8).trim();
            if (content.isEmpty()) {
                return false;
            }
            return Long.parseLong(content.split("\\s+")[0]) != 0;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | NumberFormatException e) {
            // keepalived treats an unreadable or non-numeric track file as 0.
            return false;
        }
    }
}
