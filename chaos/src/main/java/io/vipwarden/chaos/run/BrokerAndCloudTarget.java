package io.vipwarden.chaos.run;

import io.vipwarden.chaos.schedule.Fault;
import io.vipwarden.chaos.schedule.FaultKind;
import io.vipwarden.testbed.emulator.EmulatorAdminClient;
import io.vipwarden.testbed.emulator.Faults;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.util.EnumSet;
import java.util.Set;

/**
 * The faults of the shared infrastructure: broker stop/start and the cloud's latency, errors and
 * outage (through the emulator's admin API, so it works for an emulator in another process too).
 * Stacks with nodes and coordinators add their own kinds on top of this one.
 */
public final class BrokerAndCloudTarget implements FaultTarget {
    private final EmbeddedKafka broker;
    private final EmulatorAdminClient cloud;
    private final long runSeed;

    /** @param broker null when the broker is not ours to stop */
    public BrokerAndCloudTarget(EmbeddedKafka broker, EmulatorAdminClient cloud, long runSeed) {
        this.broker = broker;
        this.cloud = cloud;
        this.runSeed = runSeed;
    }

    @Override
    public Set<FaultKind> supported() {
        Set<FaultKind> kinds = EnumSet.of(FaultKind.CLOUD_LATENCY, FaultKind.CLOUD_ERRORS, FaultKind.CLOUD_OUTAGE);
        if (broker != null) {
            kinds.add(FaultKind.BROKER_RESTART);
        }
        return kinds;
    }

    @Override
    public void begin(Fault fault) throws Exception {
        switch (fault.kind()) {
            case BROKER_RESTART -> broker.stop();
            case CLOUD_LATENCY, CLOUD_ERRORS, CLOUD_OUTAGE -> cloud.setFaults(CloudFaults.of(fault, runSeed));
            default -> throw new UnsupportedOperationException(fault.kind() + " is not a broker or cloud fault");
        }
    }

    @Override
    public void heal(Fault fault) throws Exception {
        switch (fault.kind()) {
            case BROKER_RESTART -> broker.start();
            case CLOUD_LATENCY, CLOUD_ERRORS, CLOUD_OUTAGE -> cloud.setFaults(Faults.none());
            default -> throw new UnsupportedOperationException(fault.kind() + " is not a broker or cloud fault");
        }
    }
}
