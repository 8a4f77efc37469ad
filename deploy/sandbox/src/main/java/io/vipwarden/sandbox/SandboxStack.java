package io.vipwarden.sandbox;

import io.vipwarden.agent.Agent;
import io.vipwarden.agent.config.AgentConfig;
import io.vipwarden.agent.config.ConfigLoader;
import io.vipwarden.coordinator.config.CoordinatorConfig;
import io.vipwarden.coordinator.runtime.Coordinator;
import io.vipwarden.events.TopicNames;
import io.vipwarden.gateway.Gateway;
import io.vipwarden.gateway.auth.Role;
import io.vipwarden.gateway.auth.TokenAuthenticator;
import io.vipwarden.gateway.auth.TokenGrant;
import io.vipwarden.gateway.config.GatewayConfig;
import io.vipwarden.sandbox.sim.SimulatedKeepalived;
import io.vipwarden.sandbox.sim.SimulatedNode;
import io.vipwarden.sandbox.sim.SimulatedVrrpGroup;
import io.vipwarden.testbed.FreePorts;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import io.vipwarden.testbed.emulator.VpcState;
import io.vipwarden.testbed.SkewableClock;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine, from real parts: an in-process Kafka broker, the Alibaba VPC
 * API emulator, three coordinators (Hazelcast members on 127.0.0.1, the real Alibaba provider
 * against the emulator), the gateway, and per HaVip pair two real agents fed by a simulated
 * keepalived (notify FIFO, JSON dump, fence track file, announcements to the emulator).
 *
 * <p>Used by {@code ./vipwarden sandbox}, the benchmarks and the chaos runs.
 */
