package io.vipwarden.bench.latency;

import io.vipwarden.bench.BenchContext;
import io.vipwarden.bench.BenchResult;
import io.vipwarden.bench.Benchmark;
import io.vipwarden.bench.Goal;
import io.vipwarden.bench.Row;
import io.vipwarden.bench.Stats;
import io.vipwarden.bench.process.StackSampler;
import io.vipwarden.bench.latency.SimulatedFleet.Node;
import io.vipwarden.bench.latency.SimulatedFleet.Pair;
import io.vipwarden.coordinator.config.CoordinatorConfig;
import io.vipwarden.coordinator.runtime.Coordinator;
import io.vipwarden.events.Command;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.Fence;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.MalformedEventException;
import io.vipwarden.events.Reannounce;
import io.vipwarden.events.Remap;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.Unfence;
import io.vipwarden.events.VrrpState;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.sandbox.LocalCoordinators;
import io.vipwarden.testbed.FreePorts;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import io.vipwarden.testbed.emulator.CallRecord;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import io.vipwarden.testbed.emulator.VpcState;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * Failover decision latency on the sandbox's parts: an in-process broker, the Alibaba VPC emulator
 * at zero association delay, three real coordinators (the real Alibaba SDK provider against the
 * emulator, started as the sandbox starts them) and a fleet of simulated agents
 * ({@link SimulatedFleet}). Repeatedly an owner's keepalived goes FAULT (its agent keeps reporting)
 * and its peer's keepalived takes over; the clock starts when the peer's agent produces that
 * MASTER transition and stops (a) when a coordinator produces the Remap command for the peer and
 * (b) when the emulator's association has moved (peer associated, old owner unassociated: the
 * network fence). The baseline, a produce→consume round trip of the same kind of event on the same
 * broker, is measured during the failures, under the same load.
 */
public final class DecisionLatencyBenchmark implements Benchmark {
    private static final int PARTITIONS = 6;
    private static final int COORDINATORS = 3;
    private static final long HEARTBEAT_MS = 1000;
    private static final long HOLD_DOWN_MS = 1000;
    private static final long REJOIN_AFTER_MS = 2000;
    /** keepalived's skew time for priority 90 at advert_int 1: (256 − 90) / 256 s after the owner's priority-0 advert. */
    private static final long TAKEOVER_SKEW_MS = 650;
    private static final int HAVIPS_PER_VPC = 250;
    private static final String GROUP = "bench-latency-coordinators";

    @Override
    public String name() {
        return "decision-latency";
    }

    @Override
    public String title() {
        return "failover decision latency, 1,000 HaVip pairs of simulated agents on the sandbox stack: agent"
                + " transition → command, and → emulator association";
    }

    @Override
    public String goals() {
        return "(a) p99 <= 2× baseline p99 + 5 ms";
    }

    @Override
    public String baseline() {
        return "a plain Kafka produce→consume round trip of the same kind of event (agent producer settings, a plain"
                + " consumer) on the same broker, measured during the failures, in the same run.";
    }

    /** One failover being timed. */
    private static final class Failover {
        final Pair pair;
        final Node from;
        final Node to;
        final long epochBefore;
        volatile Instant transitionAt;
        volatile Instant commandAt;
        volatile Instant fenceAt;
        volatile Instant cloudAt;

        Failover(Pair pair, Node from, Node to, long epochBefore) {
            this.pair = pair;
            this.from = from;
            this.to = to;
            this.epochBefore = epochBefore;
        }

        boolean done() {
            return commandAt != null && cloudAt != null;
        }
    }

    /** What the benchmark knows of one HaVip, from the commands and the emulator's call log. Guarded by itself. */
    private static final class Tracked {
        String owner;
        long epoch;
        Failover inFlight;
        boolean awaitingRejoin;
        Instant readyAfter = Instant.EPOCH;
        final Set<String> associated = new HashSet<>();
    }

    @Override
    public BenchResult run(BenchContext ctx) throws Exception {
        Run run = new Run(ctx);
        try (EmbeddedKafka kafka = EmbeddedKafka.create().start()) {
            try {
                run.on(kafka);
            } finally {
                run.close(); // everything that talks to the broker stops before it does
            }
        }
        return run.result.build();
    }

