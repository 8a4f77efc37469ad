package io.vipwarden.chaos.sandbox;

import io.vipwarden.chaos.record.CloudRecorder;
import io.vipwarden.chaos.record.GatewayAuditClient;
import io.vipwarden.chaos.run.ChaosStack;
import io.vipwarden.chaos.run.CloudFaults;
import io.vipwarden.chaos.run.FaultTarget;
import io.vipwarden.chaos.schedule.Fault;
import io.vipwarden.chaos.schedule.FaultKind;
import io.vipwarden.chaos.schedule.Fleet;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.sandbox.SandboxStack;
import io.vipwarden.sandbox.sim.SimulatedNode;
import io.vipwarden.testbed.emulator.CallRecord;
import io.vipwarden.testbed.emulator.Faults;
import io.vipwarden.testbed.emulator.VpcState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sandbox stack (broker, emulator, three coordinators, gateway, real agents on simulated
 * keepalived) as a chaos target, built with the stack's fault hooks.
 *
 * <p>How each fault is made: a coordinator pause suspends every thread of the member
 * ({@link ThreadPauser}); a coordinator partition and an agent cut off from Kafka drop packets in
 * the kernel ({@link PacketFilter}: between the members' own loopback addresses, or on the broker
 * listener only that agent uses); clock skew steps the agent's wall clock. Without root or nft the
 * two packet faults are left out of {@link FaultTarget#supported()}, so schedules never draw them.
 */
public final class SandboxChaosStack implements ChaosStack {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SandboxChaosStack.class);

    /** The fault kinds the sandbox stack has hooks for (the packet faults need nft and root). */
    public static final Set<FaultKind> SUPPORTED = Set.copyOf(EnumSet.allOf(FaultKind.class));
    private static final Set<FaultKind> NEED_PACKET_FILTER = Set.copyOf(EnumSet.of(FaultKind.COORDINATOR_PARTITION,
            FaultKind.AGENT_CUT_OFF));

    private final SandboxStack stack;
    private final long seed;
    private final PacketFilter packets;
    private final Map<Fault, ThreadPauser> pauses = new java.util.concurrent.ConcurrentHashMap<>();

    private SandboxChaosStack(SandboxStack stack, long seed) {
        this.stack = stack;
        this.seed = seed;
        PacketFilter filter = null;
        try {
            filter = PacketFilter.open();
        } catch (java.io.IOException e) {
            log.warn("no packet filter ({}): schedules leave out {}", e.getMessage(), NEED_PACKET_FILTER);
        }
        this.packets = filter;
    }

    /**
     * The stack chaos runs use: {@code pairs} HaVip pairs, short timers (hold-down and rejoin 3 s),
     * and a failover budget no schedule exhausts (a frozen HaVip waits for an operator, which a
     * chaos run does not play).
     */
    public static ChaosStack.Factory factory(int pairs) {
        return seed -> new SandboxChaosStack(SandboxStack.start(new SandboxStack.Options(pairs, 0, 3,
                Duration.ofMillis(500), 500, 3_000, 3_000, 1_000, 600_000, Duration.ofMillis(300), null,
                Clock.systemUTC(), true)), seed);
    }

    @Override
    public Fleet fleet() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (SandboxStack.Pair p : stack.pairs()) {
            groups.put(p.havipId(), p.nodes().stream().map(SandboxStack.Node::nodeId).toList());
        }
        return new Fleet(groups, stack.coordinators().stream().map(c -> c.memberId()).toList());
    }

    @Override
    public Map<String, Map<String, String>> members() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (SandboxStack.Pair p : stack.pairs()) {
            Map<String, String> nodes = new LinkedHashMap<>();
            p.nodes().forEach(n -> nodes.put(n.nodeId(), n.instanceId()));
            out.put(p.havipId(), nodes);
        }
        return out;
    }

    /** The stack underneath (tests watch the hooks' effects on it). */
    SandboxStack sandbox() {
        return stack;
    }

    @Override
    public FaultTarget faults() {
        return new Target();
    }

    @Override
    public CloudRecorder.CloudProbe cloud() {
        return new CloudRecorder.CloudProbe() {
            @Override
            public List<CallRecord> calls() {
                return stack.emulator().calls();
            }

            @Override
            public VpcState state() {
                return stack.emulator().state();
            }
        };
    }

    @Override
    public Map<String, Map<String, VrrpState>> vrrpStates() {
        Map<String, Map<String, VrrpState>> out = new LinkedHashMap<>();
        for (SandboxStack.Pair p : stack.pairs()) {
            Map<String, VrrpState> nodes = new LinkedHashMap<>();
            for (SimulatedNode n : p.group().nodes()) {
                nodes.put(n.nodeId(), n.running() ? n.state() : VrrpState.STOP);
            }
            out.put(p.havipId(), nodes);
        }
        return out;
    }

    @Override
    public String bootstrapServers() {
        return stack.kafka().bootstrapServers();
    }

    @Override
    public TopicNames topics() {
        return stack.topics();
    }

    @Override
    public Optional<AuditSource> gateway() {
        return Optional.of(new GatewayAuditClient(stack.gateway().baseUrl(), stack.operatorToken()));
    }

    @Override
    public void close() {
        pauses.values().forEach(ThreadPauser::resume);
        pauses.clear();
        if (packets != null) {
            packets.close();
        }
        stack.close();
    }

    private final class Target implements FaultTarget {
        @Override
        public Set<FaultKind> supported() {
            Set<FaultKind> kinds = EnumSet.copyOf(SUPPORTED);
            if (packets == null) {
                kinds.removeAll(NEED_PACKET_FILTER);
            }
            if (!stack.coordinatorsHaveOwnAddresses()) {
                kinds.remove(FaultKind.COORDINATOR_PARTITION);
            }
            return kinds;
        }

        @Override
        public void begin(Fault f) throws Exception {
            switch (f.kind()) {
                case NODE_CRASH -> pairOf(f.target()).group().kill(f.target());
                case KEEPALIVED_SPLIT_BRAIN -> pair(f.target()).group().blockAdverts(true);
                case AGENT_CRASH -> stack.stopAgent(node(f.target()));
                case BROKER_RESTART -> stack.kafka().stop();
                case COORDINATOR_KILL -> stack.killCoordinator(coordinator(f.target()));
                case CLOUD_LATENCY, CLOUD_ERRORS, CLOUD_OUTAGE -> stack.emulator().setFaults(CloudFaults.of(f, seed));
                case COORDINATOR_PAUSE -> {
                    ThreadPauser pauser = new ThreadPauser(stack.coordinatorThreads(coordinator(f.target())));
                    pauses.put(f, pauser);
                    int stopped = pauser.pause();
                    log.info("{}: {} threads stopped", f.label(), stopped);
                }
                case COORDINATOR_PARTITION -> {
                    int minority = coordinator(f.target());
                    List<String> others = new ArrayList<>();
                    for (int i = 0; i < stack.coordinators().size(); i++) {
                        if (i != minority) {
                            others.add(stack.coordinatorHost(i));
                        }
                    }
                    packetFilter().cutBetween(ruleId(f), List.of(stack.coordinatorHost(minority)), others);
                }
                case AGENT_CUT_OFF -> packetFilter().cutPort(ruleId(f), stack.agentKafkaPort(f.target()));
                case CLOCK_SKEW -> node(f.target()).clock().skew(Duration.ofMillis(f.amount()));
            }
        }

        @Override
        public void heal(Fault f) throws Exception {
            switch (f.kind()) {
                case NODE_CRASH -> pairOf(f.target()).group().start(f.target(), Clock.systemUTC().instant());
                case KEEPALIVED_SPLIT_BRAIN -> pair(f.target()).group().blockAdverts(false);
                case AGENT_CRASH -> stack.startAgent(node(f.target()));
                case BROKER_RESTART -> stack.kafka().start();
                case COORDINATOR_KILL -> stack.restartCoordinator(coordinator(f.target()));
                case CLOUD_LATENCY, CLOUD_ERRORS, CLOUD_OUTAGE -> stack.emulator().setFaults(Faults.none());
                case COORDINATOR_PAUSE -> {
                    ThreadPauser pauser = pauses.remove(f);
                    if (pauser != null) {
                        pauser.resume();
                    }
                }
                case COORDINATOR_PARTITION, AGENT_CUT_OFF -> packetFilter().heal(ruleId(f));
                case CLOCK_SKEW -> node(f.target()).clock().skew(Duration.ZERO);
            }
        }
    }

    private PacketFilter packetFilter() {
        if (packets == null) {
            throw new UnsupportedOperationException("no packet filter (needs root and nft)");
        }
        return packets;
    }

    private static String ruleId(Fault f) {
        return f.label() + "@" + f.start().toMillis();
    }

    private SandboxStack.Pair pair(String havipId) {
        return stack.pairs().stream().filter(p -> p.havipId().equals(havipId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no HaVip " + havipId));
    }

    private SandboxStack.Pair pairOf(String nodeId) {
        return stack.pairs().stream().filter(p -> p.nodes().stream().anyMatch(n -> n.nodeId().equals(nodeId)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no node " + nodeId));
    }

    private SandboxStack.Node node(String nodeId) {
        return pairOf(nodeId).node(nodeId);
    }

    private int coordinator(String memberId) {
        List<String> ids = new ArrayList<>();
        stack.coordinators().forEach(c -> ids.add(c.memberId()));
        int index = ids.indexOf(memberId);
        if (index < 0) {
            throw new IllegalArgumentException("no coordinator " + memberId);
        }
        return index;
    }
}