public final class SandboxStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxStack.class);

    /**
     * How to build the stack; {@link #defaults()} is what {@code ./vipwarden sandbox} uses.
     *
     * @param faultHooks build the stack so faults can be aimed at single parts (the chaos runs): each
     *                   agent reaches Kafka through a broker listener of its own ({@link #agentKafkaPort}),
     *                   each coordinator's Hazelcast member binds, and connects from, a loopback address
     *                   of its own ({@link #coordinatorHost}), and each agent has its own wall clock
     *                   ({@link Node#clock()})
     */
    public record Options(int pairs, int gatewayPort, int coordinators, Duration advertInterval,
            long heartbeatIntervalMs, long holdDownMs, long rejoinAfterMs, int failoverBudget,
            long failoverBudgetWindowMs, Duration associationDelay, Path workDir, Clock clock, boolean faultHooks) {
        public Options(int pairs, int gatewayPort, int coordinators, Duration advertInterval,
                long heartbeatIntervalMs, long holdDownMs, long rejoinAfterMs, int failoverBudget,
                long failoverBudgetWindowMs, Duration associationDelay, Path workDir, Clock clock) {
            this(pairs, gatewayPort, coordinators, advertInterval, heartbeatIntervalMs, holdDownMs, rejoinAfterMs,
                    failoverBudget, failoverBudgetWindowMs, associationDelay, workDir, clock, false);
        }

        public Options {
            if (faultHooks && coordinators > 9) {
                throw new IllegalArgumentException("fault hooks allow at most 9 coordinators, got " + coordinators);
            }
            if (pairs < 1 || pairs > 500) {
                throw new IllegalArgumentException("pairs must be 1..500, got " + pairs);
            }
            if (coordinators < 1 || coordinators > 7) {
                throw new IllegalArgumentException("coordinators must be 1..7, got " + coordinators);
            }
            Objects.requireNonNull(advertInterval, "advertInterval");
            Objects.requireNonNull(associationDelay, "associationDelay");
            Objects.requireNonNull(clock, "clock");
        }

        public static Options defaults() {
            return new Options(3, 8080, 3, Duration.ofSeconds(1), 1000, 20_000, 15_000, 3, 600_000,
                    Duration.ofMillis(500), null, Clock.systemUTC());
        }

        public Options withPairs(int value) {
            return new Options(value, gatewayPort, coordinators, advertInterval, heartbeatIntervalMs, holdDownMs,
                    rejoinAfterMs, failoverBudget, failoverBudgetWindowMs, associationDelay, workDir, clock, faultHooks);
        }

        public Options withGatewayPort(int value) {
            return new Options(pairs, value, coordinators, advertInterval, heartbeatIntervalMs, holdDownMs,
                    rejoinAfterMs, failoverBudget, failoverBudgetWindowMs, associationDelay, workDir, clock, faultHooks);
        }

        public Options withTimings(long heartbeatMs, long holdDown, long rejoinAfter) {
            return new Options(pairs, gatewayPort, coordinators, advertInterval, heartbeatMs, holdDown, rejoinAfter,
                    failoverBudget, failoverBudgetWindowMs, associationDelay, workDir, clock, faultHooks);
        }

        public Options withWorkDir(Path value) {
            return new Options(pairs, gatewayPort, coordinators, advertInterval, heartbeatIntervalMs, holdDownMs,
                    rejoinAfterMs, failoverBudget, failoverBudgetWindowMs, associationDelay, value, clock, faultHooks);
        }

        public Options withFaultHooks(boolean value) {
            return new Options(pairs, gatewayPort, coordinators, advertInterval, heartbeatIntervalMs, holdDownMs,
                    rejoinAfterMs, failoverBudget, failoverBudgetWindowMs, associationDelay, workDir, clock, value);
        }
    }

    /** One simulated server: its keepalived (in the group), its files, and its real agent. */
    public static final class Node {
        private final SimulatedNode sim;
        private final AgentConfig agentConfig;
        private final SkewableClock clock;
        private volatile Agent agent;

        Node(SimulatedNode sim, AgentConfig agentConfig, SkewableClock clock) {
            this.sim = sim;
            this.agentConfig = agentConfig;
            this.clock = clock;
        }

        /** The node's wall clock, as its agent reads it (the stack's clock unless skewed). */
        public SkewableClock clock() {
            return clock;
        }

        public String nodeId() {
            return sim.nodeId();
        }

        public String instanceId() {
            return sim.cloudInstanceId();
        }

        public SimulatedNode sim() {
            return sim;
        }

        public Agent agent() {
            return agent;
        }

        public AgentConfig agentConfig() {
            return agentConfig;
        }
    }

    /** One HaVip: its keepalived group and its nodes. */
    public record Pair(String havipId, String vip, SimulatedVrrpGroup group, List<Node> nodes) {
        public Node node(String nodeId) {
            return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId + " in " + havipId));
        }
    }

    private final Options options;
    private final Path workDir;
    private final boolean deleteWorkDir;
    private final TopicNames topics = TopicNames.defaults();
    private final String operatorToken;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Coordinator> coordinators = new ArrayList<>();
    private final List<CoordinatorConfig> coordinatorConfigs = new ArrayList<>();
    private final List<ThreadGroup> coordinatorThreads = new ArrayList<>();
    private volatile boolean ownAddresses;
    private final java.util.concurrent.atomic.AtomicInteger coordinatorStarts = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Pair> pairs = new ArrayList<>();
    private EmbeddedKafka kafka;
    private AliyunVpcEmulator emulator;
    private Gateway gateway;
    private SimulatedKeepalived keepalived;

    private SandboxStack(Options options) throws IOException {
        this.options = options;
        this.deleteWorkDir = options.workDir() == null;
        this.workDir = deleteWorkDir ? Files.createTempDirectory("vipwarden-sandbox-") : options.workDir();
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.operatorToken = "vw-dev-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    public static SandboxStack start(Options options) throws Exception {
        SandboxStack stack = new SandboxStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        kafka = options.faultHooks() ? EmbeddedKafka.create(Map.of(), agentListeners()) : EmbeddedKafka.create();
        closeables.add(kafka);
        kafka.start();
        kafka.createTopics(topics, 3);

        emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withStateFile(writeEmulatorState()).withAssociationDelay(options.associationDelay())
                .withMaxAssociatedInstances(2));
        closeables.add(emulator);

        ownAddresses = options.faultHooks() && addLoopbackAddresses();
        List<Integer> hzPorts = FreePorts.onLoopback(options.coordinators());
        for (int i = 0; i < options.coordinators(); i++) {
            coordinatorConfigs.add(coordinatorConfig(i, hzPorts));
            coordinatorThreads.add(null);
        }
        // Members start in parallel: each waits for the others to form the cluster.
        List<Thread> starters = new ArrayList<>();
        Coordinator[] started = new Coordinator[options.coordinators()];
        Exception[] failure = new Exception[1];
        for (int i = 0; i < options.coordinators(); i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    started[index] = startCoordinator(index);
                } catch (Exception e) {
                    failure[0] = e;
                }
            }, "sandbox-start-coordinator-" + (i + 1));
            t.start();
            starters.add(t);
        }
        for (Thread t : starters) {
            t.join();
        }
        for (Coordinator c : started) {
            if (c != null) {
                coordinators.add(c);
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }

        gateway = Gateway.start(GatewayConfig.builder()
                .httpHost("127.0.0.1")
                .httpPort(options.gatewayPort())
                .kafkaBootstrapServers(kafka.bootstrapServers())
                .topics(topics)
                .auditDir(workDir.resolve("gateway-audit"))
                .auditFsync(false)
                .authReadOpen(true)
                .tokens(List.of(TokenGrant.of("sandbox-operator", Role.OPERATOR,
                        TokenAuthenticator.sha256Hex(operatorToken))))
                .build(), options.clock());
        closeables.add(gateway);

        keepalived = new SimulatedKeepalived(options.clock(), (node, vip) -> emulator.announce(vip, node.cloudInstanceId()));
        closeables.add(keepalived);
        java.util.concurrent.ScheduledExecutorService reannouncer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "sandbox-reannounce");
                    t.setDaemon(true);
                    return t;
                });
        reannouncer.scheduleWithFixedDelay(this::serviceReannounces, 200, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
        closeables.add(reannouncer::shutdownNow);
        for (int p = 1; p <= options.pairs(); p++) {
            Pair pair = buildPair(p);
            pairs.add(pair);
            keepalived.add(pair.group());
            for (Node node : pair.nodes()) {
                startAgent(node);
            }
        }
        log.info("sandbox stack up: {} pairs, {} coordinators, gateway {}", pairs.size(), coordinators.size(),
                gateway.baseUrl());
    }

    private Path writeEmulatorState() throws IOException {
        List<VpcState.Instance> instances = new ArrayList<>();
        List<VpcState.SavedHaVip> havips = new ArrayList<>();
        for (int p = 1; p <= options.pairs(); p++) {
            instances.add(new VpcState.Instance(instanceId(p, 1), "vsw-sandbox"));
            instances.add(new VpcState.Instance(instanceId(p, 2), "vsw-sandbox"));
            // An operator creates the HaVip and associates both servers once; vipwarden takes it from there.
            havips.add(new VpcState.SavedHaVip(havipId(p), "vsw-sandbox", vip(p), "sandbox-" + p,
                    "vipwarden sandbox pair " + p, null, List.of(instanceId(p, 1), instanceId(p, 2)), null));
        }
        VpcState state = new VpcState("cn-hangzhou", List.of(new VpcState.Vpc("vpc-sandbox", "192.0.2.0/16")),
                List.of(new VpcState.VSwitch("vsw-sandbox", "vpc-sandbox", vswitchCidr())), instances, havips);
        Path file = workDir.resolve("emulator-state.json");
        state.save(file);
        return file;
    }

    private CoordinatorConfig coordinatorConfig(int index, List<Integer> hzPorts) throws Exception {
        Map<String, Object> c = LocalCoordinators.settings(index, hzPorts, "vipwarden-sandbox",
                kafka.bootstrapServers(), topics, emulator.endpoint());
        if (ownAddresses) {
            // A loopback address per member, and connections made from it, so that packet filters can
            // tell the members' traffic apart (a partition drops what flows between two addresses).
            List<String> members = new ArrayList<>();
            for (int i = 0; i < hzPorts.size(); i++) {
                members.add(coordinatorHost(i) + ":" + hzPorts.get(i));
            }
            c.put("cluster.host", coordinatorHost(index));
            c.put("cluster.members", members);
            c.put("hazelcast.socket.client.bind.any", "false");
        }
        c.put("heartbeat.interval.ms", options.heartbeatIntervalMs());
        c.put("holddown.ms", options.holdDownMs());
        c.put("rejoin.after.ms", options.rejoinAfterMs());
        c.put("failover.budget.count", options.failoverBudget());
        c.put("failover.budget.window.ms", options.failoverBudgetWindowMs());
        c.put("reconcile.interval.ms", 3000);
        return CoordinatorConfig.fromMap(c);
    }

    /**
     * Starts member {@code index} from a thread of a new thread group, so every thread the member
     * makes (Hazelcast's, its Kafka clients', its timers) belongs to that group: see
     * {@link #coordinatorThreads(int)}.
     */
    private Coordinator startCoordinator(int index) throws Exception {
        ThreadGroup group = new ThreadGroup("coordinator-" + (index + 1) + "-start-" + coordinatorStarts.incrementAndGet());
        Coordinator[] started = new Coordinator[1];
        Exception[] failure = new Exception[1];
        Thread starter = new Thread(group, () -> {
            try {
                started[0] = LocalCoordinators.start(coordinatorConfigs.get(index), options.clock());
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "sandbox-coordinator-" + (index + 1) + "-starter");
        starter.start();
        starter.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        synchronized (coordinatorThreads) {
            coordinatorThreads.set(index, group);
        }
        return started[0];
    }

    /** The thread group holding every thread of coordinator {@code index}'s current incarnation. */
    public ThreadGroup coordinatorThreads(int index) {
        synchronized (coordinatorThreads) {
            return coordinatorThreads.get(index);
        }
    }

    /** The loopback address coordinator {@code index}'s Hazelcast member binds (127.0.0.1 without own addresses). */
    public String coordinatorHost(int index) {
        return ownAddresses ? "127.0.0." + (11 + index) : "127.0.0.1";
    }

    /** The broker port the agent of {@code nodeId} talks to (only with fault hooks). */
    public int agentKafkaPort(String nodeId) {
        if (!options.faultHooks()) {
            throw new IllegalStateException("agents share the broker's listener without fault hooks");
        }
        return kafka.listenerPort(listenerOf(nodeId));
    }

    /**
     * Hazelcast binds only to addresses an interface has, so the members' own loopback addresses are
     * added to lo ({@code ip addr replace 127.0.0.1x/32 dev lo}, root). They are left in place: they
     * route nowhere but here, and another stack on the machine may be using them.
     *
     * @return false (and the members share 127.0.0.1) when they cannot be added
     */
    private boolean addLoopbackAddresses() throws InterruptedException {
        for (int i = 0; i < options.coordinators(); i++) {
            String address = "127.0.0." + (11 + i);
            try {
                Process p = new ProcessBuilder("ip", "addr", "replace", address + "/32", "dev", "lo")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                    log.warn("cannot add {} to lo ({}): the coordinators share 127.0.0.1 and cannot be partitioned",
                            address, out);
                    return false;
                }
            } catch (IOException e) {
                log.warn("cannot run ip ({}): the coordinators share 127.0.0.1 and cannot be partitioned", e.toString());
                return false;
            }
        }
        return true;
    }

    /** Whether each coordinator has a loopback address of its own (fault hooks, as root). */
    public boolean coordinatorsHaveOwnAddresses() {
        return ownAddresses;
    }

    private List<String> agentListeners() {
        List<String> names = new ArrayList<>();
        for (int p = 1; p <= options.pairs(); p++) {
            names.add(listenerOf(nodeId(p, 1)));
            names.add(listenerOf(nodeId(p, 2)));
        }
        return names;
    }

    private static String listenerOf(String nodeId) {
        return nodeId.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private Pair buildPair(int p) throws Exception {
        String havipId = havipId(p);
        String vip = vip(p);
        List<SimulatedNode> sims = new ArrayList<>();
        List<AgentConfig> configs = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            String nodeId = nodeId(p, n);
            Path dir = workDir.resolve("nodes").resolve(nodeId);
            Files.createDirectories(dir.resolve("fence"));
            String address = address(p, n);
            String peer = address(p, 3 - n);
            SimulatedNode sim = new SimulatedNode(nodeId, instanceId(p, n), address, n == 1 ? 100 : 90,
                    dir.resolve("notify.fifo"), dir.resolve("keepalived.json"), dir.resolve("fence").resolve("VI_" + p),
                    dir.resolve("keepalived.pid"));
            sims.add(sim);
            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, keepalivedConf(p, n, address, peer, sim), StandardCharsets.UTF_8);
            configs.add(agentConfig(p, sim, dir, conf, peer));
        }
        SimulatedVrrpGroup group = new SimulatedVrrpGroup("VI_" + p, vip, 50 + p, options.advertInterval(), sims,
                keepalived.listener());
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < sims.size(); i++) {
            nodes.add(new Node(sims.get(i), configs.get(i), new SkewableClock(options.clock())));
        }
        return new Pair(havipId, vip, group, nodes);
    }

    /** keepalived.conf the way the cloud vendors' HaVip guides write it, wired to vipwarden. */
    private String keepalivedConf(int p, int n, String address, String peer, SimulatedNode sim) {
        return """
                ! vipwarden sandbox: node %s of HaVip %s
                global_defs {
                    router_id %s
                    vrrp_notify_fifo %s
                    vrrp_garp_master_refresh 60
                }
                vrrp_track_file vipwarden_fence {
                    file %s
                }
                vrrp_instance VI_%d {
                    state BACKUP
                    nopreempt
                    interface eth0
                    virtual_router_id %d
                    priority %d
                    advert_int 1
                    unicast_src_ip %s
                    unicast_peer {
                        %s
                    }
                    virtual_ipaddress {
                        %s/24 dev eth0
                    }
                    track_file {
                        vipwarden_fence weight 0
                    }
                    garp_master_delay 1
                    garp_master_refresh 60
                }
                """.formatted(sim.nodeId(), havipId(p), sim.nodeId(), sim.fifo(), sim.trackFile(), p, 50 + p,
                n == 1 ? 100 : 90, address, peer, vip(p));
    }

    private AgentConfig agentConfig(int p, SimulatedNode sim, Path dir, Path conf, String peer) throws Exception {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("node.id", sim.nodeId());
        a.put("cloud.instance.id", sim.cloudInstanceId());
        a.put("vpc.id", "vpc-sandbox");
        a.put("topic.prefix", topics.prefix());
        a.put("kafka", Map.of("bootstrap.servers", options.faultHooks()
                ? kafka.bootstrapServers(listenerOf(sim.nodeId())) : kafka.bootstrapServers()));
        a.put("state.dir", dir.resolve("state").toString());
        a.put("keepalived.config.path", conf.toString());
        a.put("keepalived.notify-fifo.path", sim.fifo().toString());
        a.put("keepalived.json-dump.path", sim.jsonDump().toString());
        a.put("keepalived.pid-file.path", sim.pidFile().toString());
        a.put("keepalived.json-signal", 0);
        a.put("keepalived.state-poll.interval.ms", 2000);
        a.put("heartbeat.interval.ms", options.heartbeatIntervalMs());
        a.put("http.bind.address", "127.0.0.1");
        a.put("http.port", 0);
        // The simulated keepalived re-announces when this file appears (a real node runs arping or SIGHUPs keepalived).
        a.put("reannounce.command", "touch " + dir.resolve("reannounce"));
        Map<String, Object> havip = new LinkedHashMap<>();
        havip.put("id", havipId(p));
        havip.put("vrrp.instance", "VI_" + p);
        havip.put("vip", vip(p));
        havip.put("fence.track-file.path", sim.trackFile().toString());
        havip.put("peers", List.of(peer));
        havip.put("vswitch.cidr", vswitchCidr());
        a.put("havips", List.of(havip));
        return ConfigLoader.fromMap(a, System::getenv);
    }

    /** Starts (or restarts) the real agent of a node. */
    public synchronized void startAgent(Node node) throws IOException {
        if (node.agent != null) {
            return;
        }
        node.agent = Agent.start(node.agentConfig(), node.clock());
    }

    /** Stops a node's agent the way a crash would look to the others (it simply goes away). */
    public synchronized void stopAgent(Node node) {
        Agent agent = node.agent;
        node.agent = null;
        if (agent != null) {
            agent.close();
        }
    }

    /** Re-announce requests the agents' re-announce command left for the simulated keepalived. */
    public void serviceReannounces() {
        for (Pair pair : pairs) {
            for (Node node : pair.nodes()) {
                Path marker = node.sim().fifo().resolveSibling("reannounce");
                try {
                    if (Files.deleteIfExists(marker)) {
                        pair.group().reannounce(node.nodeId(), options.clock().instant());
                    }
                } catch (IOException e) {
                    log.warn("cannot read re-announce marker {}: {}", marker, e.toString());
                }
            }
        }
    }

    public Coordinator coordinator(int index) {
        return coordinators.get(index);
    }

    public List<Coordinator> coordinators() {
        return List.copyOf(coordinators);
    }

    /** Kills coordinator {@code index} the way a crashed process would go. */
    public synchronized void killCoordinator(int index) {
        coordinators.get(index).kill();
    }

    /** Starts coordinator {@code index} again (after {@link #killCoordinator}). */
    public synchronized void restartCoordinator(int index) throws Exception {
        coordinators.set(index, startCoordinator(index));
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public AliyunVpcEmulator emulator() {
        return emulator;
    }

    public Gateway gateway() {
        return gateway;
    }

    public SimulatedKeepalived keepalived() {
        return keepalived;
    }

    public List<Pair> pairs() {
        return List.copyOf(pairs);
    }

    public TopicNames topics() {
        return topics;
    }

    /** The development operator token (printed by the sandbox; its SHA-256 is in the gateway config). */
    public String operatorToken() {
        return operatorToken;
    }

    public Path workDir() {
        return workDir;
    }

    /** Every /metrics endpoint by Prometheus job: "gateway", "coordinator", "agent". */
    public Map<String, List<String>> metricsTargets() {
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put("gateway", List.of("127.0.0.1:" + gateway.port()));
        targets.put("coordinator", coordinators.stream().map(c -> "127.0.0.1:" + c.httpPort()).toList());
        List<String> agents = new ArrayList<>();
        for (Pair pair : pairs) {
            for (Node node : pair.nodes()) {
                if (node.agent() != null) {
                    agents.add("127.0.0.1:" + node.agent().httpPort());
                }
            }
        }
        targets.put("agent", agents);
        return targets;
    }

    /** The agents' /metrics endpoints by node id (Prometheus labels each agent target with its node). */
    public Map<String, String> agentTargets() {
        Map<String, String> targets = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            for (Node node : pair.nodes()) {
                if (node.agent() != null) {
                    targets.put(node.nodeId(), "127.0.0.1:" + node.agent().httpPort());
                }
            }
        }
        return targets;
    }

    @Override
    public synchronized void close() {
        for (Pair pair : pairs) {
            for (Node node : pair.nodes()) {
                try {
                    stopAgent(node);
                } catch (RuntimeException e) {
                    log.warn("stopping agent {}: {}", node.nodeId(), e.toString());
                }
            }
        }
        for (Coordinator c : coordinators) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.warn("stopping coordinator {}: {}", c.memberId(), e.toString());
            }
        }
        List<AutoCloseable> reversed = new ArrayList<>(closeables);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        if (deleteWorkDir) {
            try (Stream<Path> paths = Files.walk(workDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                log.warn("cannot delete {}: {}", workDir, e.toString());
            }
        }
    }

    static String havipId(int p) {
        return "havip-sandbox-" + p;
    }

    static String nodeId(int p, int n) {
        return "node-" + p + (n == 1 ? "a" : "b");
    }

    static String instanceId(int p, int n) {
        return "i-sandbox-" + ((p - 1) * 2 + n);
    }

    /** VIPs 192.0.2.10+p; node addresses from 198.51.100.0/24 would not be in the vSwitch, so 192.0.2.100+. */
    static String vip(int p) {
        return "192.0.2." + (p <= 90 ? 9 + p : 0);
    }

    static String address(int p, int n) {
        int host = 100 + (p - 1) * 2 + n;
        return host <= 254 ? "192.0.2." + host : "192.0.3." + (host - 254);
    }

    private String vswitchCidr() {
        return options.pairs() <= 70 ? "192.0.2.0/24" : "192.0.2.0/23";
    }

}
