package io.vipwarden.bench.process;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A poor man's profiler for threads of this JVM: samples the stacks of the threads whose name starts
 * with a prefix and counts where they are, so a benchmark that misses its goal can say what its
 * threads were doing. A stack is summarized by its top frame and the nearest vipwarden frame.
 */
public final class StackSampler implements AutoCloseable {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final String prefix;
    private final Map<String, Integer> counts = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int samples;

    private StackSampler(String prefix, long intervalMillis) {
        this.prefix = prefix;
        this.thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-stack-sampler");
        thread.setDaemon(true);
    }

    public static StackSampler start(String threadNamePrefix, long intervalMillis) {
        StackSampler s = new StackSampler(threadNamePrefix, intervalMillis);
        s.thread.start();
        return s;
    }

    private void sample() {
        for (ThreadInfo info : threads.dumpAllThreads(false, false, 40)) {
            if (info == null || !info.getThreadName().startsWith(prefix)) {
                continue;
            }
            StackTraceElement[] stack = info.getStackTrace();
            if (stack.length == 0) {
                continue;
            }
            String top = frame(stack[0]);
            String ours = null;
            for (StackTraceElement e : stack) {
                if (e.getClassName().startsWith("io.vipwarden.")) {
                    ours = frame(e);
                    break;
                }
            }
            String key = (info.getThreadState() == Thread.State.RUNNABLE ? "running " : "waiting ") + top
                    + (ours == null || ours.equals(top) ? "" : " ← " + ours);
            synchronized (counts) {
                counts.merge(key, 1, Integer::sum);
                samples++;
            }
        }
    }

    private static String frame(StackTraceElement e) {
        String cls = e.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + e.getMethodName();
    }

    /** The {@code n} most frequent places, with their share of the samples. */
    public String top(int n) {
        List<Map.Entry<String, Integer>> list;
        int total;
        synchronized (counts) {
            list = new ArrayList<>(counts.entrySet());
            total = samples;
        }
        if (total == 0) {
            return "(no samples)";
        }
        list.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, list.size()); i++) {
            sb.append(i == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%.0f%% ", 100.0 * list.get(i).getValue()
                    / total)).append('`').append(list.get(i).getKey()).append('`');
        }
        return sb + " (" + total + " samples)";
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
