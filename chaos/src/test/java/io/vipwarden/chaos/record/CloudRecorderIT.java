package io.vipwarden.chaos.record;

import static io.vipwarden.chaos.history.Entry.CloudAction.ASSOCIATE;
import static io.vipwarden.chaos.history.Entry.CloudAction.UNASSOCIATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.chaos.check.CheckReport;
import io.vipwarden.chaos.check.Checker;
import io.vipwarden.chaos.check.Violation;
import io.vipwarden.chaos.history.Entry;
import io.vipwarden.cloud.CloudCaller;
import io.vipwarden.cloud.CloudCredentials;
import io.vipwarden.cloud.CloudMetrics;
import io.vipwarden.cloud.RetryPolicy;
import io.vipwarden.cloud.aliyun.AliyunHavipProvider;
import io.vipwarden.cloud.aliyun.AliyunSettings;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import io.vipwarden.testbed.emulator.VpcState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloud recorder on the emulator's real call log, fed by the real Alibaba SDK. */
class CloudRecorderIT {
    private static final String HAVIP = "havip-chaos1";
    private static final String KEY = "LTAIchaosKey";
    private static final String SECRET = "chaos-secret";

    @TempDir
    Path dir;
    AliyunVpcEmulator emulator;
    AliyunHavipProvider provider;
    final Recording recording = new Recording();
    CloudRecorder recorder;

    @BeforeEach
    void start() throws IOException {
        VpcState base = VpcState.defaultTopology();
        new VpcState(base.regionId(), base.vpcs(), base.vSwitches(), base.instances(), List.of(
                new VpcState.SavedHaVip(HAVIP, "vsw-sandbox", "192.0.2.50", null, null, "2026-01-01T00:00:00Z",
                        List.of("i-sandbox-1", "i-sandbox-2"), "i-sandbox-1"))).save(dir.resolve("state.json"));
        emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults().withCredentials(Map.of(KEY, SECRET))
                .withStateFile(dir.resolve("state.json")).withAssociationDelay(Duration.ofMillis(50)));
        RetryPolicy fast = new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(10),
                Duration.ofMillis(80), Duration.ofMillis(25));
        provider = new AliyunHavipProvider(new AliyunSettings("cn-hangzhou", emulator.endpoint(), true, "EcsInstance",
                new CloudCredentials(KEY, SECRET), fast), CloudMetrics.in(new PrometheusRegistry()),
                Clock.systemUTC(), CloudCaller.Sleeper.THREAD);
        recorder = new CloudRecorder(new CloudRecorder.CloudProbe() {
            @Override
            public List<io.vipwarden.testbed.emulator.CallRecord> calls() {
                return emulator.calls();
            }

            @Override
            public VpcState state() {
                return emulator.state();
            }
        }, recording, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        provider.close();
        emulator.close();
    }

    @Test
    void shouldRecordCloudActionsWithTheirEpochsAndCatchAStaleOne() throws Exception {
        recorder.poll();
        // epoch 2: the old owner i-sandbox-1 is fenced off; then a call decided at epoch 1 arrives late
        provider.unassociate(HAVIP, "i-sandbox-1", true, ClientTokenEpochs.coordinatorToken(HAVIP, 2, UNASSOCIATE,
                "i-sandbox-1"));
        recorder.poll();
        provider.associate(HAVIP, "i-sandbox-1", ClientTokenEpochs.coordinatorToken(HAVIP, 1, ASSOCIATE, "i-sandbox-1"));
        provider.unassociate(HAVIP, "i-sandbox-2", true, "vw-e3-whatever");
        recorder.poll();

        List<Entry.CloudCall> calls = recording.all(Entry.CloudCall.class);
        assertEquals(List.of(2L, 1L, 3L), calls.stream().map(Entry.CloudCall::epoch).toList(), calls.toString());
        assertTrue(calls.stream().allMatch(Entry.CloudCall::executed), calls.toString());
        List<Entry.CloudState> states = recording.all(Entry.CloudState.class);
        assertEquals(List.of("i-sandbox-1", "i-sandbox-2"), states.get(0).associated());
        assertEquals("i-sandbox-1", states.get(0).master());
        assertEquals(List.of("i-sandbox-1"), states.get(states.size() - 1).associated());

        CheckReport report = new Checker(Duration.ofSeconds(5)).check(recording.history(77));
        Violation stale = report.violations().stream().filter(v -> v.kind() == Violation.Kind.STALE_CLOUD_ACTION)
                .findFirst().orElseThrow(() -> new AssertionError(report.print()));
        assertTrue(stale.message().contains("ASSOCIATE i-sandbox-1 at epoch 1 after it had executed UNASSOCIATE"
                + " i-sandbox-1 at epoch 2"), report.print());
        assertTrue(report.print().contains("seed 77"), report.print());
    }

    @Test
    void shouldLeaveCallsWithForeignTokensUnjudgedAndSkipReads() throws Exception {
        provider.describe(HAVIP);
        provider.unassociate(HAVIP, "i-sandbox-2", true, "someone-elses-token");
        recorder.poll();
        List<Entry.CloudCall> calls = recording.all(Entry.CloudCall.class);
        assertEquals(1, calls.size(), calls.toString());
        assertEquals(null, calls.get(0).epoch());
        CheckReport report = new Checker(Duration.ofSeconds(5)).check(recording.history(1));
        assertEquals(1, report.unattributedCloudCalls());
    }
}
