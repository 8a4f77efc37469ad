package io.vipwarden.chaos.run;

import io.vipwarden.chaos.schedule.Fault;
import io.vipwarden.chaos.schedule.FaultKind;
import java.util.Set;

/**
 * Something faults can be applied to: the sandbox stack, or the parts of it a test has. A fault
 * is begun once and healed once, on one thread, in schedule order.
 */
public interface FaultTarget {
    /** The kinds this target can apply; schedules are drawn from these. */
    Set<FaultKind> supported();

    void begin(Fault fault) throws Exception;

    void heal(Fault fault) throws Exception;
}
