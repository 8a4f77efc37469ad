package io.vipwarden.bench.process;

/**
 * A JVM that does nothing: started with a service's JVM options, its footprint is the floor that
 * the service's own code and threads add to.
 */
public final class IdleMain {
    private IdleMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
