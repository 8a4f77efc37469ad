package io.vipwarden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * When and where a benchmark ran: the machine's size and load, the Java version and the commit, so a
 * figure can be judged later.
 *
 * @param loadBefore the 1-minute load average when the run began
 * @param loadAfter  the 1-minute load average when it ended
 */
public record RunInfo(Instant at, String commit, int cpus, long memoryMiB, String java, String loadBefore,
        String loadAfter, boolean quick, long seconds) {

    /** Describes this machine now; call {@link #finished} when the run is over. */
    public static RunInfo begin(Path root, boolean quick) {
        return new RunInfo(Instant.now().truncatedTo(ChronoUnit.SECONDS), readCommit(root),
                Runtime.getRuntime().availableProcessors(), readMemoryMiB(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"), loadAverage(), "", quick, 0);
    }

    public RunInfo finished() {
        return new RunInfo(at, commit, cpus, memoryMiB, java, loadBefore, loadAverage(), quick,
                Instant.now().getEpochSecond() - at.getEpochSecond());
    }

    /** One line for humans: {@code 2026-11-22T01:30:00Z · commit abc1234 · 2 CPUs, 23.5 GiB · ...}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s · commit %s · %d CPUs, %.1f GiB RAM · %s · load %s → %s · %s, %d s",
                at, commit, cpus, memoryMiB / 1024.0, java, loadBefore, loadAfter.isEmpty() ? "?" : loadAfter,
                quick ? "--quick" : "full size", seconds);
    }

    /** The 1-, 5- and 15-minute load averages, as /proc/loadavg has them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static long readMemoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the JVM's view is better than nothing
        }
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    /** The short commit id, with {@code -dirty} when the work tree has uncommitted changes. */
    static String readCommit(Path root) {
        String id = git(root, "rev-parse", "--short", "HEAD");
        if (id == null) {
            return "unknown";
        }
        // BENCHMARKS.md itself changes with every run: it does not make the measured code dirty
        String status = git(root, "status", "--porcelain", "--untracked-files=no", "--", ".", ":!BENCHMARKS.md");
        return status == null || status.isEmpty() ? id : id + "-dirty";
    }

    private static String git(Path root, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = root.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
