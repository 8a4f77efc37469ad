package io.vipwarden.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real keepalived in network namespaces, as root: one namespace per node, each with one veth into
 * a bridge that lives in a namespace of its own, so nothing is created in the host's namespace.
 *
 * <p>Every name carries a per-run prefix {@code vwl<pid>x<seq>}: namespaces {@code <prefix>-n1},
 * {@code <prefix>-n2}, ..., {@code <prefix>-br}; the bridge {@code <prefix>b} inside
 * {@code <prefix>-br}; files under {@code $java.io.tmpdir/vipwarden-lab/<prefix>}. {@link #close()}
 * removes all of it (also from a shutdown hook); {@link #cleanupStale()} removes what a crashed
 * run left behind (its owner pid is gone). Nothing outside that prefix is ever touched.
 */
public final class Lab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lab.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Names this lab owns: vwl, the owner's pid, x, a per-JVM sequence number. */
    static final Pattern OWNED = Pattern.compile("^(vwl(\\d+)x\\d+)(-.*)?$");
    static final String NFT_TABLE = "vipwarden_lab";

    private final String prefix;
    private final LabSpec spec;
    private final Path dir;
    private final List<LabNode> nodes;
    private final List<String> namespaces = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private Lab(String prefix, LabSpec spec, Path dir, Clock clock) {
        this.prefix = prefix;
        this.spec = spec;
        this.dir = dir;
        List<LabNode> list = new ArrayList<>();
        for (int i = 1; i <= spec.nodeCount(); i++) {
            list.add(new LabNode(i, prefix + "-n" + i, dir.resolve("n" + i), spec, clock));
        }
        this.nodes = Collections.unmodifiableList(list);
        this.shutdownHook = new Thread(this::closeQuietly, "lab-shutdown-" + prefix);
    }

    /** Builds the network and starts keepalived on every node. Needs root, ip, keepalived, nft. */
    public static Lab start(LabSpec spec) {
        return start(spec, Clock.systemUTC());
    }

    public static Lab start(LabSpec spec, Clock clock) {
        List<String> problems = Preflight.problems();
        if (!problems.isEmpty()) {
            throw new LabException("the lab cannot run here: " + String.join("; ", problems));
        }
        cleanupStale();
        String prefix = "vwl" + ProcessHandle.current().pid() + "x" + SEQUENCE.incrementAndGet();
        Lab lab = new Lab(prefix, spec, baseDirectory().resolve(prefix), clock);
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try {
            lab.buildNetwork();
            for (LabNode node : lab.nodes) {
                node.startKeepalived();
            }
            return lab;
        } catch (RuntimeException e) {
            lab.closeQuietly();
            throw e;
        }
    }

    /** Where every lab keeps its files, one directory per run. */
    static Path baseDirectory() {
        return Paths.get(System.getProperty("java.io.tmpdir"), "vipwarden-lab");
    }

    public String prefix() {
        return prefix;
    }

    public LabSpec spec() {
        return spec;
    }

    public Path directory() {
        return dir;
    }

    public List<LabNode> nodes() {
        return nodes;
    }

    /** The node called {@code n1}, {@code n2}, ... */
    public LabNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + " in this lab"));
    }

    /** The names of the nodes whose interface carries the VIP right now, in name order. */
    public SortedSet<String> vipHolders() {
        SortedSet<String> holders = new TreeSet<>();
        for (LabNode node : nodes) {
            if (node.holdsVip()) {
                holders.add(node.name());
            }
        }
        return holders;
    }

    /**
     * Drops VRRP (IP protocol 112) between two nodes, both directions, inside their namespaces
     * with nftables; everything else (ARP, ICMP, TCP) still passes.
     */
    public void blockVrrp(LabNode a, LabNode b) {
        dropVrrp(a, b.address());
        dropVrrp(b, a.address());
        LOG.info("VRRP blocked between {} and {}", a.name(), b.name());
    }

    /** Removes every VRRP block this lab added. */
    public void healVrrp() {
        for (LabNode node : nodes) {
            Commands.run(List.of("ip", "netns", "exec", node.namespace(), Preflight.which("nft"), "delete", "table", "inet", NFT_TABLE));
        }
        LOG.info("VRRP blocks removed");
    }

    private void dropVrrp(LabNode node, String peer) {
        String rules = """
                add table inet %1$s
                add chain inet %1$s input { type filter hook input priority 0; policy accept; }
                add chain inet %1$s output { type filter hook output priority 0; policy accept; }
                add rule inet %1$s input ip saddr %2$s ip protocol vrrp drop
                add rule inet %1$s output ip daddr %2$s ip protocol vrrp drop
                """.formatted(NFT_TABLE, peer);
        Commands.run(List.of("ip", "netns", "exec", node.namespace(), Preflight.which("nft"), "-f", "-"), rules,
                Commands.DEFAULT_TIMEOUT).orThrow();
    }

    private void buildNetwork() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        String bridgeNs = prefix + "-br";
        String bridge = prefix + "b";
        addNamespace(bridgeNs);
        Commands.runChecked("ip", "-n", bridgeNs, "link", "add", bridge, "type", "bridge");
        Commands.runChecked("ip", "-n", bridgeNs, "link", "set", bridge, "up");
        for (LabNode node : nodes) {
            addNamespace(node.namespace());
            String port = node.name();
            // Both ends are created inside our own namespaces: the host's namespace never sees them.
            Commands.runChecked("ip", "-n", bridgeNs, "link", "add", port, "type", "veth",
                    "peer", "name", KeepalivedConf.INTERFACE, "netns", node.namespace());
            Commands.runChecked("ip", "-n", bridgeNs, "link", "set", port, "master", bridge);
            Commands.runChecked("ip", "-n", bridgeNs, "link", "set", port, "up");
            Commands.runChecked("ip", "-n", node.namespace(), "link", "set", "lo", "up");
            Commands.runChecked("ip", "-n", node.namespace(), "addr", "add",
                    node.address() + "/" + LabSpec.PREFIX_LENGTH, "dev", KeepalivedConf.INTERFACE);
            Commands.runChecked("ip", "-n", node.namespace(), "link", "set", KeepalivedConf.INTERFACE, "up");
        }
        LOG.info("lab {}: {} nodes on bridge {} in namespace {}", prefix, nodes.size(), bridge, bridgeNs);
    }

    private void addNamespace(String name) {
        Commands.runChecked("ip", "netns", "add", name);
        namespaces.add(name);
    }

    /** Stops every keepalived, deletes the namespaces (with the veths and the bridge) and the files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        nodes.forEach(LabNode::signalStop);
        for (LabNode node : nodes) {
            try {
                node.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("{}: {}", node.name(), e.getMessage());
            }
        }
        List<String> reversed = new ArrayList<>(namespaces);
        Collections.reverse(reversed);
        for (String ns : reversed) {
            removeNamespace(ns);
        }
        deleteTree(dir);
        deleteIfEmpty(baseDirectory());
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // close() is running from the hook itself
        }
        LOG.info("lab {} removed", prefix);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("lab {} cleanup: {}", prefix, e.getMessage());
        }
    }

    /**
     * Removes what crashed lab runs left behind: namespaces, the processes in them, keepalived
     * processes started from a lab directory, and lab directories, for every prefix whose owner
     * pid is no longer alive. Labs of live processes are left alone.
     *
     * @return what was removed, for the log
     */
    public static List<String> cleanupStale() {
        List<String> removed = new ArrayList<>();
        Commands.Result list = Commands.run(List.of("ip", "netns", "list"));
        if (list.ok()) {
            for (String line : list.stdout().split("\n")) {
                String ns = line.split("\\s+")[0];
                Matcher m = OWNED.matcher(ns);
                if (!ns.isEmpty() && m.matches() && isStale(m.group(2))) {
                    removeNamespace(ns);
                    removed.add("namespace " + ns);
                }
            }
        }
        Path base = baseDirectory();
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            String cmd = process.info().commandLine().orElse("");
            if (cmd.contains("keepalived") && cmd.contains(base.toString())) {
                Matcher m = Pattern.compile(Pattern.quote(base.toString()) + "/(vwl(\\d+)x\\d+)/").matcher(cmd);
                if (m.find() && isStale(m.group(2))) {
                    process.destroyForcibly();
                    removed.add("keepalived pid " + process.pid());
                }
            }
        }
        if (Files.isDirectory(base)) {
            try (Stream<Path> dirs = Files.list(base)) {
                for (Path d : dirs.toList()) {
                    Matcher m = OWNED.matcher(d.getFileName().toString());
                    if (m.matches() && isStale(m.group(2))) {
                        deleteTree(d);
                        removed.add("directory " + d);
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot list {}: {}", base, e.getMessage());
            }
        }
        deleteIfEmpty(base);
        if (!removed.isEmpty()) {
            LOG.info("removed leftovers of crashed lab runs: {}", removed);
        }
        return removed;
    }

    private static boolean isStale(String ownerPid) {
        long pid = Long.parseLong(ownerPid);
        return pid != ProcessHandle.current().pid() && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Kills whatever still runs inside the namespace (only ever our processes), then deletes it. */
    private static void removeNamespace(String ns) {
        Commands.Result pids = Commands.run(List.of("ip", "netns", "pids", ns));
        if (pids.ok()) {
            for (String pid : pids.stdout().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        Commands.Result result = Commands.run(List.of("ip", "netns", "delete", ns));
        if (!result.ok()) {
            LOG.warn("cannot delete namespace {}: {}", ns, result.stderr().strip());
        }
    }

    static void deleteIfEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException notEmpty) {
            // another lab of this or another process still uses it
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", root, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Lab[" + prefix + ", " + nodes + "]";
    }
}
