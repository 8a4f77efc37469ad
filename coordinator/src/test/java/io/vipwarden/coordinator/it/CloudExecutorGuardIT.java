package io.vipwarden.coordinator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.cloud.CloudCaller;
import io.vipwarden.cloud.CloudCredentials;
import io.vipwarden.cloud.CloudMetrics;
import io.vipwarden.cloud.RetryPolicy;
import io.vipwarden.cloud.aliyun.AliyunHavipProvider;
import io.vipwarden.cloud.aliyun.AliyunSettings;
import io.vipwarden.coordinator.decision.Action.CloudCall;
import io.vipwarden.coordinator.decision.Action.CloudKind;
import io.vipwarden.coordinator.decision.EngineSettings;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.MemberView;
import io.vipwarden.coordinator.executor.ClientTokens;
import io.vipwarden.coordinator.executor.CloudExecutor;
import io.vipwarden.coordinator.executor.Outbox;
import io.vipwarden.coordinator.metrics.CoordinatorMetrics;
import io.vipwarden.coordinator.reconcile.Reconciler;
import io.vipwarden.coordinator.store.ClusterMember;
import io.vipwarden.coordinator.store.ClusterSettings;
import io.vipwarden.coordinator.store.FencingStore;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.VrrpState;
import io.vipwarden.testbed.FreePorts;
import io.vipwarden.testbed.emulator.CallRecord;
import io.vipwarden.testbed.emulator.Faults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cloud executor's stale-call guard, all real: the fencing store on a Hazelcast member on
 * loopback, the Alibaba SDK against the VPC emulator, audits through Kafka. A call is held back
 * (the executor's {@link CloudExecutor.BeforeRun} hook) or paused inside the provider (its
 * {@link CloudCaller.Sleeper}: a backoff or a poll, where a GC pause or SIGSTOP would hit) while the
 * record moves on; what it does afterwards is read from the audit topic and the emulator's call log.
 * The reconciler's corrections go through the same guard.
 */
class CloudExecutorGuardIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String HAVIP = "havip-guard";
    static final String A = "node-a";
    static final String B = "node-b";
    static final String I_A = "i-sandbox-1";
    static final String I_B = "i-sandbox-2";
    static final RetryPolicy RETRY = new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(15),
            Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(25));
    static final Clock CLOCK = Clock.systemUTC();

    static HazelcastInstance hz;
    static FencingStore store;
    static int tests;

    Testbed bed;
    Pauses pauses;
    AliyunHavipProvider provider;
    CloudExecutor executor;
    Outbox outbox;

    @BeforeAll
    static void startMember() {
        int port = FreePorts.oneOnLoopback();
        hz = ClusterMember.start(new ClusterSettings("guard-it-" + UUID.randomUUID(), "guard", "127.0.0.1", port,
                List.of("127.0.0.1:" + port), 1, Map.of("hazelcast.wait.seconds.before.join", "0")));
        store = new FencingStore(hz, 1);
        // split-brain protection refuses every operation until the member has seen its cluster form
        await().atMost(WAIT).until(store::hasQuorum);
    }

    @AfterAll
    static void stopMember() {
        hz.shutdown();
    }

    /** A fresh HaVip (its own id, topics and emulator) with both instances associated; {@code hold} runs before each call. */
    void start(CloudExecutor.BeforeRun hold) throws Exception {
        String havip = havip();
        bed = new Testbed("guard" + tests, List.of(havip));
        pauses = new Pauses();
        PrometheusRegistry registry = new PrometheusRegistry();
        CoordinatorMetrics metrics = new CoordinatorMetrics(registry);
        provider = new AliyunHavipProvider(new AliyunSettings("cn-hangzhou", bed.emulator.endpoint(), true,
                "EcsInstance", new CloudCredentials(Testbed.KEY_ID, Testbed.SECRET), RETRY), CloudMetrics.in(registry),
                CLOCK, pauses);
        provider.associate(havip, I_A, "setup-a");
        provider.associate(havip, I_B, "setup-b");
        outbox = new Outbox(bed.publisher, bed.topics, "guard-member", CLOCK, metrics, ok -> { });
        executor = new CloudExecutor(provider, store::current, outbox, metrics, 1, "guard-member", hold);
    }

    @AfterEach
    void stop() {
        if (pauses != null) {
            pauses.resume.countDown();
        }
        if (executor != null) {
            executor.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (bed != null) {
            bed.close();
        }
        tests++;
    }

    // ---- (a) a call held back while the record moves on at the same epoch -------------------------------

    @Test
    void shouldDropAHeldBackFenceOfANodeThatRejoinedAtTheSameEpoch() throws Exception {
        Hold hold = new Hold(CloudKind.UNASSOCIATE);
        start(hold);
        seed(7, A, B); // node-b fenced as a claimant at epoch 7; the cloud has not unassociated it yet
        executor.submit(havip(), List.of(new CloudCall(CloudKind.UNASSOCIATE, havip(), B, I_B, 7,
                "FENCE_CLAIMANT: node-b claims MASTER")), null);
        assertTrue(hold.held.await(10, TimeUnit.SECONDS));

        HavipRecord rejoined = change(r -> withMember(r, B, false, VrrpState.BACKUP, 90)); // REJOIN at epoch 7
        hold.release.countDown();

        AuditEvent dropped = awaitAudit(AuditEvent.Type.STALE_ACTION_DROPPED, B);
        assertEquals(7L, dropped.epoch());
        assertEquals("DROPPED", dropped.outcome());
        assertTrue(dropped.reason().contains("node-b is no longer fenced"), dropped.reason());
        assertEquals("7", dropped.inputs().get("epoch.current"));
        assertEquals(String.valueOf(rejoined.revision()), dropped.inputs().get("revision.current"));
        assertTrue(calls("UnassociateHaVip").isEmpty(), "the emulator never received the fence");
        assertEquals(List.of(I_A, I_B), associated());
        assertTrue(audits(AuditEvent.Type.CLOUD_CALL, B).isEmpty());
    }

    @Test
    void shouldRunAHeldBackFenceWhenOnlyOtherFactsChangedAtTheSameEpoch() throws Exception {
        Hold hold = new Hold(CloudKind.UNASSOCIATE);
        start(hold);
        seed(7, A, B);
        executor.submit(havip(), List.of(new CloudCall(CloudKind.UNASSOCIATE, havip(), B, I_B, 7,
                "FENCE_CLAIMANT: node-b claims MASTER")), null);
        assertTrue(hold.held.await(10, TimeUnit.SECONDS));

        // a new revision at the same epoch that leaves the fence's premise as it was
        HavipRecord changed = change(r -> withMember(r, A, false, VrrpState.MASTER, 80));
        hold.release.countDown();

        AuditEvent executed = awaitAudit(AuditEvent.Type.CLOUD_CALL, B);
        assertEquals("EXECUTED", executed.outcome(), executed.reason());
        assertEquals(String.valueOf(changed.revision()), executed.inputs().get("revision.current"));
        assertEquals(List.of(I_A), associated());
        assertTrue(audits(AuditEvent.Type.STALE_ACTION_DROPPED, B).isEmpty());
    }

    @Test
    void shouldDropAHeldBackAssociateOfANodeFencedAgainAtTheSameEpoch() throws Exception {
        Hold hold = new Hold(CloudKind.ASSOCIATE);
        start(hold);
        provider.unassociate(havip(), I_B, true, "setup-fence-b");
        seed(7, A, null); // node-b rejoined: its association as standby is queued
        executor.submit(havip(), List.of(new CloudCall(CloudKind.ASSOCIATE, havip(), B, I_B, 7,
                "REJOIN: node-b has been healthy and BACKUP")), null);
        assertTrue(hold.held.await(10, TimeUnit.SECONDS));

        change(r -> withMember(r, B, true, VrrpState.MASTER, 90)); // fenced again as a claimant, same epoch
        hold.release.countDown();

        AuditEvent dropped = awaitAudit(AuditEvent.Type.STALE_ACTION_DROPPED, B);
        assertTrue(dropped.reason().contains("node-b has been fenced"), dropped.reason());
        assertTrue(calls("AssociateHaVip").isEmpty(), "the emulator never received the association");
        assertEquals(List.of(I_A), associated());
    }

    // ---- (b) a call paused inside the provider while the record moves on -----------------------------

    @Test
    void shouldNotRetryAFencePausedInItsBackoffOnceTheEpochMoved() throws Exception {
        start(CloudExecutor.BeforeRun.NONE);
        seed(7, A, B);
        bed.emulator.setFaults(new Faults(0, false, List.of(new Faults.ErrorRule("UnassociateHaVip",
                "OperationConflict", 0, 1.0, 1)), null));
        pauses.pauseNext();
        executor.submit(havip(), List.of(
                new CloudCall(CloudKind.UNASSOCIATE, havip(), B, I_B, 7, "FENCE_CLAIMANT: node-b claims MASTER"),
                new CloudCall(CloudKind.VERIFY, havip(), A, I_A, 7, "FENCE_CLAIMANT: node-b claims MASTER")), null);
        assertTrue(pauses.paused.await(10, TimeUnit.SECONDS), "paused in the backoff after OperationConflict");

        change(r -> failover(r, B, A)); // meanwhile node-a died: node-b owns epoch 8, node-a is fenced
        pauses.resume.countDown();

        AuditEvent abandoned = awaitAudit(AuditEvent.Type.CLOUD_CALL, B);
        assertEquals("ABANDONED", abandoned.outcome(), abandoned.reason());
        assertEquals(7L, abandoned.epoch());
        assertTrue(abandoned.reason().contains("was decided at epoch 7 but the HaVip is at epoch 8"),
                abandoned.reason());
        assertEquals("1", abandoned.inputs().get("requests.sent"));
        assertEquals("8", abandoned.inputs().get("epoch.current"));
        assertEquals(List.of("OperationConflict"), calls("UnassociateHaVip").stream().map(CallRecord::code).toList(),
                "the request that failed, and no retry after the pause");
        assertEquals(List.of(I_A, I_B), associated());
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> audits(AuditEvent.Type.CLOUD_CALL, A).isEmpty());
        assertFalse(audits(AuditEvent.Type.CLOUD_CALL, A).stream().anyMatch(a -> "VERIFIED".equals(a.outcome())),
                "the rest of epoch 7's decision is dropped with it");
    }

    @Test
    void shouldRetryAFencePausedInItsBackoffWhileItIsStillCurrent() throws Exception {
        start(CloudExecutor.BeforeRun.NONE);
        seed(7, A, B);
        bed.emulator.setFaults(new Faults(0, false, List.of(new Faults.ErrorRule("UnassociateHaVip",
                "OperationConflict", 0, 1.0, 1)), null));
        pauses.pauseNext();
        executor.submit(havip(), List.of(new CloudCall(CloudKind.UNASSOCIATE, havip(), B, I_B, 7,
                "FENCE_CLAIMANT: node-b claims MASTER")), null);
        assertTrue(pauses.paused.await(10, TimeUnit.SECONDS));

        change(r -> withMember(r, A, false, VrrpState.MASTER, 80)); // a new revision, same premise
        pauses.resume.countDown();

        AuditEvent executed = awaitAudit(AuditEvent.Type.CLOUD_CALL, B);
        assertEquals("EXECUTED", executed.outcome(), executed.reason());
        assertEquals(List.of("OperationConflict", "OK"), calls("UnassociateHaVip").stream().map(CallRecord::code)
                .toList());
        assertEquals(List.of(I_A), associated());
        assertEquals("2", executed.inputs().get("premise.checks"), "checked again before the request and the retry");
    }

    @Test
    void shouldNotRequestAgainAnAssociatePausedWhileItPolledOnceItsNodeWasFenced() throws Exception {
        start(CloudExecutor.BeforeRun.NONE);
        CloudCall rejoin = new CloudCall(CloudKind.ASSOCIATE, havip(), B, I_B, 7,
                "REJOIN: node-b has been healthy and BACKUP");
        String token = ClientTokens.of(7, havip(), "ASSOCIATE", I_B);
        // an earlier run of the same decision associated node-b under the same token, and a fence undid
        // it: the cloud answers the token again without acting, and the flow would request again
        provider.unassociate(havip(), I_B, true, "setup-fence-b");
        provider.associate(havip(), I_B, token);
        provider.unassociate(havip(), I_B, true, "setup-fence-b-again");
        seed(7, A, null);
        pauses.pauseNext();
        executor.submit(havip(), List.of(rejoin), null);
        assertTrue(pauses.paused.await(10, TimeUnit.SECONDS), "paused between two polls");

        change(r -> withMember(r, B, true, VrrpState.MASTER, 90)); // fenced again as a claimant, same epoch
        pauses.resume.countDown();

        AuditEvent abandoned = awaitAudit(AuditEvent.Type.CLOUD_CALL, B);
        assertEquals("ABANDONED", abandoned.outcome(), abandoned.reason());
        assertTrue(abandoned.reason().contains("node-b has been fenced"), abandoned.reason());
        assertEquals("1", abandoned.inputs().get("requests.sent"));
        assertEquals(List.of(token, token), calls("AssociateHaVip").stream()
                .filter(c -> I_B.equals(c.params().get("InstanceId"))).map(c -> c.params().get("ClientToken"))
                .filter(t -> t.startsWith(token)).toList(), "no " + token + "-r1 after the pause");
        assertEquals(List.of(I_A), associated());
    }

    @Test
    void shouldNotRetryAReconcilersFencePausedInItsBackoffOnceItsNodeRejoined() throws Exception {
        start(CloudExecutor.BeforeRun.NONE);
        seed(7, A, B); // node-b is fenced but still associated: drift the reconciler corrects
        bed.emulator.setFaults(new Faults(0, false, List.of(new Faults.ErrorRule("UnassociateHaVip",
                "OperationConflict", 0, 1.0, 1)), null));
        pauses.pauseNext();
        Reconciler reconciler = new Reconciler(store::current, store::currentEpoch, provider, outbox,
                new CoordinatorMetrics(new PrometheusRegistry()), new EngineSettings(Duration.ofMillis(200), 3,
                        Duration.ofSeconds(1), 3, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(1)),
                CLOCK);
        executor.onLane(havip(), () -> reconciler.reconcile(havip()));
        assertTrue(pauses.paused.await(10, TimeUnit.SECONDS), "paused in the backoff after OperationConflict");

        change(r -> withMember(r, B, false, VrrpState.BACKUP, 90)); // REJOIN at epoch 7
        pauses.resume.countDown();

        AuditEvent abandoned = awaitAudit(AuditEvent.Type.RECONCILE_CORRECTION, B);
        assertEquals("ABANDONED", abandoned.outcome(), abandoned.reason());
        assertTrue(abandoned.reason().startsWith("FENCED_STILL_ASSOCIATED"), abandoned.reason());
        assertTrue(abandoned.reason().contains("node-b is no longer fenced"), abandoned.reason());
        assertEquals(List.of("OperationConflict"), calls("UnassociateHaVip").stream().map(CallRecord::code).toList());
        assertEquals(List.of(I_A, I_B), associated());
    }

    // ---- fixtures -------------------------------------------------------------------------------------

    String havip() {
        return HAVIP + "-" + tests;
    }

    /** Stores the HaVip at {@code epoch}, owned by {@code owner}, {@code fenced} (or nobody) fenced. */
    void seed(long epoch, String owner, String fenced) {
        Map<String, MemberView> members = new TreeMap<>();
        members.put(A, member(A, I_A, A.equals(fenced), A.equals(owner) ? VrrpState.MASTER : VrrpState.BACKUP, 100));
        members.put(B, member(B, I_B, B.equals(fenced), B.equals(fenced) ? VrrpState.MASTER : VrrpState.BACKUP, 90));
        HavipRecord r = new HavipRecord(havip(), "192.0.2.50", "vpc-sandbox", owner, epoch, 0, members,
                HavipState.Phase.STABLE, false, false, null, List.of(), null, null, false, null, List.of(),
                CLOCK.instant());
        assertTrue(store.restore(r));
    }

    /** Changes the stored record the way a decision would (compare-and-set), @return what is stored now. */
    HavipRecord change(UnaryOperator<HavipRecord> decision) {
        HavipRecord current = store.current(havip());
        HavipRecord stored = store.compareAndSet(current, decision.apply(current));
        assertTrue(stored != null, "no one else writes this HaVip");
        return stored;
    }

    static HavipRecord withMember(HavipRecord r, String node, boolean fenced, VrrpState state, int priority) {
        Map<String, MemberView> members = new TreeMap<>(r.members());
        members.put(node, member(node, r.member(node).cloudInstanceId(), fenced, state, priority));
        return r.withMembers(members);
    }

    /** {@code owner} takes over at the next epoch and {@code loser} is fenced. */
    static HavipRecord failover(HavipRecord r, String owner, String loser) {
        HavipRecord m = withMember(withMember(r, owner, false, VrrpState.MASTER, 90), loser, true, VrrpState.FAULT, 100);
        return new HavipRecord(m.havipId(), m.vip(), m.vpcId(), owner, r.epoch() + 1, r.revision(), m.members(),
                m.phase(), false, false, null, List.of(), null, "OWNER_DEAD", false, null, List.of(), CLOCK.instant());
    }

    static MemberView member(String node, String instance, boolean fenced, VrrpState state, int priority) {
        Instant now = CLOCK.instant();
        return new MemberView(node, instance, state, priority, true, now, 200, fenced, fenced ? null : now,
                fenced ? now : null, "inc-" + node, 1, null);
    }

    List<String> associated() {
        return CoordinatorFailureIT.associated(bed, havip());
    }

    List<CallRecord> calls(String action) {
        return bed.emulator.calls().stream().filter(c -> c.action().equals(action)
                && havip().equals(c.params().get("HaVipId")) && !c.params().getOrDefault("ClientToken", "")
                .startsWith("setup-")).toList();
    }

    List<AuditEvent> audits(AuditEvent.Type type, String node) {
        return bed.audits(havip()).stream().filter(a -> a.type() == type && node.equals(a.nodeId())).toList();
    }

    AuditEvent awaitAudit(AuditEvent.Type type, String node) {
        try {
            await().atMost(WAIT).until(() -> !audits(type, node).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + type + " audit for " + node + " of " + havip() + "; audits: "
                    + bed.audits(havip()) + "; cloud calls: " + bed.emulator.calls().stream()
                            .filter(c -> !c.action().equals("DescribeHaVips")).toList(), e);
        }
        List<AuditEvent> found = audits(type, node);
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    /** Holds the first call of {@code kind} back, as a member paused right before its premise check. */
    static final class Hold implements CloudExecutor.BeforeRun {
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final CloudKind kind;
        private final AtomicBoolean done = new AtomicBoolean();

        Hold(CloudKind kind) {
            this.kind = kind;
        }

        @Override
        public void beforeRun(CloudCall call) throws InterruptedException {
            if (call.kind() == kind && done.compareAndSet(false, true)) {
                held.countDown();
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The provider's waits (backoffs and polls); once armed, the next one stops until released, as a
     * process stopped by a GC pause or SIGSTOP in the middle of a call would.
     */
    static final class Pauses implements CloudCaller.Sleeper {
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        private final AtomicBoolean armed = new AtomicBoolean();

        void pauseNext() {
            armed.set(true);
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (armed.compareAndSet(true, false)) {
                paused.countDown();
                resume.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            Thread.sleep(duration.toMillis());
        }
    }
}
