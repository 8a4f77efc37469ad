package io.vipwarden.chaos.sandbox;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops every thread of one in-process component (a thread group) and lets them go on later where
 * they were: a stop-the-world pause as a long GC makes it, seen from outside. Nothing of the
 * component runs meanwhile, its sockets stay open and unread, its timers fire late, all at once.
 *
 * <p>{@code Thread.suspend} is what does it; its known danger is a thread suspended while it holds a
 * lock other components need (a log appender, a class loader), which would stop them too. So each
 * thread is checked right after it is suspended, and if it holds any lock other than its own
 * component's or its selector's, it is resumed and tried again a moment later, until every thread
 * is stopped outside any shared lock. Threads the JVM shares between components (a JDK or HTTP
 * library singleton that happened to be started from the component's thread) are left running.
 */
@SuppressWarnings("removal")
public final class ThreadPauser {
    private static final Logger log = LoggerFactory.getLogger(ThreadPauser.class);
    /** Locks of these classes belong to the paused component itself (or its own selectors). */
    private static final List<String> OWN_LOCKS = List.of("sun.nio.ch.", "com.hazelcast.", "io.vipwarden.coordinator.",
            "org.apache.kafka.clients.", "org.apache.kafka.common.network.");
    /** Threads the JVM shares between components, whatever group they were started in. */
    private static final List<String> SHARED_THREADS = List.of("Okio Watchdog", "OkHttp ConnectionPool",
            "Keep-Alive-Timer", "process reaper", "Common-Cleaner", "ForkJoinPool.commonPool", "Attach Listener");

    private final ThreadGroup group;
    private final Set<Thread> suspended = new LinkedHashSet<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private volatile boolean pausing;

    public ThreadPauser(ThreadGroup group) {
        this.group = group;
    }

    /**
     * Suspends every live thread of the group (and threads it starts while being paused).
     *
     * @return how many threads were stopped
     */
    public int pause() {
        synchronized (this) {
            pausing = true;
            round();
            List<Thread> running = running();
            if (!running.isEmpty()) {
                log.info("pause of {}: {} threads hold a shared lock for now, stopping them as they leave it: {}",
                        group.getName(), running.size(), running.stream().map(Thread::getName).toList());
            }
        }
        // A thread blocked holding a lock (a socket read) is stopped as soon as it lets go of it.
        Thread sweeper = new Thread(() -> {
            while (pausing) {
                synchronized (this) {
                    if (pausing) {
                        round();
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "chaos-pauser-" + group.getName());
        sweeper.setDaemon(true);
        sweeper.start();
        synchronized (this) {
            return suspended.size();
        }
    }

    /** Lets every suspended thread go on. */
    public synchronized void resume() {
        pausing = false;
        for (Thread t : suspended) {
            t.resume();
        }
        suspended.clear();
    }

    /**
     * One pass over the threads still running: each is stopped if it holds no shared lock at that
     * moment. Passes repeat (a thread may start another, or hold a lock) until none is left running.
     */
    private void round() {
        for (int pass = 0; pass < 20; pass++) {
            List<Thread> running = running();
            if (running.isEmpty()) {
                return;
            }
            for (Thread t : running) {
                if (t != Thread.currentThread() && suspendOutsideLocks(t)) {
                    suspended.add(t);
                }
            }
        }
    }

    private List<Thread> running() {
        return liveThreads().stream().filter(t -> !suspended.contains(t) && !shared(t)).toList();
    }

    public boolean paused() {
        return pausing;
    }

    private boolean suspendOutsideLocks(Thread t) {
        t.suspend();
        ThreadInfo[] info = threads.getThreadInfo(new long[] {t.getId()}, true, true);
        if (info.length == 1 && info[0] != null && holdsOnlyOwnLocks(info[0])) {
            return true;
        }
        t.resume();   // it ended, or holds a lock others may need: the next pass tries again
        return false;
    }

    private static boolean holdsOnlyOwnLocks(ThreadInfo info) {
        for (MonitorInfo m : info.getLockedMonitors()) {
            if (!own(m)) {
                return false;
            }
        }
        for (LockInfo l : info.getLockedSynchronizers()) {
            if (!own(l)) {
                return false;
            }
        }
        return true;
    }

    private static boolean own(LockInfo lock) {
        String cls = lock.getClassName();
        return OWN_LOCKS.stream().anyMatch(cls::startsWith);
    }

    private static boolean shared(Thread t) {
        String name = t.getName();
        return SHARED_THREADS.stream().anyMatch(name::startsWith);
    }

    private List<Thread> liveThreads() {
        Thread[] all = new Thread[group.activeCount() * 2 + 16];
        int n = group.enumerate(all, true);
        return java.util.Arrays.stream(all, 0, n).filter(Thread::isAlive).toList();
    }
}
