package io.vipwarden.lab;

import org.junit.jupiter.api.Assumptions;

/**
 * The lab tests skip only when the machine cannot run the lab at all: not root, or no keepalived.
 * The marker line lets CI (and a human) see a skip at once; .ci/run fails when the lab tests skipped.
 */
public final class LabAssumptions {
    private LabAssumptions() {
    }

    public static void assumeLabCanRun() {
        String reason = null;
        if (!Preflight.isRoot()) {
            reason = "not root";
        } else if (!Preflight.hasKeepalived()) {
            reason = "keepalived is not installed";
        }
        if (reason != null) {
            System.out.println("LAB-SKIPPED: " + reason);
        }
        Assumptions.assumeTrue(reason == null, () -> "LAB-SKIPPED: " + (Preflight.isRoot() ? "keepalived is not installed" : "not root"));
    }
}
