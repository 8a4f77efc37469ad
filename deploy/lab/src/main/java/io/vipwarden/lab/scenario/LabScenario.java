package io.vipwarden.lab.scenario;

import io.vipwarden.lab.LabSpec;
import java.time.Duration;

/**
 * One lab scenario: a lab shape and the steps to run on it. The runner builds the lab, starts the
 * observer (and the control plane, when there is one), calls {@link #run(LabContext)} and tears
 * everything down whatever happens.
 */
public interface LabScenario {
    /** The name used on the command line and in the report, e.g. {@code kill-master}. */
    String name();

    String description();

    LabSpec spec();

    /** How often the observer samples the VIP holders. */
    default Duration observerInterval() {
        return Duration.ofMillis(100);
    }

    /** Whether the scenario is about the control plane itself and cannot run with keepalived alone. */
    default boolean needsControlPlane() {
        return false;
    }

    /** The steps: measure with {@link LabContext#mark}/{@link LabContext#await}, assert with {@link LabContext#check}. */
    void run(LabContext context) throws Exception;
}
