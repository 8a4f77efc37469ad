package io.vipwarden.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads a process's resident memory and CPU time from /proc: what the kernel charges it, not what
 * the process says about itself.
 */
public final class ProcStats {
    private static final long TICKS_PER_SECOND = clockTicks();

    private ProcStats() {
    }

    /** Resident set size in KiB ({@code VmRSS}), or -1 if the process is gone. */
    public static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** User + system CPU time in nanoseconds ({@code utime + stime} of /proc/PID/stat), or -1 if gone. */
    public static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU nanoseconds per thread name (threads of the same name added up), from /proc/PID/task/TID/stat. */
    public static java.util.Map<String, Long> cpuNanosByThread(long pid) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    out.merge(name, ticks * 1_000_000_000L / TICKS_PER_SECOND, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            // the process is gone: nothing to report
        }
        return out;
    }

    /**
     * The threads that used the most CPU between two {@link #cpuNanosByThread} snapshots, as
     * {@code `name` 12.3%} of one core over {@code wallNanos}, busiest first.
     */
    public static String busiestThreads(java.util.Map<String, Long> before, java.util.Map<String, Long> after,
            long wallNanos, int n) {
        java.util.List<java.util.Map.Entry<String, Long>> deltas = new java.util.ArrayList<>();
        after.forEach((name, nanos) -> deltas.add(java.util.Map.entry(name, nanos - before.getOrDefault(name, 0L))));
        deltas.sort(java.util.Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, deltas.size()) && deltas.get(i).getValue() > 0; i++) {
            sb.append(i == 0 ? "" : ", ").append('`').append(deltas.get(i).getKey()).append("` ").append(String.format(
                    java.util.Locale.ROOT, "%.2f%%", 100.0 * deltas.get(i).getValue() / wallNanos));
        }
        return sb.length() == 0 ? "(none measurable)" : sb + " of one core";
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
