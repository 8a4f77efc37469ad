package io.vipwarden.bench.agent;

import io.vipwarden.bench.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real keepalived (the Debian package) with a minimal unicast VRRP instance, in a network namespace
 * made for it and removed afterwards: the baseline of what a node already runs. Addresses come from
 * 192.0.2.0/24 only and never leave the namespace (a veth pair whose both ends live inside it).
 */
final class KeepalivedInNamespace implements AutoCloseable {
    private final String namespace;
    private final Path dir;
    private final ChildProcess keepalived;

    private KeepalivedInNamespace(String namespace, Path dir, ChildProcess keepalived) {
        this.namespace = namespace;
        this.dir = dir;
        this.keepalived = keepalived;
    }

    /** The keepalived.conf of the baseline; the agent of the benchmark is given the same file. */
    static String config(Path dir) {
        return String.join("\n",
                "! vipwarden bench: a one-instance node as the cloud guides configure it",
                "global_defs {",
                "    router_id vwbench",
                "    script_user root",
                "}",
                "track_file vipwarden_fence {",
                "    file \"" + dir.resolve("fence-VI_1") + "\"",
                "    weight 0",
                "}",
                "vrrp_instance VI_1 {",
                "    state BACKUP",
                "    interface vw0",
                "    virtual_router_id 51",
                "    nopreempt",
                "    priority 100",
                "    advert_int 1",
                "    garp_master_delay 1",
                "    garp_master_refresh 5",
                "    unicast_src_ip 192.0.2.11",
                "    unicast_peer {",
                "        192.0.2.12",
                "    }",
                "    virtual_ipaddress {",
                "        192.0.2.100/24 dev vw0",
                "    }",
                "    track_file {",
                "        vipwarden_fence",
                "    }",
                "}",
                "");
    }

    /** Whether this machine can run the baseline: keepalived installed and we are root (namespaces). */
    static String unavailableReason() {
        if (!Files.isExecutable(Path.of("/usr/sbin/keepalived")) && !Files.isExecutable(Path.of("/sbin/keepalived"))) {
            return "keepalived is not installed";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root";
        }
        return null;
    }

    static KeepalivedInNamespace start(Path dir) throws IOException, InterruptedException {
        String ns = "vwbench-" + ProcessHandle.current().pid();
        run("ip", "netns", "add", ns);
        try {
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            run("ip", "netns", "exec", ns, "ip", "link", "add", "vw0", "type", "veth", "peer", "name", "vw1");
            run("ip", "netns", "exec", ns, "ip", "addr", "add", "192.0.2.11/24", "dev", "vw0");
            run("ip", "netns", "exec", ns, "ip", "link", "set", "vw0", "up");
            run("ip", "netns", "exec", ns, "ip", "link", "set", "vw1", "up");
            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, config(dir));
            Files.writeString(dir.resolve("fence-VI_1"), "0\n");
            ChildProcess keepalived = ChildProcess.start("keepalived", List.of("ip", "netns", "exec", ns,
                    "keepalived", "--dont-fork", "--log-console", "--no-syslog", "--vrrp",
                    "--use-file", conf.toString(),
                    "--pid", dir.resolve("keepalived.pid").toString(),
                    "--vrrp_pid", dir.resolve("keepalived-vrrp.pid").toString()),
                    Map.of(), dir.resolve("keepalived.log"));
            return new KeepalivedInNamespace(ns, dir, keepalived);
        } catch (IOException | RuntimeException e) {
            run("ip", "netns", "del", ns);
            throw e;
        }
    }

    /** keepalived's own processes (the parent and its VRRP child), found by their pid files. */
    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (String f : List.of("keepalived.pid", "keepalived-vrrp.pid")) {
            try {
                pids.add(Long.parseLong(Files.readString(dir.resolve(f)).trim()));
            } catch (IOException | NumberFormatException e) {
                // not written yet
            }
        }
        return pids;
    }

    /** Waits until both pid files are there (keepalived has forked its VRRP child). */
    List<Long> awaitStarted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            keepalived.requireAlive();
            List<Long> pids = pids();
            if (pids.size() == 2) {
                return pids;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("keepalived did not start in " + timeout + ": " + keepalived.tail(30));
    }

    /** Everything keepalived has printed so far. */
    String log() {
        try {
            return Files.readString(dir.resolve("keepalived.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        keepalived.stop(Duration.ofSeconds(10));
        for (Long pid : pids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        try {
            run("ip", "netns", "del", namespace);
        } catch (IOException e) {
            // reported by run(); nothing more to do
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
        }
    }
}