    /** One run: its sizes, the parts it started, and what it collects. */
    private static final class Run implements AutoCloseable {
        final BenchContext ctx;
        final int pairCount;
        final Duration failurePhase;
        final double failuresPerSecond;
        final Duration settleCap;
        final Clock clock = Clock.systemUTC();
        final BenchResult.Builder result = new BenchResult.Builder();
        final SimulatedFleet.Naming naming = new SimulatedFleet.Naming() {
            public String havip(int i) {
                return String.format("havip-bench-%04d", i);
            }

            public String vip(int i) {
                return "192.0.2." + (1 + i % HAVIPS_PER_VPC);
            }

            public String node(int i, char side) {
                return String.format("node-%04d%c", i, side);
            }

            public String instance(int i, char side) {
                return String.format("i-bench-%04d%c", i, side);
            }
        };
        final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
        final List<Failover> failovers = new CopyOnWriteArrayList<>();
        final List<Double> rtt = new CopyOnWriteArrayList<>();
        final List<long[]> lagSamples = new CopyOnWriteArrayList<>();
        final List<AutoCloseable> closeables = new ArrayList<>();
        final List<AutoCloseable> closeLast = new ArrayList<>();
        final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-latency-timer");
            t.setDaemon(true);
            return t;
        });

        Run(BenchContext ctx) {
            this.ctx = ctx;
            boolean small = ctx.quick() || ctx.sizeOverride() > 0;
            pairCount = ctx.size(1000, 100);
            failurePhase = Duration.ofSeconds(ctx.sizeOverride() > 0 ? 10 : ctx.quick() ? 15 : 60);
            failuresPerSecond = small ? 5 : 10;
            settleCap = Duration.ofSeconds(small ? 10 : 60);
        }

        @Override
        public void close() {
            timers.shutdownNow();
            List<AutoCloseable> all = new ArrayList<>(closeables);
            all.addAll(closeLast);
            for (AutoCloseable c : all) {
                try {
                    c.close();
                } catch (Exception e) {
                    ctx.say("closing %s: %s", c.getClass().getSimpleName(), e);
                }
            }
        }

        void on(EmbeddedKafka kafka) throws Exception {
            TopicNames topics = TopicNames.withPrefix("bench");
            kafka.createTopics(topics, PARTITIONS);
            TopicNames rttTopics = kafka.freshTopics("rtt", PARTITIONS);

            for (int i = 0; i < pairCount; i++) {
                Tracked t = new Tracked();
                t.associated.add(naming.instance(i, 'a'));
                t.associated.add(naming.instance(i, 'b'));
                tracked.put(naming.havip(i), t);
            }
            AliyunVpcEmulator emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults().withHost("127.0.0.1")
                    .withPort(0).withAssociationDelay(Duration.ZERO).withMaxAssociatedInstances(2),
                    topology(pairCount, naming));
            closeLast.add(emulator); // after the coordinators, whose last cloud calls it still answers

            ctx.say("starting %d coordinators (real Alibaba SDK provider against the emulator at %s)", COORDINATORS,
                    emulator.endpoint());
            List<Coordinator> coordinators = startCoordinators(kafka.bootstrapServers(), topics, emulator.endpoint());
            coordinators.forEach(c -> closeables.add(c::close));
            await(Duration.ofSeconds(60), "every coordinator may decide",
                    () -> coordinators.stream().allMatch(Coordinator::mayDecide));

            SimulatedFleet fleet = new SimulatedFleet(kafka.bootstrapServers(), topics, pairCount, HEARTBEAT_MS, clock,
                    naming);
            closeables.add(0, fleet);
            Map<String, Pair> pairs = fleet.pairs().stream().collect(Collectors.toMap(Pair::havipId, p -> p));

            CommandWatcher commands = new CommandWatcher(kafka.bootstrapServers(), topics.commands(), env -> {
                Command c = (Command) env.data();
                Pair pair = pairs.get(c.havipId());
                Tracked t = tracked.get(c.havipId());
                if (pair == null || t == null) {
                    return;
                }
                Node node = pair.node(c.nodeId());
                synchronized (t) {
                    if (c instanceof Remap r && r.epoch() > t.epoch) {
                        Failover f = t.inFlight;
                        if (f != null && f.transitionAt != null && f.commandAt == null && f.to.nodeId.equals(r.nodeId())
                                && r.epoch() > f.epochBefore) {
                            f.commandAt = env.time();
                        }
                        t.owner = r.nodeId();
                        t.epoch = r.epoch();
                    } else if (c instanceof Fence) {
                        Failover f = t.inFlight;
                        if (f != null && f.fenceAt == null && f.from.nodeId.equals(c.nodeId())) {
                            f.fenceAt = env.time();
                        }
                        if (node != null) {
                            node.fenced(true);
                        }
                    }
                    settle(t, clock);
                }
                if (c instanceof Unfence && node != null) {
                    node.fenced(false);
                    // the fence's track file is gone: keepalived leaves FAULT and rejoins as BACKUP
                    if (node.state() == VrrpState.FAULT) {
                        fleet.transition(node, VrrpState.BACKUP, e -> { });
                    }
                    synchronized (t) {
                        t.awaitingRejoin = false;
                    }
                } else if (c instanceof Reannounce && node != null && node.state() == VrrpState.MASTER) {
                    emulator.announce(c.havipId(), node.instanceId);
                }
            });
            closeables.add(0, commands);

            long[] lastCall = {0};
            Map<String, Long> callCounts = new ConcurrentHashMap<>();
            timers.scheduleWithFixedDelay(() -> readCalls(emulator, lastCall, tracked, callCounts, clock), 100, 100,
                    TimeUnit.MILLISECONDS);
            Admin admin = kafka.admin();
            closeables.add(admin);
            timers.scheduleWithFixedDelay(() -> sampleLag(admin, GROUP, topics, lagSamples), 1, 1, TimeUnit.SECONDS);

            ctx.say("%,d HaVip pairs: %,d simulated agents publish their state, then heartbeats every %d ms (%,d/s)",
                    pairCount, pairCount * 2, HEARTBEAT_MS, pairCount * 2 * 1000 / HEARTBEAT_MS);
            long fleetStart = System.nanoTime();
            fleet.start();
            Duration ownersCap = Duration.ofSeconds(ctx.quick() ? 30 : 120);
            boolean allOwned = awaitQuietly(ownersCap, () -> tracked.values().stream().allMatch(t -> {
                synchronized (t) {
                    return t.owner != null;
                }
            }));
            long owned = tracked.values().stream().filter(t -> {
                synchronized (t) {
                    return t.owner != null;
                }
            }).count();
            double ownersSeconds = (System.nanoTime() - fleetStart) / 1e9;
            ctx.say("%,d of %,d HaVips have an owner after %.1f s%s", owned, pairCount, ownersSeconds,
                    allOwned ? "" : " (going on with those)");

            RoundTrip roundTrip = new RoundTrip(kafka.bootstrapServers(), rttTopics.nodeEvents(), clock, rtt);
            closeables.add(0, roundTrip);
            long heartbeats0 = fleet.heartbeatsPublished();
            // where the cloud executor's lanes spend their time: failovers' cloud calls queue on them
            StackSampler lanes = StackSampler.start("cloud-executor-", 20);
            closeables.add(0, lanes);
            long phaseStart = System.nanoTime();
            int started = 0;
            int cursor = 0;
            long periodNanos = (long) (1e9 / failuresPerSecond);
            long next = phaseStart;
            ctx.say("failures: %.0f per second for %d s (owner's keepalived → FAULT, its peer → MASTER %d ms later)",
                    failuresPerSecond, failurePhase.toSeconds(), TAKEOVER_SKEW_MS);
            while (System.nanoTime() - phaseStart < failurePhase.toNanos()) {
                long now = System.nanoTime();
                if (now < next) {
                    Thread.sleep(Math.max(1, (next - now) / 1_000_000));
                    continue;
                }
                next += periodNanos;
                Failover f = null;
                for (int k = 0; k < pairCount && f == null; k++) {
                    Pair p = fleet.pairs().get((cursor + k) % pairCount);
                    f = beginIfReady(p, tracked.get(p.havipId()), clock);
                    if (f != null) {
                        cursor = (cursor + k + 1) % pairCount;
                    }
                }
                if (f == null) {
                    continue; // every pair is busy: this slot passes
                }
                started++;
                failovers.add(f);
                Failover failover = f;
                fleet.transition(f.from, VrrpState.FAULT, e -> { });
                timers.schedule(() -> {
                    fleet.transition(failover.to, VrrpState.MASTER, e -> failover.transitionAt = e.time());
                    // keepalived's gratuitous ARP: the cloud routes to an associated instance that announces
                    emulator.announce(failover.pair.havipId(), failover.to.instanceId);
                }, TAKEOVER_SKEW_MS, TimeUnit.MILLISECONDS);
                if (started % 50 == 0) {
                    ctx.say("%d failures started, %d decided, lag %s events", started,
                            failovers.stream().filter(x -> x.commandAt != null).count(),
                            lagSamples.isEmpty() ? "?" : lagSamples.get(lagSamples.size() - 1)[1]);
                }
            }
            double phaseSeconds = (System.nanoTime() - phaseStart) / 1e9;
            double heartbeatRate = (fleet.heartbeatsPublished() - heartbeats0) / phaseSeconds;
            ctx.say("%d failures started; waiting up to %d s for their decisions and cloud calls", started,
                    settleCap.toSeconds());
            Thread.sleep(TAKEOVER_SKEW_MS + 100);
            boolean settled = awaitQuietly(settleCap, () -> failovers.stream().allMatch(Failover::done));
            Instant end = clock.instant();
            result.note("the coordinators' own cloud metrics at the end (summed over members): %s",
                    cloudMetrics(coordinators));
            result.note("where the coordinators' cloud executor threads were during the failures (stack samples every"
                    + " 20 ms): %s", lanes.top(5));
            roundTrip.close();

            report(end, settled, owned, ownersSeconds, heartbeatRate, fleet.failedPublishes(), commands.count(),
                    callCounts);
        }

        void report(Instant end, boolean settled, long owned, double ownersSeconds, double heartbeatRate,
                long failedPublishes, long commandsRead, Map<String, Long> callCounts) {
            List<Failover> timed = failovers.stream().filter(f -> f.transitionAt != null).toList();
            if (timed.isEmpty()) {
                throw new IllegalStateException("no failure could be started: no HaVip got an owner");
            }
            if (rtt.isEmpty()) {
                throw new IllegalStateException("the baseline round trip got no sample");
            }
            // A failover not decided by the end counts with the time it had waited so far: a lower bound.
            double[] toCommand = timed.stream().mapToDouble(f -> millis(f.transitionAt, f.commandAt != null ? f.commandAt
                    : end)).toArray();
            double[] toCloud = timed.stream().mapToDouble(f -> millis(f.transitionAt, f.cloudAt != null ? f.cloudAt
                    : end)).toArray();
            long undecided = timed.stream().filter(f -> f.commandAt == null).count();
            long notInCloud = timed.stream().filter(f -> f.cloudAt == null).count();
            Stats a = Stats.of(toCommand);
            Stats b = Stats.of(toCloud);
            Stats base = Stats.of(rtt.stream().mapToDouble(Double::doubleValue).toArray());
            double[] fence = timed.stream().filter(f -> f.fenceAt != null).mapToDouble(f -> millis(f.transitionAt,
                    f.fenceAt)).toArray();

            result.headline(Row.of("(a) transition → Remap command, p99", "ms", a.p99()).against(base.p99())
                    .goal(Goal.withinBaseline(2, 5, "ms")));
            result.row(Row.of("(a) transition → Remap command, p50", "ms", a.p50()).against(base.p50()));
            result.row(Row.of("(a) transition → Remap command, max", "ms", a.max()).against(base.max()));
            result.row(Row.of("(b) transition → emulator association moved, p50", "ms", b.p50()));
            result.row(Row.of("(b) transition → emulator association moved, p99", "ms", b.p99()));
            result.row(Row.of("(b) transition → emulator association moved, max", "ms", b.max()));
            if (fence.length > 0) {
                result.row(Row.of("transition → Fence of the old owner, p50", "ms", Stats.of(fence).p50()));
            }
            result.row(Row.of("failovers timed", "", timed.size()));
            result.row(Row.of("of which no Remap by the end of the run", "", undecided));
            result.row(Row.of("of which association not moved by the end", "", notInCloud));
            long[] lags = lagSamples.stream().mapToLong(s -> s[1]).sorted().toArray();
            if (lags.length > 0) {
                result.row(Row.of("coordinators' lag on node-events, median", "events", lags[lags.length / 2]));
                result.row(Row.of("coordinators' lag on node-events, max", "events", lags[lags.length - 1]));
                result.row(Row.of("coordinators' lag on node-events, max, at the heartbeat rate", "s",
                        lags[lags.length - 1] / Math.max(1, heartbeatRate)));
            }
            result.row(Row.of("heartbeats published", "/s", heartbeatRate));

            result.note("%,d HaVip pairs (%,d simulated agents: heartbeats every %d ms, VRRP transitions) on the sandbox's"
                    + " parts: in-process broker (%d partitions), 3 coordinators (LocalCoordinators, real Alibaba SDK"
                    + " provider), Alibaba VPC emulator at zero association delay with the %,d HaVips in %d VPCs; hold-down"
                    + " %d ms, rejoin after %d ms", pairCount, pairCount * 2, HEARTBEAT_MS, PARTITIONS, pairCount,
                    (pairCount + HAVIPS_PER_VPC - 1) / HAVIPS_PER_VPC, HOLD_DOWN_MS, REJOIN_AFTER_MS);
            result.note("%,d of %,d HaVips had an owner %.1f s after the agents started; failures then at %.0f/s for %d s"
                    + " on pairs whose previous failover had settled (old owner unfenced and associated again,"
                    + " hold-down over)", owned, pairCount, ownersSeconds, failuresPerSecond, failurePhase.toSeconds());
            result.note("one failure: the owner's keepalived goes FAULT (its agent publishes MASTER → FAULT and keeps"
                    + " reporting), %d ms later the peer's goes MASTER (BACKUP → MASTER; its gratuitous ARP reaches the"
                    + " emulator); the clock starts at that transition's event time, as its agent produced it", TAKEOVER_SKEW_MS);
            result.note("(a) ends at the Remap command's event time (set by the coordinator as it publishes it), read"
                    + " from the commands topic; (b) when the emulator's call log shows the HaVip associated with the"
                    + " peer and no longer with the old owner (UnassociateHaVip with Force: the network fence)");
            if (undecided > 0 || notInCloud > 0) {
                result.note("%d failovers had no Remap and %d no moved association %s after the failures stopped: they"
                        + " count with the time they had waited by then, so the percentiles above are lower bounds",
                        undecided, notInCloud, settled ? "" : "within " + settleCap.toSeconds() + " s");
            }
            result.note("baseline: %,d round trips, one every 10 ms during the failures, of a heartbeat-sized event"
                    + " (agent producer settings, acks=all, linger 5 ms) to a plain consumer; the same clock at both ends",
                    rtt.size());
            result.note("lag = end offsets of node-events − the coordinators' committed offsets, sampled every second"
                    + " (%d samples); %,d commands read; %d failed publishes", lagSamples.size(), commandsRead,
                    failedPublishes);
            result.note("emulator API calls over the whole run (coordinators' failover calls and their reconciler, which"
                    + " describes every HaVip every 5 s on the same executor lanes), by action and error code: %s", new java.util.TreeMap<>(callCounts));
            ctx.say("(a) p50 %.1f ms p99 %.1f ms; (b) p50 %.1f ms p99 %.1f ms; baseline p99 %.1f ms", a.p50(), a.p99(),
                    b.p50(), b.p99(), base.p99());
        }
    }

    /** Sums the coordinators' {@code vipwarden_cloud_calls_total}/{@code _retries_total} series by labels. */
    private static Map<String, Long> cloudMetrics(List<Coordinator> coordinators) {
        Map<String, Long> sums = new java.util.TreeMap<>();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (Coordinator c : coordinators) {
            try {
                String text = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + c.httpPort() + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                for (String line : text.split("\n")) {
                    if ((line.startsWith("vipwarden_cloud_calls_total{") || line.startsWith("vipwarden_cloud_retries_total{"))) {
                        int space = line.lastIndexOf(' ');
                        String series = line.substring(0, space).replaceAll(",?provider=\"[^\"]*\"", "")
                                .replace("vipwarden_cloud_", "").replace("_total", "");
                        sums.merge(series, (long) Double.parseDouble(line.substring(space + 1)), Long::sum);
                    }
                }
            } catch (IOException | RuntimeException e) {
                sums.merge("unreadable", 1L, Long::sum);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return sums;
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    /** Marks a pair's failover settled once decided and moved in the cloud; the next may start after hold-down. */
    private static void settle(Tracked t, Clock clock) {
        Failover f = t.inFlight;
        if (f != null && f.done()) {
            t.inFlight = null;
            t.awaitingRejoin = f.fenceAt != null;
            t.readyAfter = f.transitionAt.plusMillis(HOLD_DOWN_MS + 500);
        }
    }

    private static Failover beginIfReady(Pair p, Tracked t, Clock clock) {
        synchronized (t) {
            if (t.owner == null || t.inFlight != null || t.awaitingRejoin || t.associated.size() != 2
                    || clock.instant().isBefore(t.readyAfter)) {
                return null;
            }
            Node owner = p.node(t.owner);
            if (owner == null || owner.state() != VrrpState.MASTER || p.other(owner).state() != VrrpState.BACKUP) {
                return null;
            }
            t.inFlight = new Failover(p, owner, p.other(owner), t.epoch);
            return t.inFlight;
        }
    }

    /** Follows the emulator's association changes from its call log (each call's time is when it was applied). */
    private static void readCalls(AliyunVpcEmulator emulator, long[] last, Map<String, Tracked> tracked,
            Map<String, Long> counts, Clock clock) {
        List<CallRecord> calls = emulator.calls();
        int from = calls.size();
        while (from > 0 && calls.get(from - 1).seq() > last[0]) {
            from--;
        }
        for (CallRecord call : calls.subList(from, calls.size())) {
            last[0] = call.seq();
            counts.merge(call.action() + ("OK".equals(call.code()) ? "" : " " + call.code()), 1L, Long::sum);
            boolean associate = call.action().equals("AssociateHaVip");
            if (!"OK".equals(call.code()) || !(associate || call.action().equals("UnassociateHaVip"))) {
                continue;
            }
            Tracked t = tracked.get(call.params().get("HaVipId"));
            String instance = call.params().get("InstanceId");
            if (t == null || instance == null) {
                continue;
            }
            synchronized (t) {
                if (associate) {
                    t.associated.add(instance);
                } else {
                    t.associated.remove(instance);
                }
                Failover f = t.inFlight;
                if (f != null && f.transitionAt != null && f.cloudAt == null
                        && t.associated.equals(Set.of(f.to.instanceId))) {
                    f.cloudAt = Instant.parse(call.receivedAt());
                }
                settle(t, clock);
            }
        }
    }

    private static void sampleLag(Admin admin, String group, TopicNames topics, List<long[]> samples) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topics.nodeEvents(), p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            samples.add(new long[] {System.currentTimeMillis(), lag});
        } catch (Exception e) {
            // a missed sample is not worth stopping the run for
        }
    }

    /** The sandbox's emulator topology, scaled: HaVips of 250 per VPC (addresses repeat across VPCs, as clouds allow). */
    private static VpcState topology(int pairs, SimulatedFleet.Naming naming) {
        List<VpcState.Vpc> vpcs = new ArrayList<>();
        List<VpcState.VSwitch> vswitches = new ArrayList<>();
        List<VpcState.Instance> instances = new ArrayList<>();
        List<VpcState.SavedHaVip> havips = new ArrayList<>();
        for (int v = 0; v * HAVIPS_PER_VPC < pairs; v++) {
            vpcs.add(new VpcState.Vpc("vpc-bench-" + v, "192.0.2.0/24"));
            vswitches.add(new VpcState.VSwitch("vsw-bench-" + v, "vpc-bench-" + v, "192.0.2.0/24"));
        }
        for (int i = 0; i < pairs; i++) {
            String vsw = "vsw-bench-" + i / HAVIPS_PER_VPC;
            instances.add(new VpcState.Instance(naming.instance(i, 'a'), vsw));
            instances.add(new VpcState.Instance(naming.instance(i, 'b'), vsw));
            // associated with both servers once by an operator; node a announced first
            havips.add(new VpcState.SavedHaVip(naming.havip(i), vsw, naming.vip(i), "bench-" + i, null, null,
                    List.of(naming.instance(i, 'a'), naming.instance(i, 'b')), naming.instance(i, 'a')));
        }
        return new VpcState("cn-hangzhou", vpcs, vswitches, instances, havips);
    }

    private static Map<String, Object> coordinatorSettings(int index, List<Integer> ports, String bootstrap,
            TopicNames topics, String endpoint) {
        Map<String, Object> c = LocalCoordinators.settings(index, ports, "vipwarden-bench-latency", bootstrap, topics,
                endpoint);
        c.put("heartbeat.interval.ms", HEARTBEAT_MS);
        c.put("holddown.ms", HOLD_DOWN_MS);
        c.put("rejoin.after.ms", REJOIN_AFTER_MS);
        c.put("failover.budget.count", 1000);
        c.put("failover.budget.window.ms", 60_000);
        c.put("kafka.group.id", GROUP);
        return c;
    }

    private static List<Coordinator> startCoordinators(String bootstrap, TopicNames topics, String endpoint)
            throws Exception {
        List<Integer> ports = FreePorts.onLoopback(COORDINATORS);
        List<Coordinator> started = new CopyOnWriteArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < COORDINATORS; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    started.add(LocalCoordinators.start(CoordinatorConfig.fromMap(coordinatorSettings(index, ports,
                            bootstrap, topics, endpoint)), Clock.systemUTC()));
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "bench-start-coordinator-" + (i + 1));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            started.forEach(Coordinator::close);
            throw new IllegalStateException("a coordinator did not start: " + failures.get(0), failures.get(0));
        }
        return List.copyOf(started);
    }

    private static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        if (!awaitQuietly(timeout, condition)) {
            throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting until " + what);
        }
    }

    private static boolean awaitQuietly(Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Reads every command the coordinators publish, from the start of the topic, on its own thread. */
    private static final class CommandWatcher implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long count;

        CommandWatcher(String bootstrap, String topic, java.util.function.Consumer<Envelope> onCommand) {
            EventCodec codec = new EventCodec();
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(bootstrap,
                    "bench-commands", null, Map.of()));
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            try {
                                Envelope env = codec.decode(r.value());
                                if (env.data() instanceof Command) {
                                    count++;
                                    onCommand.accept(env);
                                }
                            } catch (MalformedEventException e) {
                                // not a command this benchmark can read: the coordinators' own tests cover the contract
                            }
                        }
                    }
                } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
                    // closing
                }
            }, "bench-commands");
            thread.setDaemon(true);
            thread.start();
        }

        long count() {
            return count;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }

    /**
     * The baseline: an event of a heartbeat's size produced with the agent's producer settings every
     * 10 ms, timed until a plain consumer on the same broker has it.
     */
    private static final class RoundTrip implements AutoCloseable {
        private final Thread producerThread;
        private final Thread consumerThread;
        private volatile boolean running = true;

        RoundTrip(String bootstrap, String topic, Clock clock, List<Double> samples) {
            EventCodec codec = new EventCodec();
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(bootstrap,
                    "bench-rtt", null, Map.of()));
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position); // resolve the positions before the first probe is sent
            EventPublisher publisher = new EventPublisher(new KafkaProducer<>(KafkaSettings.producer(bootstrap,
                    "bench-rtt", Map.of("linger.ms", 5))), codec);
            consumerThread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            Instant now = clock.instant();
                            try {
                                samples.add(millis(codec.decode(r.value()).time(), now));
                            } catch (MalformedEventException e) {
                                // only this benchmark writes the topic
                            }
                        }
                    }
                }
            }, "bench-rtt-consumer");
            producerThread = new Thread(() -> {
                long seq = 0;
                try (publisher) {
                    while (running) {
                        int i = (int) (seq % 1000);
                        Heartbeat hb = new Heartbeat(String.format("havip-rtt-%04d", i), "node-rtt", "rtt", ++seq,
                                "i-rtt", SimulatedFleet.VRRP_INSTANCE, VrrpState.MASTER, 100, "192.0.2.1", true,
                                List.of(), false, HEARTBEAT_MS);
                        publisher.publish(topic, Envelope.wrap("/vipwarden/agent/node-rtt", hb, clock));
                        Thread.sleep(10);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-rtt-producer");
            consumerThread.setDaemon(true);
            producerThread.setDaemon(true);
            consumerThread.start();
            producerThread.start();
        }

        @Override
        public void close() throws InterruptedException {
            if (!running) {
                return;
            }
            running = false;
            producerThread.join(5000);
            consumerThread.join(5000);
        }
    }
}
