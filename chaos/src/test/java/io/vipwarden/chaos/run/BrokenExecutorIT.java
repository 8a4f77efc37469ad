package io.vipwarden.chaos.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.chaos.check.CheckReport;
import io.vipwarden.chaos.check.Checker;
import io.vipwarden.chaos.check.Violation;
import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.record.CloudRecorder;
import io.vipwarden.chaos.record.KafkaRecorder;
import io.vipwarden.chaos.record.Recording;
import io.vipwarden.cloud.CloudCaller;
import io.vipwarden.cloud.CloudCredentials;
import io.vipwarden.cloud.CloudMetrics;
import io.vipwarden.cloud.RetryPolicy;
import io.vipwarden.cloud.aliyun.AliyunHavipProvider;
import io.vipwarden.cloud.aliyun.AliyunSettings;
import io.vipwarden.coordinator.decision.Action.CloudCall;
import io.vipwarden.coordinator.decision.Action.CloudKind;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.MemberView;
import io.vipwarden.coordinator.executor.CloudExecutor;
import io.vipwarden.coordinator.executor.Outbox;
import io.vipwarden.coordinator.metrics.CoordinatorMetrics;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import io.vipwarden.testbed.emulator.CallRecord;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import io.vipwarden.testbed.emulator.VpcState;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker against the coordinator's real cloud executor, the real Alibaba SDK and the emulator:
 * a member that decided at epoch 1 is held back (a long pause) while another member carries out
 * epoch 2; when it wakes up, the correct executor drops its stale call, and an executor that
 * ignores epochs runs it. The checker must pass the first history and catch the second.
 */
@ExtendWith(KafkaExtension.class)
class BrokenExecutorIT {
    private static final String HAVIP = "havip-stale1";
    private static final String KEY = "LTAIchaosKey";
    private static final String SECRET = "chaos-secret";
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;

    @Test
    void shouldPassTheHistoryOfTheRealExecutorWhichDropsTheStaleCall(EmbeddedKafka kafka) throws Exception {
        CheckReport report = play(kafka, false);
        assertFalse(report.has(Violation.Kind.STALE_CLOUD_ACTION), report.print());
        assertTrue(report.passed(), report.print());
    }

    @Test
    void shouldCatchAnExecutorThatIgnoresEpochs(EmbeddedKafka kafka) throws Exception {
        CheckReport report = play(kafka, true);
        Violation stale = report.violations().stream().filter(v -> v.kind() == Violation.Kind.STALE_CLOUD_ACTION)
                .findFirst().orElseThrow(() -> new AssertionError("not caught:\n" + report.print()));
        assertTrue(stale.message().contains("UNASSOCIATE i-sandbox-2 at epoch 1 after it had executed UNASSOCIATE"
                + " i-sandbox-1 at epoch 2"), report.print());
        assertTrue(report.print().contains("minimal history (seed 11"), report.print());
    }

