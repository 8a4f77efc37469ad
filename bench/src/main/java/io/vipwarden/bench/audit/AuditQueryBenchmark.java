package io.vipwarden.bench.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vipwarden.bench.BenchContext;
import io.vipwarden.bench.BenchResult;
import io.vipwarden.bench.Benchmark;
import io.vipwarden.bench.Goal;
import io.vipwarden.bench.Row;
import io.vipwarden.bench.Stats;
import io.vipwarden.bench.process.Jcmd;
import io.vipwarden.bench.process.ProcStats;
import io.vipwarden.bench.process.ServiceJvmOptions;
import io.vipwarden.bench.process.TempDirs;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.gateway.audit.AuditStore;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.TopicNames;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The audit trail at fleet scale: a million audit events go through the real path (the audit topic
 * on a broker, read by a running gateway in its own JVM), then typical operator and auditor queries
 * over HTTP, the gateway's memory, and how long it takes to catch up after a restart.
 */
public final class AuditQueryBenchmark implements Benchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration SPAN = Duration.ofDays(30);
    private static final int PAGES_PER_WALK = 10;

    @Override
    public String name() {
        return "audit-query";
    }

    @Override
    public String title() {
        return "audit queries over HTTP on 1,000,000 audit events; gateway memory; catch-up after a restart";
    }

    @Override
    public String goals() {
        return "p99 < 50 ms, catch-up < 30 s";
    }

    @Override
    public String baseline() {
        return "GET /healthz on the same gateway by the same HTTP client, interleaved one for one with the"
                + " queries. It is the floor of any answer from this server on this machine at this moment"
                + " (connection, Vert.x routing, a tiny JSON body), so the ratio is what the audit query itself"
                + " costs and stays meaningful when the machine's load changes during the run. (A linear scan"
                + " of the events in memory would be a strawman: the store's index beats it by orders of"
                + " magnitude by construction, and the ratio would say nothing about the operator's wait.)";
    }

    @Override
    public BenchResult run(BenchContext ctx) throws Exception {
        int events = ctx.size(1_000_000, 100_000);
        boolean tiny = ctx.sizeOverride() > 0;
        int whileDown = tiny ? Math.max(10, events / 100) : Math.max(1_000, events / 100);
        int samples = tiny ? 20 : ctx.quick() ? 400 : 2_000;
        int havips = Math.max(10, events / 1_000);
        Instant start = Instant.now().minus(SPAN).truncatedTo(ChronoUnit.SECONDS);
        AuditEventGenerator generator = new AuditEventGenerator(42, havips, start, SPAN, events + whileDown);
        BenchResult.Builder result = new BenchResult.Builder();
        Path work = Files.createTempDirectory("vipwarden-bench-audit-");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (EmbeddedKafka kafka = EmbeddedKafka.create().start()) {
            TopicNames topics = TopicNames.withPrefix("bench");
            kafka.createTopics(topics, 6);
            ctx.say("publishing %,d audit events over %d HaVips to %s", events, havips, topics.audit());
            long produceBegin = System.nanoTime();
            produce(kafka.bootstrapServers(), topics.audit(), generator, events);
            double produceSeconds = (System.nanoTime() - produceBegin) / 1e9;

            Path config = GatewayProcess.writeConfig(work, kafka.bootstrapServers(), topics.prefix());
            Duration cold;
            long pid;
            double rssMiB;
            double heapMiB;
            try (GatewayProcess gateway = GatewayProcess.start(ctx.root(), config, work.resolve("gateway-1.log"),
                    http)) {
                ctx.say("gateway (pid %d) reads the audit topic from the beginning", gateway.pid());
                long t0 = System.nanoTime();
                cold = gateway.awaitReady(events, t0, Duration.ofMinutes(10));
                ctx.say("gateway ready with %,d events after %.1f s; querying (%d samples per kind)", events,
                        cold.toMillis() / 1e3, samples);
                queries(ctx, http, gateway.baseUrl(), start, havips, samples, result);
                pid = gateway.pid();
                rssMiB = ProcStats.rssKiB(pid) / 1024.0;
                heapMiB = Jcmd.liveHeapMiB(pid);
                gateway.stop();
            }
            // what part of a restart is the store's own index rebuild: open the same file here, timed
            long openBegin = System.nanoTime();
            try (AuditStore reopened = AuditStore.open(work.resolve("gateway-data").resolve(topics.audit()), false)) {
                if (reopened.size() != events) {
                    throw new IllegalStateException("the stopped gateway's store holds " + reopened.size()
                            + " events, expected " + events);
                }
            }
            double rebuildSeconds = (System.nanoTime() - openBegin) / 1e9;
            ctx.say("gateway stopped; publishing %,d more events while it is down", whileDown);
            produce(kafka.bootstrapServers(), topics.audit(), generator, whileDown);
            Duration catchUp;
            double httpUp;
            double rssAfterRestart;
            try (GatewayProcess gateway = GatewayProcess.start(ctx.root(), config, work.resolve("gateway-2.log"),
                    http)) {
                long t0 = System.nanoTime();
                catchUp = gateway.awaitReady(events + whileDown, t0, Duration.ofMinutes(5));
                httpUp = (gateway.firstAnswerNanos() - t0) / 1e9;
                rssAfterRestart = ProcStats.rssKiB(gateway.pid()) / 1024.0;
                ctx.say("restarted gateway ready with %,d events after %.1f s", events + whileDown,
                        catchUp.toMillis() / 1e3);
            }
            long storeBytes;
            try (var files = Files.walk(work.resolve("gateway-data"))) {
                storeBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            result.row(Row.of("gateway RSS after the queries", "MiB", rssMiB));
            if (heapMiB >= 0) {
                result.row(Row.of("gateway live heap after a full GC", "MiB", heapMiB));
            }
            result.row(Row.of("gateway RSS after restart + catch-up", "MiB", rssAfterRestart));
            result.row(Row.of("catch-up after a restart (+" + String.format("%,d", whileDown) + " events while down)",
                    "s", catchUp.toMillis() / 1e3).goal(Goal.atMost(30, "s")));
            result.row(Row.of("of which: process start → first HTTP answer", "s", httpUp));
            result.row(Row.of("of which: index rebuilt from the store file (timed alone)", "s", rebuildSeconds));
            result.row(Row.of("first start: index the whole topic", "s", cold.toMillis() / 1e3));
            result.row(Row.of("first start: ingest rate", "events/s", events / (cold.toMillis() / 1e3)));
            result.note("%,d audit events (+%,d while the gateway was down) over %,d HaVips and 30 days, 6"
                    + " partitions, published by one idempotent producer in %.1f s; the gateway runs in its own JVM"
                    + " with the launcher's options (%s), audit.fsync at its default (true)", events, whileDown,
                    havips, produceSeconds, ServiceJvmOptions.gateway().isBlank()
                            ? "none: the JVM's defaults" : ServiceJvmOptions.gateway());
            result.note("audit store on disk: %.0f MiB; catch-up = start of the new process → /readyz READY with"
                    + " every event (JVM start, index rebuilt from the file, the topic read from where the file"
                    + " ends)", storeBytes / 1048576.0);
        } finally {
            if (Boolean.getBoolean("vipwarden.bench.keep")) {
                ctx.say("kept the work directory (logs, store): %s", work);
            } else {
                TempDirs.delete(work);
            }
        }
        return result.build();
    }

    private static void produce(String bootstrap, String topic, AuditEventGenerator generator, int count)
            throws Exception {
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        Map<String, Object> props = KafkaSettings.producer(bootstrap, "bench-audit-producer",
                Map.of("linger.ms", "20", "batch.size", "262144", "buffer.memory", "67108864"));
        Clock clock = Clock.systemUTC();
        try (EventPublisher publisher = new EventPublisher(new KafkaProducer<>(props), new EventCodec())) {
            for (int i = 0; i < count; i++) {
                publisher.publish(topic, Envelope.wrap("bench", generator.next(), clock)).whenComplete((m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                });
            }
            publisher.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " audit events could not be published",
                    firstFailure.get());
        }
    }

    /** The three typical queries, each interleaved one for one with the /healthz baseline. */
    private static void queries(BenchContext ctx, HttpClient http, String base, Instant start, int havips,
            int samples, BenchResult.Builder result) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        long spanSeconds = SPAN.toSeconds();
        // warm-up: JIT both sides before anything is measured
        for (int i = 0; i < Math.min(300, samples); i++) {
            get(http, base + "/healthz");
            get(http, base + "/api/v1/audit?limit=50&havip=" + AuditEventGenerator.havipId(random.nextInt(havips)));
        }
        long[] baseline = new long[samples * 3];
        int b = 0;
        long[][] times = new long[3][samples];
        long[] items = new long[3];

        for (int i = 0; i < samples; i++) {
            Instant since = start.plusSeconds(random.nextLong(spanSeconds - 86_400));
            String q = "/api/v1/audit?limit=50&havip=" + AuditEventGenerator.havipId(random.nextInt(havips))
                    + "&since=" + enc(since.toString()) + "&until=" + enc(since.plus(Duration.ofDays(1)).toString());
            baseline[b++] = timed(http, base + "/healthz", null);
            times[0][i] = timed(http, base + q, items);
        }
        for (int i = 0; i < samples; i++) {
            AuditEvent.Type type = AuditEventGenerator.TYPES[random.nextInt(AuditEventGenerator.TYPES.length)];
            baseline[b++] = timed(http, base + "/healthz", null);
            times[1][i] = timedCount(http, base + "/api/v1/audit?limit=50&type=" + type.name(), items, 1);
        }
        // paginated: walk PAGES_PER_WALK pages of 100 with the cursor, from the newest, by node
        int page = 0;
        while (page < samples) {
            String node = "node-" + String.format("%06d", random.nextInt(havips)) + "-a";
            String cursor = null;
            for (int p = 0; p < PAGES_PER_WALK && page < samples; p++) {
                String url = base + "/api/v1/audit?limit=100&node=" + node
                        + (cursor == null ? "" : "&cursor=" + enc(cursor));
                baseline[b++] = timed(http, base + "/healthz", null);
                long t0 = System.nanoTime();
                HttpResponse<String> r = get(http, url);
                times[2][page++] = System.nanoTime() - t0;
                JsonNode body = MAPPER.readTree(r.body());
                items[2] += body.path("items").size();
                cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
                if (cursor == null) {
                    break;
                }
            }
        }
        Stats base0 = Stats.ofNanosAsMillis(baseline, b);
        String[] names = {"HaVip + 1-day range, limit 50", "type, limit 50", "node, paged by cursor, 100/page"};
        long[] all = new long[samples * 3];
        for (int k = 0; k < 3; k++) {
            Stats s = Stats.ofNanosAsMillis(times[k], samples);
            System.arraycopy(times[k], 0, all, k * samples, samples);
            result.row(Row.of("p50, " + names[k], "ms", s.p50()).against(base0.p50()));
            result.row(Row.of("p99, " + names[k], "ms", s.p99()).against(base0.p99()).goal(Goal.atMost(50, "ms")));
        }
        Stats allStats = Stats.ofNanosAsMillis(all, all.length);
        result.headline(Row.of("p99, all queries", "ms", allStats.p99()).against(base0.p99())
                .goal(Goal.atMost(50, "ms")));
        result.row(Row.of("max, all queries", "ms", allStats.max()).against(base0.max()));
        result.note("%,d samples per query kind; items returned per query on average: %.1f (HaVip + range), %.1f"
                + " (type), %.1f (node pages); warm-up of %d queries first", samples, items[0] / (double) samples,
                items[1] / (double) samples, items[2] / (double) samples, Math.min(300, samples));
        ctx.say("queries done: p99 %.2f ms (healthz p99 %.2f ms)", allStats.p99(), base0.p99());
    }

    private static long timed(HttpClient http, String url, long[] items) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(http, url);
        long t = System.nanoTime() - t0;
        if (items != null) {
            items[0] += MAPPER.readTree(r.body()).path("items").size();
        }
        return t;
    }

    private static long timedCount(HttpClient http, String url, long[] items, int slot) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(http, url);
        long t = System.nanoTime() - t0;
        items[slot] += MAPPER.readTree(r.body()).path("items").size();
        return t;
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
