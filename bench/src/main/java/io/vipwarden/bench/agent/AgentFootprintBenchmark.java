package io.vipwarden.bench.agent;

import com.sun.net.httpserver.HttpServer;
import io.vipwarden.bench.BenchContext;
import io.vipwarden.bench.BenchResult;
import io.vipwarden.bench.Benchmark;
import io.vipwarden.bench.Goal;
import io.vipwarden.bench.Row;
import io.vipwarden.bench.process.ChildProcess;
import io.vipwarden.bench.process.IdleMain;
import io.vipwarden.bench.process.Jcmd;
import io.vipwarden.bench.process.KafkaClientsMain;
import io.vipwarden.bench.process.ProcStats;
import io.vipwarden.bench.process.ServiceJvmOptions;
import io.vipwarden.bench.process.TempDirs;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.EventType;
import io.vipwarden.events.TopicNames;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One real agent process, started as the launcher starts it, heartbeating once a second with an HTTP
 * and a TCP health check against servers this benchmark runs on 127.0.0.1; beside it, real keepalived
 * with the same keepalived.conf in a network namespace. Both are sampled from /proc at the same
 * moments, so the machine's load weighs on both alike.
 */
public final class AgentFootprintBenchmark implements Benchmark {
    private static final Pattern NMT_LINE = Pattern.compile("-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

    @Override
    public String name() {
        return "agent-footprint";
    }

    @Override
    public String title() {
        return "one agent process for 60 s at 1 Hz heartbeats with an HTTP and a TCP health check: RSS and CPU";
    }

    @Override
    public String goals() {
        return "RSS < 64 MiB, CPU < 1% of a core";
    }

    @Override
    public String baseline() {
        return "keepalived (Debian package) itself, parent + VRRP child, with the same keepalived.conf (one unicast"
                + " instance, advert_int 1) in a network namespace made for the run, sampled at the same moments:"
                + " what every node already pays for VRRP, so the ratio is the price of adding vipwarden to a node.";
    }

    @Override
    public BenchResult run(BenchContext ctx) throws Exception {
        Path agentJar = ctx.root().resolve("agent/target/vipwarden-agent.jar");
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalStateException(agentJar + " is missing: build it first (./vipwarden builds it)");
        }
        int seconds = ctx.size(60, 15);
        int warmUp = ctx.quick() || ctx.sizeOverride() > 0 ? 5 : 10;
        BenchResult.Builder result = new BenchResult.Builder();
        Path work = Files.createTempDirectory("vipwarden-bench-agent-");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong httpChecks = new AtomicLong();
        AtomicLong tcpChecks = new AtomicLong();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.createContext("/healthz", exchange -> {
            httpChecks.incrementAndGet();
            byte[] body = "ok".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        ServerSocket tcp = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (running.get()) {
                try (Socket s = tcp.accept()) {
                    tcpChecks.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "bench-tcp-check-server");
        acceptor.setDaemon(true);
        acceptor.start();
        String keepalivedMissing = KeepalivedInNamespace.unavailableReason();
        try (EmbeddedKafka kafka = EmbeddedKafka.create().start()) {
            TopicNames topics = TopicNames.withPrefix("bench");
            kafka.createTopics(topics, 3);
            TopicNames clientsTopics = TopicNames.withPrefix("bench-kafka-clients");
            kafka.createTopics(clientsTopics, 3);
            Path config = writeAgentConfig(work, kafka.bootstrapServers(), topics.prefix(), http.getAddress().getPort(),
                    tcp.getLocalPort());
            KeepalivedInNamespace keepalived = keepalivedMissing == null ? KeepalivedInNamespace.start(work) : null;
            long agentStarted = System.nanoTime();
            try (ChildProcess agent = ChildProcess.startJvm("the agent", agentJar, "io.vipwarden.agent.AgentMain",
                    ServiceJvmOptions.agentEnvironment(), ServiceJvmOptions.agent(),
                    List.of("--config", config.toString()), work.resolve("agent.log"));
                    ChildProcess idle = ChildProcess.startWithClassPath("the idle JVM",
                            List.of(ChildProcess.classDirectory(IdleMain.class, work.resolve("idle-classes"))),
                            IdleMain.class.getName(), ServiceJvmOptions.agentEnvironment(), ServiceJvmOptions.agent(),
                            List.of(), work.resolve("idle.log"));
                    ChildProcess clients = ChildProcess.startWithClassPath("the Kafka clients alone",
                            List.of(ChildProcess.classDirectory(KafkaClientsMain.class, work.resolve("clients-classes")),
                                    agentJar),
                            KafkaClientsMain.class.getName(), ServiceJvmOptions.agentEnvironment(),
                            ServiceJvmOptions.agent(), List.of(kafka.bootstrapServers(), clientsTopics.nodeEvents(),
                                    clientsTopics.commands()), work.resolve("kafka-clients.log"));
                    HeartbeatCounter heartbeats = new HeartbeatCounter(kafka.bootstrapServers(), topics)) {
                List<Long> keepalivedPids = keepalived == null ? List.of()
                        : keepalived.awaitStarted(Duration.ofSeconds(20));
                ctx.say("agent pid %d, keepalived pids %s; warming up %d s, then sampling once a second for %d s",
                        agent.pid(), keepalivedPids, warmUp, seconds);
                heartbeats.awaitFirst(Duration.ofSeconds(60), agent);
                double firstHeartbeatSeconds = (System.nanoTime() - agentStarted) / 1e9;
                double startCpuSeconds = ProcStats.cpuNanos(agent.pid()) / 1e9;
                sleepPolling(Duration.ofSeconds(warmUp), heartbeats);
                agent.requireAlive();
                Sampler agentSamples = new Sampler(List.of(agent.pid()));
                Sampler idleSamples = new Sampler(List.of(idle.pid()));
                Sampler clientsSamples = new Sampler(List.of(clients.pid()));
                Map<String, Long> threads0 = ProcStats.cpuNanosByThread(agent.pid());
                long wall0 = System.nanoTime();
                Sampler keepalivedSamples = new Sampler(keepalivedPids);
                long beats0 = heartbeats.count();
                long http0 = httpChecks.get();
                long tcp0 = tcpChecks.get();
                clients.requireAlive();
                for (int i = 0; i < seconds; i++) {
                    agentSamples.sample();
                    keepalivedSamples.sample();
                    idleSamples.sample();
                    clientsSamples.sample();
                    sleepPolling(Duration.ofSeconds(1), heartbeats);
                    agent.requireAlive();
                }
                agentSamples.sample();
                keepalivedSamples.sample();
                idleSamples.sample();
                clientsSamples.sample();
                clients.requireAlive();
                String busiest = ProcStats.busiestThreads(threads0, ProcStats.cpuNanosByThread(agent.pid()),
                        System.nanoTime() - wall0, 6);
                long beats = heartbeats.count() - beats0;
                double heapMiB = Jcmd.liveHeapMiB(agent.pid());

                Row peak = Row.of("peak RSS", "MiB", agentSamples.peakRssMiB()).goal(Goal.atMost(64, "MiB"));
                Row cpu = Row.of("CPU, share of one core", "%", agentSamples.cpuPercent()).goal(Goal.atMost(1, "%"));
                Row avg = Row.of("average RSS", "MiB", agentSamples.avgRssMiB());
                if (keepalived != null) {
                    peak = peak.against(keepalivedSamples.peakRssMiB());
                    cpu = cpu.against(keepalivedSamples.cpuPercent());
                    avg = avg.against(keepalivedSamples.avgRssMiB());
                }
                result.headline(peak).row(avg).row(cpu);
                result.row(Row.of("idle JVM, same options: peak RSS", "MiB", idleSamples.peakRssMiB()));
                result.row(Row.of("idle JVM, same options: CPU", "%", idleSamples.cpuPercent()));
                result.row(Row.of("the agent's Kafka clients alone, same options: peak RSS", "MiB",
                        clientsSamples.peakRssMiB()));
                result.row(Row.of("the agent's Kafka clients alone, same options: CPU", "%",
                        clientsSamples.cpuPercent()));
                if (heapMiB >= 0) {
                    result.row(Row.of("agent live heap after a full GC", "MiB", heapMiB));
                }
                result.row(Row.of("start-up: process start → first heartbeat on the broker", "s", firstHeartbeatSeconds));
                result.row(Row.of("start-up: agent CPU time until its first heartbeat", "s", startCpuSeconds));
                result.row(Row.of("heartbeats per second seen on the broker", "/s", beats / (double) seconds));
                result.row(Row.of("HTTP + TCP checks per second", "/s",
                        (httpChecks.get() - http0 + tcpChecks.get() - tcp0) / (double) seconds));
                result.note("%d one-second samples of /proc/PID/status VmRSS and /proc/PID/stat utime+stime after %d s"
                        + " of warm-up (start-up is not in the window: see the two start-up rows); the agent runs its"
                        + " jar with the launcher's options and environment: %s %s", seconds + 1, warmUp,
                        ServiceJvmOptions.agent(), ServiceJvmOptions.agentEnvironment());
                result.note("agent threads by CPU over the window: %s", busiest);
                result.note("the idle JVM (a main that sleeps, same options and environment, its one class file as"
                        + " class path) is the JVM's floor; the Kafka clients alone (KafkaClientsMain: the agent's"
                        + " producer and commands consumer with the agent's settings, one 600-byte record a second,"
                        + " the agent jar on the class path) are the floor before any of the agent's own code");
                if (keepalived != null && keepalivedSamples.cpuPercent() == 0) {
                    result.note("keepalived's CPU is below what /proc can show over this window (10 ms ticks)");
                }
                result.note(keepalived == null ? "keepalived baseline not measured: " + keepalivedMissing
                        : "keepalived: 2 processes (parent + VRRP child), figures summed; it became "
                                + (keepalived.log().contains("Entering MASTER STATE") ? "MASTER" : "BACKUP")
                                + " (its peer 192.0.2.12 never answers)");
                if (peak.verdict() == Goal.Verdict.MISSED || cpu.verdict() == Goal.Verdict.MISSED) {
                    result.note("goal missed: native memory of an agent run with -XX:NativeMemoryTracking=summary: %s",
                            profile(ctx, agentJar, config, work));
                }
            } finally {
                if (keepalived != null) {
                    keepalived.close();
                }
            }
        } finally {
            running.set(false);
            http.stop(0);
            tcp.close();
            TempDirs.delete(work);
        }
        return result.build();
    }

    /** Runs a second agent with native memory tracking and lists what its committed memory is made of. */
    private static String profile(BenchContext ctx, Path agentJar, Path config, Path work) throws Exception {
        ctx.say("a goal was missed: profiling the agent's native memory");
        try (ChildProcess agent = ChildProcess.startJvm("the profiled agent", agentJar, "io.vipwarden.agent.AgentMain",
                ServiceJvmOptions.agentEnvironment(), ServiceJvmOptions.agent() + " -XX:NativeMemoryTracking=summary",
                List.of("--config", config.toString()),
                work.resolve("agent-nmt.log"))) {
            Thread.sleep(15_000);
            agent.requireAlive();
            String nmt = Jcmd.run(agent.pid(), "VM.native_memory", "summary");
            List<String[]> parts = new ArrayList<>();
            Matcher m = NMT_LINE.matcher(nmt);
            while (m.find()) {
                parts.add(new String[] {m.group(1).trim(), m.group(2)});
            }
            parts.sort(Comparator.comparingLong((String[] p) -> Long.parseLong(p[1])).reversed());
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(6, parts.size()); i++) {
                sb.append(i == 0 ? "" : ", ").append(parts.get(i)[0]).append(' ')
                        .append(Long.parseLong(parts.get(i)[1]) / 1024).append(" MiB");
            }
            Matcher classes = Pattern.compile("java\\.cls\\.loadedClasses=(\\d+)")
                    .matcher(Jcmd.run(agent.pid(), "PerfCounter.print"));
            return sb.length() == 0 ? "(jcmd gave no summary)" : "committed: " + sb + "; "
                    + (classes.find() ? classes.group(1) + " classes loaded; " : "") + "RSS of that process "
                    + ProcStats.rssKiB(agent.pid()) / 1024 + " MiB";
        }
    }

    private static Path writeAgentConfig(Path dir, String bootstrap, String prefix, int httpPort, int tcpPort)
            throws IOException {
        Path state = Files.createDirectories(dir.resolve("agent-state"));
        Path keepalivedConf = dir.resolve("keepalived.conf");
        Files.writeString(keepalivedConf, KeepalivedInNamespace.config(dir));
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, String.join("\n",
                "node.id: node-bench-a",
                "cloud.instance.id: i-bench0001",
                "vpc.id: vpc-bench",
                "topic.prefix: " + prefix,
                "kafka:",
                "  bootstrap.servers: " + bootstrap,
                "state.dir: " + state,
                "keepalived.config.path: " + keepalivedConf,
                "keepalived.json-dump.path: " + dir.resolve("keepalived.json"),
                "keepalived.pid-file.path: " + dir.resolve("no-keepalived.pid"),
                "keepalived.json-signal: 0",
                "heartbeat.interval.ms: 1000",
                "http.bind.address: 127.0.0.1",
                "http.port: 0",
                "havips:",
                "  - id: havip-bench0001",
                "    vrrp.instance: VI_1",
                "    vip: 192.0.2.100",
                "    fence.track-file.path: " + dir.resolve("fence-VI_1"),
                "    peers: [192.0.2.12]",
                "    vswitch.cidr: 192.0.2.0/24",
                "    checks:",
                "      - {name: web, type: http, url: 'http://127.0.0.1:" + httpPort + "/healthz', interval.ms: 1000,"
                        + " timeout.ms: 500}",
                "      - {name: db, type: tcp, host: 127.0.0.1, port: " + tcpPort + ", interval.ms: 1000,"
                        + " timeout.ms: 500}",
                ""));
        return config;
    }

    /** Sleeps while draining the heartbeat consumer, so the broker side keeps up. */
    private static void sleepPolling(Duration d, HeartbeatCounter heartbeats) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            heartbeats.poll(Math.max(1, Math.min(200, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    /** Samples the RSS and CPU time of a set of processes (summed). */
    static final class Sampler {
        private final List<Long> pids;
        private final List<Double> rss = new ArrayList<>();
        private long firstCpu = -1;
        private long firstAt;
        private long lastCpu;
        private long lastAt;

        Sampler(List<Long> pids) {
            this.pids = pids;
        }

        void sample() {
            if (pids.isEmpty()) {
                return;
            }
            long kib = 0;
            long cpu = 0;
            for (long pid : pids) {
                kib += Math.max(0, ProcStats.rssKiB(pid));
                cpu += Math.max(0, ProcStats.cpuNanos(pid));
            }
            long now = System.nanoTime();
            rss.add(kib / 1024.0);
            if (firstCpu < 0) {
                firstCpu = cpu;
                firstAt = now;
            }
            lastCpu = cpu;
            lastAt = now;
        }

        double peakRssMiB() {
            return rss.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        double avgRssMiB() {
            return rss.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        double cpuPercent() {
            return lastAt == firstAt ? 0 : 100.0 * (lastCpu - firstCpu) / (lastAt - firstAt);
        }
    }

    /** Counts the agent's heartbeats on the node-events topic: proof that it works while it is measured. */
    static final class HeartbeatCounter implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final EventCodec codec = new EventCodec();
        private long count;

        HeartbeatCounter(String bootstrap, TopicNames topics) {
            consumer = new KafkaConsumer<>(KafkaSettings.consumer(bootstrap, "bench-heartbeats", null, Map.of()));
            List<TopicPartition> partitions = consumer.partitionsFor(topics.nodeEvents()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void poll(long millis) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(millis))) {
                try {
                    if (codec.decode(r.value()).type() == EventType.HEARTBEAT) {
                        count++;
                    }
                } catch (Exception e) {
                    // not a heartbeat we can read: not counted
                }
            }
        }

        long count() {
            return count;
        }

        void awaitFirst(Duration timeout, ChildProcess agent) {
            long end = System.nanoTime() + timeout.toNanos();
            while (count == 0) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("no heartbeat from the agent in " + timeout + "; its output:\n"
                            + agent.tail(30));
                }
                agent.requireAlive();
                poll(200);
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

}
