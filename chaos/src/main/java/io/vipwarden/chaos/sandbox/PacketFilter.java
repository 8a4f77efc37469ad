package io.vipwarden.chaos.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops loopback packets with nftables, in a table of its own ({@code vipwarden_chaos_<pid>_<n>}),
 * so network faults are real: the kernel drops the segments, TCP retransmits, connections time out,
 * and when the rule goes the same connections carry on. Each active fault is a set of rules; the
 * whole chain is rewritten in one {@code nft -f} transaction on every change. Needs root and nft;
 * {@link #open()} says when they are missing, and the faults that need it are then not drawn.
 */
public final class PacketFilter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PacketFilter.class);
    private static final String PREFIX = "vipwarden_chaos_";
    private static final java.util.concurrent.atomic.AtomicInteger TABLES = new java.util.concurrent.atomic.AtomicInteger();

    private final String table;
    private final Map<String, List<String>> rules = new LinkedHashMap<>();
    private final Thread cleanup;

    private PacketFilter(String table) {
        this.table = table;
        this.cleanup = new Thread(this::deleteTable, "chaos-packet-filter-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** A filter with an empty table, or an exception saying why there cannot be one. */
    public static PacketFilter open() throws IOException {
        removeLeftovers();
        String table = PREFIX + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        nft("add table inet " + table + "\n"
                + "add chain inet " + table + " output { type filter hook output priority 0; policy accept; }\n");
        return new PacketFilter(table);
    }

    /** Drops every packet between the two sets of loopback addresses, both ways. */
    public synchronized void cutBetween(String id, List<String> side, List<String> others) throws IOException {
        String a = "{ " + String.join(", ", side) + " }";
        String b = "{ " + String.join(", ", others) + " }";
        put(id, List.of("ip saddr " + a + " ip daddr " + b + " drop", "ip saddr " + b + " ip daddr " + a + " drop"));
    }

    /** Drops every TCP packet to or from a loopback port. */
    public synchronized void cutPort(String id, int port) throws IOException {
        put(id, List.of("ip daddr 127.0.0.0/8 tcp dport " + port + " drop",
                "ip saddr 127.0.0.0/8 tcp sport " + port + " drop"));
    }

    /** Removes the rules of one fault. */
    public synchronized void heal(String id) throws IOException {
        if (rules.containsKey(id)) {
            List<String> removed = rules.remove(id);
            try {
                apply();
            } catch (IOException e) {
                rules.put(id, removed);
                throw e;
            }
        }
    }

    private void put(String id, List<String> faultRules) throws IOException {
        rules.put(id, faultRules);
        try {
            apply();
        } catch (IOException e) {
            rules.remove(id);
            throw e;
        }
    }

    private void apply() throws IOException {
        StringBuilder script = new StringBuilder("flush chain inet " + table + " output\n");
        rules.values().forEach(list -> list.forEach(r -> script.append("add rule inet ").append(table)
                .append(" output ").append(r).append('\n')));
        nft(script.toString());
    }

    @Override
    public synchronized void close() {
        rules.clear();
        deleteTable();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    private void deleteTable() {
        try {
            nft("delete table inet " + table + "\n");
        } catch (IOException e) {
            log.debug("nft table {} not deleted: {}", table, e.toString());
        }
    }

    /** Tables of chaos runs whose JVM is gone (killed before it could clean up). */
    private static void removeLeftovers() {
        try {
            Process p = new ProcessBuilder("nft", "list", "tables").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("table inet (" + PREFIX + "(\\d+)_\\d+)").matcher(out);
            List<String> stale = new ArrayList<>();
            while (m.find()) {
                long pid = Long.parseLong(m.group(2));
                if (ProcessHandle.of(pid).isEmpty()) {
                    stale.add(m.group(1));
                }
            }
            for (String t : stale) {
                nft("delete table inet " + t + "\n");
                log.info("removed the nft table {} a dead chaos run left behind", t);
            }
        } catch (IOException e) {
            log.debug("cannot list nft tables: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void nft(String script) throws IOException {
        Process p = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("nft did not finish in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for nft", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("nft failed (exit " + p.exitValue() + "): " + out);
        }
    }
}
