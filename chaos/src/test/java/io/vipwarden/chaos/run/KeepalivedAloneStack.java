package io.vipwarden.chaos.run;

import io.vipwarden.chaos.record.CloudRecorder;
import io.vipwarden.chaos.schedule.Fault;
import io.vipwarden.chaos.schedule.FaultKind;
import io.vipwarden.chaos.schedule.Fleet;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.sandbox.sim.SimulatedNode;
import io.vipwarden.sandbox.sim.SimulatedVrrpGroup;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import io.vipwarden.testbed.emulator.CallRecord;
import io.vipwarden.testbed.emulator.EmulatorAdminClient;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import io.vipwarden.testbed.emulator.VpcState;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * keepalived with no control plane: one simulated pair announcing to the emulator, a broker of its
 * own and nothing else. The baseline the checker must judge correctly: nothing is fenced, nothing
 * acts on a stale epoch, and no owner is ever granted (so it never "converges").
 */
final class KeepalivedAloneStack implements ChaosStack {
    static final String HAVIP = "havip-alone1";

    private final EmbeddedKafka broker;
    private final AliyunVpcEmulator emulator;
    private final TopicNames topics;
    private final SimulatedVrrpGroup group;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alone-keepalived");
        t.setDaemon(true);
        return t;
    });
    private final BrokerAndCloudTarget infra;

    KeepalivedAloneStack(Path dir, long seed) throws Exception {
        broker = EmbeddedKafka.create().start();
        topics = broker.freshTopics("alone", 1);
        VpcState base = VpcState.defaultTopology();
        new VpcState(base.regionId(), base.vpcs(), base.vSwitches(), base.instances(), List.of(
                new VpcState.SavedHaVip(HAVIP, "vsw-sandbox", "192.0.2.60", null, null, "2026-01-01T00:00:00Z",
                        List.of("i-sandbox-1", "i-sandbox-2"), null))).save(dir.resolve("vpc.json"));
        emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults().withStateFile(dir.resolve("vpc.json")));
        group = new SimulatedVrrpGroup("VI_1", "192.0.2.60", 51, Duration.ofMillis(200), List.of(
                new SimulatedNode("node-a", "i-sandbox-1", "192.0.2.11", 100, null, null, null),
                new SimulatedNode("node-b", "i-sandbox-2", "192.0.2.12", 90, null, null, null)),
                new SimulatedVrrpGroup.VrrpListener() {
                    @Override
                    public void notifyLine(SimulatedNode node, String line) {
                    }

                    @Override
                    public void announced(SimulatedNode node, String vip) {
                        emulator.announce(vip, node.cloudInstanceId());
                    }
                });
        ticker.scheduleAtFixedRate(() -> group.tick(Clock.systemUTC().instant()), 0, 20, TimeUnit.MILLISECONDS);
        infra = new BrokerAndCloudTarget(broker, new EmulatorAdminClient(emulator.baseUrl()), seed);
    }

    @Override
    public Fleet fleet() {
        return new Fleet(Map.of(HAVIP, List.of("node-a", "node-b")), List.of());
    }

    @Override
    public Map<String, Map<String, String>> members() {
        return Map.of(HAVIP, Map.of("node-a", "i-sandbox-1", "node-b", "i-sandbox-2"));
    }

    @Override
    public FaultTarget faults() {
        return new FaultTarget() {
            @Override
            public Set<FaultKind> supported() {
                Set<FaultKind> kinds = EnumSet.of(FaultKind.NODE_CRASH, FaultKind.KEEPALIVED_SPLIT_BRAIN);
                kinds.addAll(infra.supported());
                return kinds;
            }

            @Override
            public void begin(Fault f) throws Exception {
                switch (f.kind()) {
                    case NODE_CRASH -> group.kill(f.target());
                    case KEEPALIVED_SPLIT_BRAIN -> group.blockAdverts(true);
                    default -> infra.begin(f);
                }
            }

            @Override
            public void heal(Fault f) throws Exception {
                switch (f.kind()) {
                    case NODE_CRASH -> group.start(f.target(), Clock.systemUTC().instant());
                    case KEEPALIVED_SPLIT_BRAIN -> group.blockAdverts(false);
                    default -> infra.heal(f);
                }
            }
        };
    }

    @Override
    public CloudRecorder.CloudProbe cloud() {
        return new CloudRecorder.CloudProbe() {
            @Override
            public List<CallRecord> calls() {
                return emulator.calls();
            }

            @Override
            public VpcState state() {
                return emulator.state();
            }
        };
    }

    @Override
    public Map<String, Map<String, VrrpState>> vrrpStates() {
        Map<String, VrrpState> nodes = new LinkedHashMap<>();
        for (SimulatedNode n : group.nodes()) {
            nodes.put(n.nodeId(), n.running() ? n.state() : VrrpState.STOP);
        }
        return Map.of(HAVIP, nodes);
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public TopicNames topics() {
        return topics;
    }

    @Override
    public Optional<AuditSource> gateway() {
        return Optional.empty();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        emulator.close();
        broker.close();
    }
}
