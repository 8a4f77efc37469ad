package io.vipwarden.lab;

import io.vipwarden.sandbox.LocalCoordinators;

import io.vipwarden.agent.Agent;
import io.vipwarden.agent.config.AgentConfig;
import io.vipwarden.agent.config.ConfigLoader;
import io.vipwarden.coordinator.config.CoordinatorConfig;
import io.vipwarden.coordinator.runtime.Coordinator;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Command;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.TopicNames;
import io.vipwarden.gateway.Gateway;
import io.vipwarden.gateway.config.GatewayConfig;
import io.vipwarden.sandbox.StateWatcher;
import io.vipwarden.testbed.FreePorts;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import io.vipwarden.testbed.emulator.VpcState;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * vipwarden around the lab's real keepalived: fresh topics on an in-process broker, the Alibaba VPC
 * API emulator with one HaVip (the lab VIP, every node's instance associated), three coordinators
 * (Hazelcast members on 127.0.0.1, the real Alibaba provider against the emulator), the gateway,
 * and one real agent per node in the root namespace reading that node's notify FIFO, JSON dump
 * (it signals keepalived itself) and pid file, and writing its fence track file.
 *
 * <p>The cloud learns who holds the VIP the way a VPC does, from the node that announces it: the
 * {@link Observer}'s "gained" changes, and the agents' re-announce command (it leaves a marker the
 * control plane turns into an announcement when that node's interface carries the VIP: a real node
 * would send gratuitous ARP).
 *
 * <p>One instance serves one lab (one scenario): coordinators, emulator and topics are not shared,
 * so no scenario sees another's epochs or fences. The broker is shared and outlives it.
 */
public final class RealControlPlane implements ControlPlane {
    private static final Logger LOG = LoggerFactory.getLogger(RealControlPlane.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    public static final String HAVIP_ID = "havip-lab-1";
    private static final String VPC_ID = "vpc-lab";
    private static final String VSWITCH_ID = "vsw-lab";
    private static final String VSWITCH_CIDR = LabSpec.NETWORK_PREFIX + "0/" + LabSpec.PREFIX_LENGTH;

    /**
     * The control plane's timings, short so the lab runs in minutes.
     *
     * @param heartbeatIntervalMs agents' heartbeat; coordinators call a node dead after 3 missed
     * @param holdDownMs          no second automatic failover of the HaVip within this
     * @param rejoinAfterMs       a fenced node calm this long is unfenced; longer than any partition
     *                            a scenario keeps up after the fence, or the fenced node would come back into it
     * @param statePollMs         how often agents ask keepalived for a JSON dump
     * @param coordinators        how many coordinators form the cluster
     */
    public record Settings(long heartbeatIntervalMs, long holdDownMs, long rejoinAfterMs, long statePollMs,
            int coordinators) {
        public static Settings lab() {
            return new Settings(500, 1000, 4000, 1000, 3);
        }
    }

    private final EmbeddedKafka kafka;
    private final Settings settings;
    private final Clock clock;
    private final List<Coordinator> coordinators = Collections.synchronizedList(new ArrayList<>());
    private final List<CoordinatorConfig> coordinatorConfigs = new ArrayList<>();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private Lab lab;
    private TopicNames topics;
    private AliyunVpcEmulator emulator;
    private Gateway gateway;
    private StateWatcher watcher;
    private ScheduledExecutorService reannouncer;

    public RealControlPlane(EmbeddedKafka kafka, Settings settings, Clock clock) {
        this.kafka = kafka;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void start(Lab lab, Observer observer) throws Exception {
        this.lab = lab;
        Path dir = lab.directory().resolve("control-plane");
        Files.createDirectories(dir);
        topics = kafka.freshTopics("lab" + SEQUENCE.incrementAndGet(), 3);
        emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withStateFile(writeEmulatorState(dir)).withAssociationDelay(Duration.ofMillis(100))
                .withMaxAssociatedInstances(lab.nodes().size()));
        observer.addListener(change -> change.gained().forEach(name -> announce(lab.node(name))));
        watcher = new StateWatcher(kafka.bootstrapServers(), topics, clock);

        List<Integer> ports = FreePorts.onLoopback(settings.coordinators());
        for (int i = 0; i < settings.coordinators(); i++) {
            coordinatorConfigs.add(coordinatorConfig(i, ports, lab.prefix()));
        }
        startCoordinators();

        gateway = Gateway.start(GatewayConfig.builder()
                .httpHost("127.0.0.1")
                .httpPort(0)
                .kafkaBootstrapServers(kafka.bootstrapServers())
                .topics(topics)
                .auditDir(dir.resolve("gateway-audit"))
                .auditFsync(false)
                .authReadOpen(true)
                .tokens(List.of())
                .build(), clock);

        for (LabNode node : lab.nodes()) {
            agents.put(node.name(), Agent.start(agentConfig(node), clock));
        }
        reannouncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lab-reannounce");
            t.setDaemon(true);
            return t;
        });
        reannouncer.scheduleWithFixedDelay(this::serviceReannounces, 100, 100, TimeUnit.MILLISECONDS);
        LOG.info("control plane up for lab {}: {} coordinators, gateway {}, emulator {}, {} agents", lab.prefix(),
                coordinators.size(), gateway.baseUrl(), emulator.endpoint(), agents.size());
    }

    @Override
    public boolean readsNotifyFifos() {
        return true;
    }

    /** Starts every coordinator (in parallel: each waits for the others to form the cluster). */
    public void startCoordinators() throws Exception {
        List<Thread> starters = new ArrayList<>();
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < coordinatorConfigs.size(); i++) {
            CoordinatorConfig config = coordinatorConfigs.get(i);
            Thread t = new Thread(() -> {
                try {
                    coordinators.add(startCoordinator(config));
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "lab-start-" + config.memberId());
            t.start();
            starters.add(t);
        }
        for (Thread t : starters) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** Stops every coordinator: the control plane is down, keepalived and the agents go on. */
    public void stopCoordinators() {
        List<Coordinator> running;
        synchronized (coordinators) {
            running = new ArrayList<>(coordinators);
            coordinators.clear();
        }
        for (Coordinator c : running) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping coordinator {}: {}", c.memberId(), e.toString());
            }
        }
    }

    public String havipId() {
        return HAVIP_ID;
    }

    /** The emulated ECS instance of a node. */
    public static String instanceId(LabNode node) {
        return "i-lab-" + node.name();
    }

    /** The emulator's {@code MasterInstanceId} of the lab HaVip: whom the cloud routes the VIP to. */
    public Optional<String> cloudMaster() {
        return havip().map(VpcState.SavedHaVip::masterInstanceId);
    }

    /** The instances associated with the lab HaVip in the emulator. */
    public List<String> cloudAssociated() {
        return havip().map(VpcState.SavedHaVip::associatedInstances).orElse(List.of());
    }

    /** The latest HaVip state the coordinators published. */
    public Optional<HavipState> state() {
        return watcher.state(HAVIP_ID);
    }

    /** Every command the coordinators sent, in the order the lab read them. */
    public List<StateWatcher.Observed<Command>> commands() {
        return watcher.commands();
    }

    public List<StateWatcher.Observed<AuditEvent>> audit() {
        return watcher.audit();
    }

    public Gateway gateway() {
        return gateway;
    }

    private Optional<VpcState.SavedHaVip> havip() {
        return emulator.state().haVips().stream().filter(h -> h.haVipId().equals(HAVIP_ID)).findFirst();
    }

    private void announce(LabNode node) {
        boolean accepted = emulator.announce(HAVIP_ID, instanceId(node));
        LOG.info("{} announced {} to the cloud: {}", node.name(), lab.spec().vip(), accepted ? "accepted" : "ignored");
    }

    private void serviceReannounces() {
        for (LabNode node : lab.nodes()) {
            try {
                if (Files.deleteIfExists(reannounceMarker(node)) && node.holdsVip()) {
                    announce(node);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: re-announce: {}", node.name(), e.toString());
            }
        }
    }

    private static Path reannounceMarker(LabNode node) {
        return node.directory().resolve("reannounce");
    }

    private Path writeEmulatorState(Path dir) throws IOException {
        List<VpcState.Instance> instances = new ArrayList<>();
        for (LabNode node : lab.nodes()) {
            instances.add(new VpcState.Instance(instanceId(node), VSWITCH_ID));
        }
        // An operator created the HaVip and associated every server once; vipwarden takes it from there.
        VpcState.SavedHaVip havip = new VpcState.SavedHaVip(HAVIP_ID, VSWITCH_ID, lab.spec().vip(), "lab",
                "vipwarden keepalived lab " + lab.prefix(), null, instances.stream().map(VpcState.Instance::instanceId).toList(),
                null);
        VpcState state = new VpcState("cn-hangzhou", List.of(new VpcState.Vpc(VPC_ID, VSWITCH_CIDR)),
                List.of(new VpcState.VSwitch(VSWITCH_ID, VPC_ID, VSWITCH_CIDR)), instances, List.of(havip));
        Path file = dir.resolve("emulator-state.json");
        state.save(file);
        return file;
    }

    private CoordinatorConfig coordinatorConfig(int index, List<Integer> ports, String cluster) throws Exception {
        Map<String, Object> c = LocalCoordinators.settings(index, ports, "vipwarden-" + cluster,
                kafka.bootstrapServers(), topics, emulator.endpoint());
        c.put("heartbeat.interval.ms", settings.heartbeatIntervalMs());
        c.put("holddown.ms", settings.holdDownMs());
        c.put("rejoin.after.ms", settings.rejoinAfterMs());
        c.put("tick.interval.ms", 250);
        c.put("reconcile.interval.ms", 1000);
        return CoordinatorConfig.fromMap(c);
    }

    private Coordinator startCoordinator(CoordinatorConfig config) throws Exception {
        return LocalCoordinators.start(config, clock);
    }

    private AgentConfig agentConfig(LabNode node) throws Exception {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("node.id", node.name());
        a.put("cloud.instance.id", instanceId(node));
        a.put("vpc.id", VPC_ID);
        a.put("topic.prefix", topics.prefix());
        a.put("kafka", Map.of("bootstrap.servers", kafka.bootstrapServers()));
        a.put("state.dir", node.directory().resolve("agent-state").toString());
        a.put("keepalived.config.path", node.configFile().toString());
        a.put("keepalived.notify-fifo.path", node.notifyFifo().toString());
        a.put("keepalived.json-dump.path", node.jsonDump().toString());
        a.put("keepalived.pid-file.path", node.pidFile().toString());
        a.put("keepalived.json-signal", LabNode.jsonSignal());
        a.put("keepalived.state-poll.interval.ms", settings.statePollMs());
        a.put("keepalived.fifo-reopen.backoff.ms", 100);
        a.put("heartbeat.interval.ms", settings.heartbeatIntervalMs());
        a.put("http.bind.address", "127.0.0.1");
        a.put("http.port", 0);
        a.put("reannounce.command", "touch " + reannounceMarker(node));
        Map<String, Object> havip = new LinkedHashMap<>();
        havip.put("id", HAVIP_ID);
        havip.put("vrrp.instance", KeepalivedConf.INSTANCE);
        havip.put("vip", lab.spec().vip());
        havip.put("fence.track-file.path", node.trackFile().toString());
        havip.put("peers", lab.nodes().stream().filter(n -> n != node).map(LabNode::address).toList());
        havip.put("vswitch.cidr", VSWITCH_CIDR);
        a.put("havips", List.of(havip));
        return ConfigLoader.fromMap(a, System::getenv);
    }

    @Override
    public void close() {
        if (reannouncer != null) {
            reannouncer.shutdownNow();
        }
        agents.values().forEach(agent -> {
            try {
                agent.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping an agent: {}", e.toString());
            }
        });
        agents.clear();
        stopCoordinators();
        if (gateway != null) {
            try {
                gateway.close();
            } catch (Exception e) {
                LOG.warn("stopping the gateway: {}", e.toString());
            }
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Override
    public String toString() {
        return "vipwarden control plane (3 coordinators, gateway, emulator, an agent per node)";
    }
}