    private CheckReport play(EmbeddedKafka kafka, boolean ignoreEpochs) throws Exception {
        TopicNames topics = kafka.freshTopics("chaos-stale", 1);
        VpcState base = VpcState.defaultTopology();
        new VpcState(base.regionId(), base.vpcs(), base.vSwitches(), base.instances(), List.of(
                new VpcState.SavedHaVip(HAVIP, "vsw-sandbox", "192.0.2.70", null, null, "2026-01-01T00:00:00Z",
                        List.of("i-sandbox-1", "i-sandbox-2"), "i-sandbox-1"))).save(dir.resolve("vpc.json"));
        Recording recording = new Recording();
        // the record as the fencing store answers it: node-a owns epoch 1, node-b is fenced as a claimant
        Map<String, HavipRecord> store = new ConcurrentHashMap<>(Map.of(HAVIP, record(1, "node-a", "node-b")));
        CountDownLatch wakeUp = new CountDownLatch(1);
        try (AliyunVpcEmulator emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults()
                .withCredentials(Map.of(KEY, SECRET)).withStateFile(dir.resolve("vpc.json"))
                .withAssociationDelay(Duration.ofMillis(50)));
             EventPublisher publisher = new EventPublisher(new KafkaProducer<>(KafkaSettings.producer(
                     kafka.bootstrapServers(), "chaos-stale", Map.of())), new EventCodec());
             KafkaRecorder kafkaRecorder = new KafkaRecorder(kafka.bootstrapServers(), topics, recording, CLOCK)) {
            recording.accept(new Entry.Member(CLOCK.instant(), HAVIP, "node-a", "i-sandbox-1"));
            recording.accept(new Entry.Member(CLOCK.instant(), HAVIP, "node-b", "i-sandbox-2"));
            CloudRecorder cloud = new CloudRecorder(new CloudRecorder.CloudProbe() {
                @Override
                public List<CallRecord> calls() {
                    return emulator.calls();
                }

                @Override
                public VpcState state() {
                    return emulator.state();
                }
            }, recording, CLOCK);
            cloud.poll();

            // member x decided at epoch 1 to fence the claimant node-b, then paused before running it
            ThreadLocal<Long> decided = new ThreadLocal<>();
            CloudExecutor.BeforeRun pause = call -> {
                decided.set(call.epoch());
                if (call.epoch() == 1) {
                    wakeUp.await(30, TimeUnit.SECONDS);
                }
            };
            // what "ignores epochs" means: the record it checks against is the one its call was decided on
            Function<String, HavipRecord> recordOfX = ignoreEpochs ? havip -> record(decided.get(), "node-a", "node-b")
                    : store::get;
            try (CloudExecutor x = executor("coordinator-x", emulator, publisher, topics, recordOfX, pause);
                 CloudExecutor y = executor("coordinator-y", emulator, publisher, topics, store::get,
                         CloudExecutor.BeforeRun.NONE)) {
                x.submit(HAVIP, List.of(new CloudCall(CloudKind.UNASSOCIATE, HAVIP, "node-b", "i-sandbox-2", 1,
                        "FENCE_CLAIMANT: node-b claims MASTER")), null);
                // meanwhile node-a died: member y grants node-b epoch 2 and fences node-a off
                store.put(HAVIP, record(2, "node-b", "node-a"));
                y.submit(HAVIP, List.of(new CloudCall(CloudKind.UNASSOCIATE, HAVIP, "node-a", "i-sandbox-1", 2,
                        "FENCE_OLD_OWNER: node-a lost it at epoch 2")), null);
                await().atMost(Duration.ofSeconds(20)).until(() -> !emulator.state().haVips().get(0)
                        .associatedInstances().contains("i-sandbox-1"));
                cloud.poll();
                wakeUp.countDown();
                String outcome = ignoreEpochs ? "EXECUTED" : "DROPPED";
                await().atMost(Duration.ofSeconds(20)).until(() -> recording.all(Entry.AuditProduced.class).stream()
                        .anyMatch(a -> a.epoch() != null && a.epoch() == 1 && outcome.equals(a.outcome())));
                await().atMost(Duration.ofSeconds(20)).until(() -> recording.all(Entry.AuditProduced.class).stream()
                        .filter(a -> a.type() == AuditEvent.Type.CLOUD_CALL).count() >= (ignoreEpochs ? 2 : 1));
                cloud.poll();
            }
        }
        return new Checker(Duration.ofSeconds(5)).check(recording.history(11));
    }

    private static CloudExecutor executor(String member, AliyunVpcEmulator emulator, EventPublisher publisher,
            TopicNames topics, Function<String, HavipRecord> records, CloudExecutor.BeforeRun beforeRun) {
        PrometheusRegistry registry = new PrometheusRegistry();
        CoordinatorMetrics metrics = new CoordinatorMetrics(registry);
        RetryPolicy fast = new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(10),
                Duration.ofMillis(80), Duration.ofMillis(25));
        AliyunHavipProvider provider = new AliyunHavipProvider(new AliyunSettings("cn-hangzhou", emulator.endpoint(),
                true, "EcsInstance", new CloudCredentials(KEY, SECRET), fast), CloudMetrics.in(registry), CLOCK,
                CloudCaller.Sleeper.THREAD);
        Outbox outbox = new Outbox(publisher, topics, member, CLOCK, metrics, ok -> { });
        return new CloudExecutor(provider, records, outbox, metrics, 1, member, beforeRun);
    }

    /** The HaVip's record with {@code owner} at {@code epoch} and {@code fenced} fenced (the revision says the epoch). */
    private static HavipRecord record(long epoch, String owner, String fenced) {
        Map<String, MemberView> members = new HashMap<>();
        members.put("node-a", member("node-a", "i-sandbox-1", fenced.equals("node-a")));
        members.put("node-b", member("node-b", "i-sandbox-2", fenced.equals("node-b")));
        return new HavipRecord(HAVIP, "192.0.2.70", "vpc-sandbox", owner, epoch, epoch, members,
                HavipState.Phase.STABLE, false, false, null, List.of(), null, null, false, null, List.of(),
                CLOCK.instant());
    }

    private static MemberView member(String node, String instance, boolean fenced) {
        return new MemberView(node, instance, fenced ? VrrpState.MASTER : VrrpState.BACKUP, 100, true, CLOCK.instant(),
                1000, fenced, null, fenced ? CLOCK.instant() : null, "inc-" + node, 1, null);
    }
}
