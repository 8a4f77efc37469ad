package io.vipwarden.bench.coordinator;

import io.vipwarden.bench.BenchContext;
import io.vipwarden.bench.BenchResult;
import io.vipwarden.bench.Benchmark;
import io.vipwarden.bench.Goal;
import io.vipwarden.bench.Row;
import io.vipwarden.bench.process.ProcStats;
import io.vipwarden.bench.process.StackSampler;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Heartbeats of a 10,000-node fleet, queued on the node-events topic, drained by three real
 * coordinators: the rate at which they drain a backlog is the highest publication rate they sustain
 * with bounded lag (any rate below it, the lag stays bounded; above it, it grows without end).
 */
public final class ThroughputBenchmark implements Benchmark {
    private static final int COORDINATORS = 3;
    private static final int PARTITIONS = 6;
    /**
     * The interval the simulated agents announce: long enough that no node times out while the first
     * round is decided (~15 s at ~700 decisions/s), which a fleet heartbeating meanwhile would not do.
     */
    private static final long INTERVAL_MS = 10_000;

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public String title() {
        return "heartbeats from 10,000 simulated nodes: events/s three coordinators sustain (backlog drain rate)";
    }

    @Override
    public String goals() {
        return ">= 50,000 events/s, >= 0.5× baseline";
    }

    @Override
    public String baseline() {
        return "a plain KafkaConsumer (no decoding, no decisions) draining the same topic on the same broker in the"
                + " same run: what Kafka itself allows here, so the ratio is the share of it the coordinators keep.";
    }

