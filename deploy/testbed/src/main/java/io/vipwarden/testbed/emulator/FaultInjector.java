package io.vipwarden.testbed.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Applies the current {@link Faults} to API calls; rules with a count are used up as they fire. */
final class FaultInjector {
    private Faults faults = Faults.none();
    private final List<Faults.ErrorRule> rules = new ArrayList<>();
    private final List<Integer> remaining = new ArrayList<>();
    private Random random = new Random();

    synchronized void set(Faults next) {
        faults = next;
        rules.clear();
        remaining.clear();
        for (Faults.ErrorRule rule : next.errors()) {
            rules.add(rule);
            remaining.add(rule.remaining());
        }
        random = next.seed() == null ? new Random() : new Random(next.seed());
    }

    /** The faults as they are now (counted rules show what is left of them). */
    synchronized Faults current() {
        List<Faults.ErrorRule> now = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Faults.ErrorRule r = rules.get(i);
            now.add(new Faults.ErrorRule(r.action(), r.code(), r.httpStatus(), r.rate(), remaining.get(i)));
        }
        return new Faults(faults.latencyMs(), faults.outage(), now, faults.seed());
    }

    synchronized long latencyMs() {
        return faults.latencyMs();
    }

    /** During an outage every API call fails with 503 ServiceUnavailable, before it is even authenticated. */
    synchronized ApiError outageError() {
        return faults.outage()
                ? new ApiError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
                : null;
    }

    /** The injected error for this authenticated call, or null to let it through. */
    synchronized ApiError errorFor(String action) {
        for (int i = 0; i < rules.size(); i++) {
            Faults.ErrorRule rule = rules.get(i);
            Integer left = remaining.get(i);
            boolean matches = rule.action().equals("*") || rule.action().equals(action);
            if (!matches || (left != null && left == 0)) {
                continue;
            }
            if (random.nextDouble() < rule.rate()) {
                if (left != null) {
                    remaining.set(i, left - 1);
                }
                return new ApiError(rule.httpStatus(), rule.code(), "Injected by the emulator: " + rule.code());
            }
        }
        return null;
    }
}
