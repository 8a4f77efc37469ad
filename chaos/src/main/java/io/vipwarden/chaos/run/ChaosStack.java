package io.vipwarden.chaos.run;

import io.vipwarden.chaos.record.CloudRecorder;
import io.vipwarden.chaos.schedule.Fleet;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running system a chaos run can hit and watch: the sandbox stack (or the namespace lab). The run
 * applies faults through {@link #faults()} and records through the probes.
 */
public interface ChaosStack extends AutoCloseable {
    /** What the schedule can aim at. */
    Fleet fleet();

    /** HaVip id to (node id to the cloud instance id the node is known by). */
    Map<String, Map<String, String>> members();

    FaultTarget faults();

    /** The emulator's call log and state. */
    CloudRecorder.CloudProbe cloud();

    /** HaVip id to (node id to its keepalived's VRRP state now; STOP when it is not running). */
    Map<String, Map<String, VrrpState>> vrrpStates();

    String bootstrapServers();

    TopicNames topics();

    /** The ids of every audit event the gateway returns, when the stack has a gateway. */
    Optional<AuditSource> gateway();

    /** Reads the whole audit trail from the gateway. */
    @FunctionalInterface
    interface AuditSource {
        List<String> auditIds() throws IOException;
    }

    @Override
    void close();

    /** Starts a stack for one run. */
    @FunctionalInterface
    interface Factory {
        ChaosStack start(long seed) throws Exception;
    }
}