    @Override
    public BenchResult run(BenchContext ctx) throws Exception {
        int nodes = ctx.size(10_000, 10_000);
        // Phase 1, every node's first heartbeat: the coordinators learn the fleet (a stored decision per
        // node). Phase 2, the steady rounds a running fleet sends (same state, next sequence), published
        // as fast as one producer can while the coordinators drain them: their drain rate once the
        // producer has finished is the benchmark's figure.
        int steadyRounds = ctx.sizeOverride() > 0 ? 2 : ctx.quick() ? 10 : 30;
        int pairs = Math.max(1, nodes / 2);
        long firstRound = (long) pairs * 2;
        long steady = firstRound * steadyRounds;
        long total = firstRound + steady;
        BenchResult.Builder result = new BenchResult.Builder();
        try (EmbeddedKafka kafka = EmbeddedKafka.create().start()) {
            TopicNames topics = TopicNames.withPrefix("bench");
            kafka.createTopics(topics, PARTITIONS);
            ctx.say("publishing the first round: %,d heartbeats to %s", firstRound, topics.nodeEvents());
            publish(kafka.bootstrapServers(), topics, records(topics, pairs, 1, 1));
            ctx.say("encoding %,d steady heartbeats (%d rounds)", steady, steadyRounds);
            List<ProducerRecord<byte[], byte[]>> steadyRecords = records(topics, pairs, 2, 1 + steadyRounds);

            List<String> havips = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                havips.add(havip(i));
            }
            ctx.say("starting %d coordinators", COORDINATORS);
            long c0 = System.nanoTime();
            long pid = ProcessHandle.current().pid();
            try (CoordinatorCluster cluster = CoordinatorCluster.start(COORDINATORS, kafka.bootstrapServers(), topics,
                    havips, i -> List.of(instance(i, 'a'), instance(i, 'b')));
                    Admin admin = kafka.admin()) {
                Progress first = awaitCommitted(ctx, admin, cluster, topics, firstRound, Duration.ofMinutes(15));
                double startSeconds = (first.firstProgressNanos - c0) / 1e9;
                double firstSeconds = (first.doneNanos - first.firstProgressNanos) / 1e9;
                ctx.say("first round decided at %,.0f events/s; publishing the steady rounds",
                        first.counted / firstSeconds);

                Map<String, Long> cpu0 = ProcStats.cpuNanosByThread(pid);
                long s0 = System.nanoTime();
                AtomicLong published = new AtomicLong();
                Thread producer = new Thread(() -> {
                    publish(kafka.bootstrapServers(), topics, steadyRecords);
                    published.set(System.nanoTime());
                }, "bench-steady-producer");
                producer.start();
                long[] atPublished = new long[2];
                StackSampler[] sampler = new StackSampler[1];
                Map<String, Long> cpuAtPublished;
                Progress done;
                try {
                    done = awaitCommitted(ctx, admin, cluster, topics, total, Duration.ofMinutes(15), committed -> {
                        if (atPublished[0] == 0 && published.get() != 0) {
                            atPublished[0] = System.nanoTime();
                            atPublished[1] = committed;
                            sampler[0] = StackSampler.start("coordinator-events-", 20);
                            return true;
                        }
                        return false;
                    });
                    cpuAtPublished = sampler[0] == null ? cpu0 : lastCpu;
                } finally {
                    if (sampler[0] != null) {
                        sampler[0].close();
                    }
                    producer.join();
                }
                Map<String, Long> cpu1 = ProcStats.cpuNanosByThread(pid);
                double publishSeconds = (published.get() - s0) / 1e9;
                long backlog = total - atPublished[1];
                double drainSeconds = (done.doneNanos - atPublished[0]) / 1e9;
                double wholeSeconds = (done.doneNanos - s0) / 1e9;
                // A backlog too small to time means the coordinators kept up with the producer: then the
                // figure is the steady rounds over the whole phase (a lower bound of what they sustain).
                boolean drained = backlog >= Math.max(1, steady / 5);
                double rate = drained ? backlog / drainSeconds : steady / wholeSeconds;
                String where = sampler[0] == null ? "(no samples)" : sampler[0].top(6);
                String busiest = drained
                        ? ProcStats.busiestThreads(cpuAtPublished, cpu1, done.doneNanos - atPublished[0], 10)
                        : ProcStats.busiestThreads(cpu0, cpu1, done.doneNanos - s0, 10);

                Map<String, Long> perMember = perMember(admin, cluster.groupId, first.ends, done.ends);
                cluster.close();
                double baselineRate = plainDrain(kafka.bootstrapServers(), topics, total);
                ctx.say("baseline: a plain consumer drains the whole topic at %,.0f events/s", baselineRate);

                result.headline(Row.of("3 coordinators together", "events/s", rate).against(baselineRate)
                        .goal(Goal.atLeast(50_000, "events/s")));
                result.row(Row.of("3 coordinators together, against the plain consumer", "events/s", rate)
                        .against(baselineRate).goal(Goal.atLeastBaseline(0.5)));
                double perSeconds = drained ? drainSeconds : wholeSeconds;
                double share = drained ? (double) backlog / steady : 1.0;
                perMember.values().stream().mapToDouble(v -> v * share / perSeconds).min().ifPresent(
                        v -> result.row(Row.of("least busy coordinator", "events/s", v)));
                perMember.values().stream().mapToDouble(v -> v * share / perSeconds).max().ifPresent(
                        v -> result.row(Row.of("busiest coordinator", "events/s", v)));
                result.row(Row.of("steady rounds published by one producer, coordinators draining meanwhile",
                        "events/s", steady / publishSeconds));
                result.row(Row.of("first heartbeat of every node (each one a stored decision)", "events/s",
                        first.counted / firstSeconds));
                result.row(Row.of("coordinators start → first committed progress", "s", startSeconds));
                result.note("%,d nodes (%,d HaVip pairs: one MASTER, one BACKUP, healthy,"
                        + " announcing a 10 s interval so none times out while the first round is decided), %d"
                        + " partitions: a first round of %,d heartbeats queued before the coordinators start, then"
                        + " %d steady rounds (%,d heartbeats: same state, next sequence) published by one idempotent"
                        + " producer from pre-encoded records while the coordinators drain", pairs * 2, pairs,
                        PARTITIONS, firstRound, steadyRounds, steady);
                result.note(drained
                        ? String.format(java.util.Locale.ROOT, "rate = the backlog left when the producer finished"
                                + " (%,d of %,d steady events, after %.1f s of publishing) drained in %.2f s, read"
                                + " from the group's committed offsets every 50 ms", backlog, steady, publishSeconds,
                                drainSeconds)
                        : String.format(java.util.Locale.ROOT, "the coordinators kept up with the producer (backlog"
                                + " %,d when it finished after %.1f s): rate = all steady events over the whole phase,"
                                + " %.2f s, a lower bound", backlog, publishSeconds, wholeSeconds));
                result.note("per coordinator: its share of the steady events by the partitions it held at the end (%s)",
                        perMember);
                result.note("where the coordinators' event threads were while draining the backlog (stack samples"
                        + " every 20 ms): %s", where);
                result.note("this JVM's threads by CPU over the same window: %s. One JVM on 2 cores holds the broker,"
                        + " the three coordinators (each with its Hazelcast member, consumer and producer) and the"
                        + " bench; the plain consumer runs alone, after them", busiest);
                result.note("cloud provider: ARP-only (no cloud API on the event path)");
            }
        }
        return result.build();
    }

    /** Thread CPU times read by the committed-offsets loop when the producer finished. */
    private static Map<String, Long> lastCpu = Map.of();

    static String havip(int i) {
        return String.format("havip-t%05d", i);
    }

    static String instance(int i, char side) {
        return String.format("i-t%05d-%c", i, side);
    }

    private static List<ProducerRecord<byte[], byte[]>> records(TopicNames topics, int pairs, int fromRound,
            int toRound) {
        EventPublisher encoder = new EventPublisher(null, new EventCodec());
        Clock clock = Clock.systemUTC();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int r = fromRound; r <= toRound; r++) {
            for (int i = 0; i < pairs; i++) {
                for (char side : new char[] {'a', 'b'}) {
                    Heartbeat hb = new Heartbeat(havip(i), String.format("n%05d-%c", i, side), "inc-1", r,
                            instance(i, side), "VI_1", side == 'a' ? VrrpState.MASTER : VrrpState.BACKUP,
                            side == 'a' ? 100 : 90, "192.0.2." + (1 + i % 250), true, List.of(), false, INTERVAL_MS);
                    out.add(encoder.toRecord(topics.nodeEvents(), Envelope.wrap("/vipwarden/agent/" + hb.nodeId(),
                            hb, clock)));
                }
            }
        }
        return out;
    }

    private static void publish(String bootstrap, TopicNames topics, List<ProducerRecord<byte[], byte[]>> records) {
        AtomicLong failed = new AtomicLong();
        Map<String, Object> props = KafkaSettings.producer(bootstrap, "bench-fleet",
                Map.of("linger.ms", "20", "batch.size", "262144", "buffer.memory", "134217728"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record, (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " heartbeats could not be published");
        }
    }

    /** Drains the topic with a plain consumer and returns events/s. */
    private static double plainDrain(String bootstrap, TopicNames topics, long total) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(bootstrap,
                "bench-plain", null, Map.of("max.poll.records", "2000")))) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                parts.add(new TopicPartition(topics.nodeEvents(), p));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long n = 0;
            long bytes = 0;
            long t0 = System.nanoTime();
            while (n < total) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (var r : records) {
                    bytes += r.value().length; // touch every record, as any reader would
                }
                n += records.count();
                if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("the plain consumer read only " + n + " of " + total);
                }
            }
            return n / ((System.nanoTime() - t0) / 1e9) + (bytes < 0 ? 1 : 0);
        }
    }

    private record Progress(long firstProgressNanos, long doneNanos, long counted, Map<TopicPartition, Long> ends) {
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, TopicNames topics) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> specs = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            specs.put(new TopicPartition(topics.nodeEvents(), p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static Progress awaitCommitted(BenchContext ctx, Admin admin, CoordinatorCluster cluster,
            TopicNames topics, long target, Duration timeout) throws Exception {
        return awaitCommitted(ctx, admin, cluster, topics, target, timeout, c -> false);
    }

    /**
     * Waits until the group has committed {@code target} events; {@code onEachRead} sees every sum read
     * (returns true when it wants the thread CPU times of that moment kept in {@link #lastCpu}).
     */
    private static Progress awaitCommitted(BenchContext ctx, Admin admin, CoordinatorCluster cluster,
            TopicNames topics, long target, Duration timeout, java.util.function.LongPredicate onEachRead)
            throws Exception {
        long pid = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + timeout.toNanos();
        long first = 0;
        long firstCommitted = 0;
        long start = -1;
        long lastReport = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> ends = endOffsets(admin, topics);
            Map<TopicPartition, Long> offsets = committed(admin, cluster.groupId, ends.keySet());
            long committed = offsets.values().stream().mapToLong(Long::longValue).sum();
            long now = System.nanoTime();
            if (onEachRead.test(committed)) {
                lastCpu = ProcStats.cpuNanosByThread(pid);
            }
            if (start < 0) {
                start = committed;
            }
            if (first == 0 && committed > start) {
                first = now;
                firstCommitted = start;
            }
            if (committed >= target) {
                return new Progress(first == 0 ? now : first, now, committed - firstCommitted, offsets);
            }
            if (now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                ctx.say("coordinators: %,d of %,d committed%s", committed, target,
                        cluster.allMayDecide() ? "" : " (not all may decide)");
                lastReport = now;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the coordinators did not commit " + target + " heartbeats in " + timeout);
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group, java.util.Set<TopicPartition> parts)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : parts) {
            OffsetAndMetadata o = offsets.get(tp);
            out.put(tp, o == null ? 0 : o.offset());
        }
        return out;
    }

    /** Steady-round events per member, from the partitions each held at the end. */
    private static Map<String, Long> perMember(Admin admin, String group, Map<TopicPartition, Long> firstRoundEnds,
            Map<TopicPartition, Long> ends) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(10, TimeUnit.SECONDS);
        Map<String, Long> out = new java.util.TreeMap<>();
        for (MemberDescription m : d.members()) {
            long n = m.assignment().topicPartitions().stream()
                    .mapToLong(tp -> ends.getOrDefault(tp, 0L) - firstRoundEnds.getOrDefault(tp, 0L)).sum();
            out.put(m.clientId(), n);
        }
        return out;
    }
}
