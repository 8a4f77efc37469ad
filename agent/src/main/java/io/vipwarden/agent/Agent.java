package io.vipwarden.agent;

import io.vipwarden.agent.command.CommandHandler;
import io.vipwarden.agent.command.CommandListener;
import io.vipwarden.agent.command.EpochStore;
import io.vipwarden.agent.config.AgentConfig;
import io.vipwarden.agent.config.ConfigLoader;
import io.vipwarden.agent.fence.Fencer;
import io.vipwarden.agent.health.HealthMonitor;
import io.vipwarden.agent.http.AgentHttpServer;
import io.vipwarden.agent.keepalived.HavipBinding;
import io.vipwarden.agent.keepalived.KeepalivedConf;
import io.vipwarden.agent.keepalived.KeepalivedWatcher;
import io.vipwarden.agent.keepalived.VrrpInstanceConf;
import io.vipwarden.agent.keepalived.VrrpStateTracker;
import io.vipwarden.agent.lint.LintContext;
import io.vipwarden.agent.lint.Linter;
import io.vipwarden.agent.metrics.AgentMetrics;
import io.vipwarden.agent.spool.DiskSpool;
import io.vipwarden.agent.spool.Outbox;
import io.vipwarden.events.CommandResult;
import io.vipwarden.events.ConfigReport;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.HealthChange;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.LintFinding;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.EventReader;
import io.vipwarden.messaging.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node agent, startable from the command line ({@link AgentMain}) or in-process (the
 * sandbox, tests): {@code try (Agent agent = Agent.start(config)) { ... }}. It follows keepalived
 * (notify FIFO, notify-script lines, JSON dump), runs the HaVips' health checks, publishes
 * heartbeats, transitions, health changes, a config report and command results through a disk
 * spool, executes the coordinators' commands, and serves /metrics, /healthz and /notify.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final Clock clock;
    private final String incarnation = UUID.randomUUID().toString();
    private final AgentMetrics metrics = new AgentMetrics();
    private final Map<String, HavipBinding> bindings = new LinkedHashMap<>();
    private final Map<String, HealthMonitor> health = new HashMap<>();
    private volatile KeepalivedConf conf;
    private volatile List<LintFinding> findings = List.of();
    private volatile java.nio.file.attribute.FileTime confModified;
    private Outbox outbox;
    private KeepalivedWatcher watcher;
    private ScheduledExecutorService scheduler;
    private CommandListener commands;
    private AgentHttpServer http;
    private volatile boolean closed;

    private Agent(AgentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Starts an agent with the system clock. */
    public static Agent start(AgentConfig config) throws IOException {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts every part of the agent. @throws IOException when the state directory, the spool or the
     * HTTP port cannot be set up; @throws IllegalStateException when a HaVip cannot be tied to keepalived
     */
    public static Agent start(AgentConfig config, Clock clock) throws IOException {
        Agent agent = new Agent(config, clock);
        try {
            agent.startParts();
        } catch (IOException | RuntimeException e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    private void startParts() throws IOException {
        log.info("vipwarden agent starting, incarnation {}; effective configuration:{}", incarnation,
                ConfigLoader.describe(config));
        Files.createDirectories(config.stateDir());
        readKeepalivedConf();
        HavipBinding.Result bound = HavipBinding.bind(config.havips(), conf);
        if (!bound.problems().isEmpty()) {
            throw new IllegalStateException(String.join("; ", bound.problems()));
        }
        bound.bindings().forEach(b -> bindings.put(b.havipId(), b));

        TopicNames topics = TopicNames.withPrefix(config.topicPrefix());
        EventCodec codec = new EventCodec();
        String clientId = "vipwarden-agent-" + config.nodeId();
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(clientId));
        EventPublisher publisher = new EventPublisher(producer, codec);
        DiskSpool spool = DiskSpool.open(config.stateDir().resolve("spool"), config.spoolMaxBytes());
        outbox = new Outbox(spool, publisher, codec, topics.nodeEvents(), "/vipwarden/agent/" + config.nodeId(),
                incarnation, clock, config.spoolRetryBackoffMs(), metrics).start();

        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "vipwarden-agent-timer");
            t.setDaemon(true);
            return t;
        });
        for (HavipBinding b : bindings.values()) {
            HealthMonitor monitor = new HealthMonitor(b.havipId(), b.havip().checks(), Path.of("/sys/class/net"),
                    this::healthChanged);
            health.put(b.havipId(), monitor);
            metrics.healthy(b.havipId(), true);
            metrics.vrrpState(b.havipId(), VrrpState.UNKNOWN);
        }
        reportConfig();
        watcher = new KeepalivedWatcher(config.notifyFifo(), config.jsonDump(), config.pidFile(), config.jsonSignal(),
                config.fifoReopenBackoffMs(), clock, metrics, this::vrrpChanged);
        // the dump is read before the FIFO opens, so the first FIFO lines already have a "from" state
        watcher.poll();
        watcher.start();
        scheduler.scheduleWithFixedDelay(this::pollKeepalived, config.statePollIntervalMs(),
                config.statePollIntervalMs(), TimeUnit.MILLISECONDS);
        health.values().forEach(m -> m.start(scheduler));
        scheduler.scheduleAtFixedRate(this::heartbeats, 0, config.heartbeatIntervalMs(), TimeUnit.MILLISECONDS);

        EpochStore epochs = EpochStore.open(config.stateDir().resolve("epochs.properties"));
        CommandHandler handler = new CommandHandler(config.nodeId(), bindings, epochs, new Fencer(config.actionTimeoutMs()),
                config.reannounceCommand(), config.pidFile());
        EventReader reader = new EventReader(codec, producer, topics.deadLetter(), clientId, clock);
        commands = new CommandListener(consumerConfig(clientId), topics.commands(), config.nodeId(),
                config.stateDir().resolve("commands.offset"), Duration.ofMillis(config.commandsPollTimeoutMs()),
                config.spoolRetryBackoffMs(), reader, command -> handler.handle(command).ifPresent(v -> {
                    metrics.command(v.type(), v.outcome().name());
                    log.info("command {} {} for {} epoch {}: {} ({})", v.type(), v.commandId(), v.havipId(), v.epoch(),
                            v.outcome(), v.detail());
                    outbox.emit(seq -> new CommandResult(v.havipId(), config.nodeId(), incarnation, seq, v.commandId(),
                            v.type(), v.epoch(), v.outcome(), v.detail()));
                })).start();

        http = new AgentHttpServer(config.httpBindAddress(), config.httpPort(), metrics, this::status,
                line -> watcher.accept(line, VrrpTransition.Source.NOTIFY_SCRIPT));
        log.info("vipwarden agent {} up: {} HaVip(s) {}, /metrics on {}:{}", config.nodeId(), bindings.size(),
                bindings.keySet(), config.httpBindAddress(), http.port());
    }

    private Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> defaults = new HashMap<>();
        // small buffers and bounded blocking: the agent must stay light and never hang on a lost broker
        defaults.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * 1024 * 1024);
        defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        defaults.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        defaults.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        defaults.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // a batch is one or two events of a few hundred bytes: compression saves little on the wire and
        // lz4 (the services' codec) costs the agent ~1 MiB of resident memory for its classes and JNI library
        defaults.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        lightClientDefaults(defaults);
        defaults.putAll(only(config.kafka(), ProducerConfig.configNames()));
        return KafkaSettings.producer(config.kafka().get("bootstrap.servers"), clientId, defaults);
    }

    private Map<String, Object> consumerConfig(String clientId) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024 * 1024);
        defaults.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 256 * 1024);
        defaults.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        // the broker answers a fetch as soon as a command arrives; a long wait only saves idle round trips
        defaults.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5_000);
        lightClientDefaults(defaults);
        defaults.putAll(only(config.kafka(), ConsumerConfig.configNames()));
        long requestTimeout = Long.parseLong(String.valueOf(defaults.getOrDefault(
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000")));
        if (!config.kafka().containsKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG) && requestTimeout <= 5_000) {
            defaults.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) (requestTimeout / 2));
        }
        return KafkaSettings.consumer(config.kafka().get("bootstrap.servers"), clientId + "-commands", null, defaults);
    }

    /**
     * The agent's metrics are its own Prometheus /metrics, so the Kafka clients neither register every
     * client metric as a JMX MBean (metric.reporters) nor push them to the broker (KIP-714
     * enable.metrics.push): ~100 classes, 2 MiB of resident memory and a periodic telemetry request
     * less (BENCHMARKS.md, agent-footprint). Both can be set back under {@code kafka:}.
     */
    private static void lightClientDefaults(Map<String, Object> defaults) {
        defaults.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
        defaults.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
    }

    private static Map<String, Object> only(Map<String, String> kafka, Set<String> known) {
        Map<String, Object> out = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (known.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private void readKeepalivedConf() {
        try {
            confModified = Files.getLastModifiedTime(config.keepalivedConfig());
            conf = KeepalivedConf.load(config.keepalivedConfig());
        } catch (IOException e) {
            log.warn("cannot read keepalived config {}: {}; HaVips are tied by vrrp.instance only",
                    config.keepalivedConfig(), e.toString());
            conf = null;
            findings = List.of(new LintFinding("parse", LintFinding.Severity.ERROR, config.keepalivedConfig().toString(),
                    0, "cannot read: " + e.getMessage(), "check keepalived.config.path"));
            return;
        }
        Map<String, List<String>> peers = new HashMap<>();
        Map<String, String> cidrs = new HashMap<>();
        for (var h : config.havips()) {
            String instance = h.vrrpInstance().isEmpty()
                    ? conf.instanceWithVip(h.vip()).map(VrrpInstanceConf::name).orElse("") : h.vrrpInstance();
            peers.put(instance, h.peers());
            if (!h.vswitchCidr().isEmpty()) {
                cidrs.put(instance, h.vswitchCidr());
            }
        }
        LintContext context = new LintContext(Optional.of(localAddresses()), Optional.of(localInterfaces()), peers,
                cidrs, config.failoverBudgetMs());
        findings = Linter.lint(conf, context);
        for (LintFinding.Severity s : LintFinding.Severity.values()) {
            metrics.lintFindings(s.name(), findings.stream().filter(f -> f.severity() == s).count());
        }
        findings.stream().filter(f -> f.severity() != LintFinding.Severity.INFO).forEach(f ->
                log.warn("keepalived.conf {}:{} {} [{}] {}", f.file(), f.line(), f.severity(), f.ruleId(), f.message()));
    }

    private void reportConfig() {
        String sha = sha256(config.keepalivedConfig());
        for (HavipBinding b : bindings.values()) {
            KeepalivedConf current = conf;
            Optional<VrrpInstanceConf> in = current == null ? b.instance() : current.instance(b.instanceName());
            List<LintFinding> mine = findingsFor(in);
            outbox.emit(seq -> new ConfigReport(b.havipId(), config.nodeId(), incarnation, seq,
                    config.vpcId().isEmpty() ? null : config.vpcId(), config.keepalivedConfig().toString(), sha,
                    b.instanceName(), in.map(i -> VrrpInstanceConf.intOr(i.virtualRouterId(), 0)).orElse(0),
                    in.map(i -> VrrpInstanceConf.intOr(i.priority(), 0)).orElse(0),
                    in.map(VrrpInstanceConf::vipAddresses).orElse(List.of()),
                    in.map(VrrpInstanceConf::unicastSrcIp).orElse(null),
                    in.map(VrrpInstanceConf::unicastPeers).orElse(List.of()), mine));
        }
    }

    /** The findings inside the instance's block, plus those outside every instance (global ones). */
    private List<LintFinding> findingsFor(Optional<VrrpInstanceConf> instance) {
        if (conf == null) {
            return findings;
        }
        List<LintFinding> out = new ArrayList<>();
        for (LintFinding f : findings) {
            Optional<VrrpInstanceConf> owner = conf.instances().stream().filter(i -> inside(f, i)).findFirst();
            if (owner.isEmpty() || (instance.isPresent() && owner.get() == instance.get())) {
                out.add(f);
            }
        }
        return out;
    }

    private static boolean inside(LintFinding f, VrrpInstanceConf i) {
        int end = i.node().closeLine() == 0 ? Integer.MAX_VALUE : i.node().closeLine();
        return i.node().file().equals(f.file()) && f.line() >= i.node().line() && f.line() <= end;
    }

    private void vrrpChanged(VrrpStateTracker.Change change) {
        metrics.transition(change.source().name());
        for (HavipBinding b : bindings.values()) {
            boolean mine = change.kind() == VrrpTransition.Kind.INSTANCE ? b.instanceName().equals(change.name())
                    : conf != null && conf.syncGroups().getOrDefault(change.name(), List.of()).contains(b.instanceName());
            if (!mine) {
                continue;
            }
            log.info("{} {} {} -> {} (priority {}, from {}) for HaVip {}", change.kind(), change.name(), change.from(),
                    change.to(), change.priority(), change.source(), b.havipId());
            if (change.kind() == VrrpTransition.Kind.INSTANCE) {
                metrics.vrrpState(b.havipId(), change.to());
            }
            outbox.emit(seq -> new VrrpTransition(b.havipId(), config.nodeId(), incarnation, seq,
                    config.cloudInstanceId(), change.kind(), change.name(), change.from(), change.to(),
                    change.priority(), change.source()));
        }
    }

    private void healthChanged(HealthMonitor monitor) {
        boolean healthy = monitor.healthy();
        metrics.healthy(monitor.havipId(), healthy);
        if (closed) {
            return;
        }
        outbox.emit(seq -> new HealthChange(monitor.havipId(), config.nodeId(), incarnation, seq, healthy,
                monitor.results()));
    }

    private void pollKeepalived() {
        try {
            watcher.poll();
            // an edited keepalived.conf is linted and reported again (HaVip bindings stay as started)
            if (Files.exists(config.keepalivedConfig())
                    && !Files.getLastModifiedTime(config.keepalivedConfig()).equals(confModified)) {
                log.info("{} changed: linting and reporting it again", config.keepalivedConfig());
                readKeepalivedConf();
                reportConfig();
            }
        } catch (IOException e) {
            log.warn("cannot check {}: {}", config.keepalivedConfig(), e.toString());
        } catch (RuntimeException e) {
            log.error("keepalived state poll failed: {}", e.toString(), e);
        }
    }

    private void heartbeats() {
        if (closed) {
            return;
        }
        try {
            for (HavipBinding b : bindings.values()) {
                Optional<VrrpStateTracker.Known> known = watcher.instance(b.instanceName());
                VrrpState state = known.map(VrrpStateTracker.Known::state).orElse(VrrpState.UNKNOWN);
                int priority = known.map(VrrpStateTracker.Known::priority)
                        .orElse(b.instance().map(i -> VrrpInstanceConf.intOr(i.priority(), 0)).orElse(0));
                HealthMonitor monitor = health.get(b.havipId());
                boolean fenced = Fencer.fenced(b.havip().fenceTrackFile());
                metrics.fenced(b.havipId(), fenced);
                outbox.emit(seq -> new Heartbeat(b.havipId(), config.nodeId(), incarnation, seq,
                        config.cloudInstanceId(), b.instanceName(), state, priority, b.vip(), monitor.healthy(),
                        monitor.results(), fenced, config.heartbeatIntervalMs()));
            }
        } catch (RuntimeException e) {
            log.error("heartbeat failed: {}", e.toString(), e);
        }
    }

    private String status() {
        return "{\"status\":\"UP\",\"node\":\"" + config.nodeId() + "\",\"incarnation\":\"" + incarnation
                + "\",\"kafkaConnected\":" + outbox.connected() + ",\"commandsReady\":" + commandsReady() + "}";
    }

    /** Hands over one notify-script line, as {@code POST /notify} does. @return false when malformed */
    public boolean notifyLine(String line) {
        return watcher.accept(line, VrrpTransition.Source.NOTIFY_SCRIPT);
    }

    public String incarnation() {
        return incarnation;
    }

    public int httpPort() {
        return http.port();
    }

    /** True once the commands partition is assigned: commands sent from now on will be executed. */
    public boolean commandsReady() {
        return commands != null && commands.ready();
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    public List<LintFinding> findings() {
        return findings;
    }

    /** Stops everything, keeps sending the spool for up to shutdown.timeout.ms, then closes the producer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(http);
        closeQuietly(commands);
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        health.values().forEach(this::closeQuietly);
        closeQuietly(watcher);
        if (outbox != null) {
            outbox.close(Duration.ofMillis(config.shutdownTimeoutMs()));
        }
        log.info("vipwarden agent {} stopped (incarnation {})", config.nodeId(), incarnation);
    }

    private void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("error while closing {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    static Set<String> localAddresses() {
        Set<String> out = new TreeSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    String s = a.getHostAddress();
                    int pct = s.indexOf('%');
                    out.add(pct < 0 ? s : s.substring(0, pct));
                }
            }
        } catch (SocketException e) {
            log.warn("cannot list this node's addresses: {}", e.toString());
        }
        return out;
    }

    static Set<String> localInterfaces() {
        Set<String> out = new TreeSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.add(nic.getName());
            }
        } catch (SocketException e) {
            log.warn("cannot list this node's interfaces: {}", e.toString());
        }
        return out;
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
