package io.vipwarden.lab;

/**
 * The vipwarden side of a lab run: the in-process broker, an agent per node (reading the node's
 * {@link LabNode#notifyFifo()} and {@link LabNode#jsonDump()}, writing its
 * {@link LabNode#trackFile()}), three coordinators, the gateway and the cloud emulator. The
 * emulator learns who announced the VIP from {@link Observer} changes ({@link HolderChange#gained()}).
 *
 * <p>Phase 1 of the lab runs keepalived alone ({@link #NONE}); the integrator supplies a real
 * implementation to {@code LabRunner} and scenarios reach it through {@code LabContext.controlPlane()}.
 */
public interface ControlPlane extends AutoCloseable {
    /** keepalived alone: nothing else runs, the lab itself reads the notify FIFOs. */
    ControlPlane NONE = new ControlPlane() {
        @Override
        public void start(Lab lab, Observer observer) {
        }

        @Override
        public boolean readsNotifyFifos() {
            return false;
        }

        @Override
        public String toString() {
            return "keepalived alone";
        }
    };

    /** Starts everything against a lab whose keepalived already run; register observer listeners here. */
    void start(Lab lab, Observer observer) throws Exception;

    /** Whether agents consume the notify FIFOs (then the lab must not tap them: one reader per FIFO). */
    boolean readsNotifyFifos();

    @Override
    default void close() throws Exception {
    }
}
