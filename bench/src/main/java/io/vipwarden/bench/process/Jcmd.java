package io.vipwarden.bench.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks a running JVM about itself through {@code jcmd} (from the same JDK as the benchmark). */
public final class Jcmd {
    private static final Pattern HEAP_USED = Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K");

    private Jcmd() {
    }

    /** Runs {@code jcmd PID COMMAND...} and returns its output ("" when jcmd is not available). */
    public static String run(long pid, String... command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String[] cmd = new String[command.length + 2];
        cmd[0] = jcmd.toFile().canExecute() ? jcmd.toString() : "jcmd";
        cmd[1] = Long.toString(pid);
        System.arraycopy(command, 0, cmd, 2, command.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(60, TimeUnit.SECONDS) ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Heap in use after a full GC, in MiB, or -1 when the JVM would not say. */
    public static double liveHeapMiB(long pid) {
        run(pid, "GC.run");
        String info = run(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        long total = 0;
        boolean found = false;
        // G1 prints one "heap" line; Serial and Parallel one line per generation: add them up
        while (m.find()) {
            total += Long.parseLong(m.group(1));
            found = true;
        }
        return found ? total / 1024.0 : -1;
    }
}
