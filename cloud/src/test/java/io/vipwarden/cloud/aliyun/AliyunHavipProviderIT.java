package io.vipwarden.cloud.aliyun;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.vpc.model.v20160428.AssociateHaVipRequest;
import com.aliyuncs.vpc.model.v20160428.CreateHaVipRequest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.cloud.CallGuard;
import io.vipwarden.cloud.CloudCaller;
import io.vipwarden.cloud.CloudCredentials;
import io.vipwarden.cloud.CloudException;
import io.vipwarden.cloud.CloudMetrics;
import io.vipwarden.cloud.HavipDescription;
import io.vipwarden.cloud.RetryPolicy;
import io.vipwarden.cloud.StaleCallException;
import io.vipwarden.testbed.ManualClock;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import io.vipwarden.testbed.emulator.CallRecord;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import io.vipwarden.testbed.emulator.Faults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Alibaba provider on the real SDK against the in-process emulator. */
class AliyunHavipProviderIT {
    static final String KEY_ID = "LTAItestKey";
    static final String SECRET = "test-secret";
    static final RetryPolicy FAST = new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofMillis(10),
            Duration.ofMillis(80), Duration.ofMillis(25));

    AliyunVpcEmulator emulator;
    PrometheusRegistry registry;
    CloudMetrics metrics;
    AliyunHavipProvider provider;
    SdkFixture sdk;

    @BeforeEach
    void start() throws Exception {
        emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults().withCredentials(Map.of(KEY_ID, SECRET))
                .withAssociationDelay(Duration.ofMillis(150)));
        registry = new PrometheusRegistry();
        metrics = CloudMetrics.in(registry);
        provider = provider(FAST);
        sdk = new SdkFixture(emulator, KEY_ID, SECRET);
    }

    @AfterEach
    void stop() {
        provider.close();
        sdk.close();
        emulator.close();
    }

    AliyunHavipProvider provider(RetryPolicy retry) {
        return provider(retry, CloudCaller.Sleeper.THREAD);
    }

    AliyunHavipProvider provider(RetryPolicy retry, CloudCaller.Sleeper sleeper) {
        AliyunSettings settings = new AliyunSettings("cn-hangzhou", emulator.endpoint(), true, "EcsInstance",
                new CloudCredentials(KEY_ID, SECRET), retry);
        return new AliyunHavipProvider(settings, metrics, Clock.systemUTC(), sleeper);
    }

    @Test
    void shouldDescribeHaVipWithAllFieldsThroughTheRealSdk() throws Exception {
        String id = sdk.createHaVip("192.0.2.10");

        HavipDescription d = provider.describe(id);

        assertEquals(new HavipDescription(id, "192.0.2.10", "vpc-sandbox", "vsw-sandbox", "Available", List.of(), null), d);
        assertEquals(1, metrics.calls("alibaba", "DescribeHaVips", "OK"));
    }

    @Test
    void shouldReportAssociatingThenInUseAfterAssociateHaVip() throws Exception {
        // The emulator's time stands still here: "Associating" must not depend on how fast a loaded
        // machine gets from the request to the describes.
        stop();
        ManualClock clock = new ManualClock(Instant.now());
        emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults().withCredentials(Map.of(KEY_ID, SECRET))
                .withAssociationDelay(Duration.ofMillis(150)).withClock(clock));
        provider = provider(FAST);
        sdk = new SdkFixture(emulator, KEY_ID, SECRET);
        String id = sdk.createHaVip(null);
        AssociateHaVipRequest request = sdk.prepare(new AssociateHaVipRequest());
        request.setHaVipId(id);
        request.setInstanceId("i-sandbox-1");
        sdk.client.getAcsResponse(request);

        assertEquals("Associating", provider.describe(id).status());
        assertEquals(List.of(), provider.describe(id).associatedInstances());
        clock.advance(Duration.ofMillis(149));
        assertEquals("Associating", provider.describe(id).status());
        clock.advance(Duration.ofMillis(1));
        assertEquals("InUse", provider.describe(id).status());
        assertEquals(List.of("i-sandbox-1"), provider.describe(id).associatedInstances());
    }

    @Test
    void shouldAssociateAndWaitUntilInUseThenDoNothingTheSecondTime() throws Exception {
        String id = sdk.createHaVip(null);

        provider.associate(id, "i-sandbox-1", "token-1");
        HavipDescription d = provider.describe(id);
        provider.associate(id, "i-sandbox-1", "token-2");

        assertEquals("InUse", d.status());
        assertEquals(List.of("i-sandbox-1"), d.associatedInstances());
        assertEquals(1, actions("AssociateHaVip").size(), "the second associate must not call AssociateHaVip");
    }

    @Test
    void shouldAssociateAgainWhenTheCloudAnswersARepeatedTokenWithoutActing() throws Exception {
        // A standby associated, unassociated and associated again for the same decision: the cloud
        // answers the repeated token with the first answer and changes nothing.
        String id = sdk.createHaVip(null);
        provider.associate(id, "i-sandbox-1", "vw-e2-standby");
        provider.unassociate(id, "i-sandbox-1", true, "vw-e2-fence");

        provider.associate(id, "i-sandbox-1", "vw-e2-standby"); // without a new request: TIMEOUT after 15 s

        assertEquals(List.of("i-sandbox-1"), provider.describe(id).associatedInstances());
        assertEquals(List.of("vw-e2-standby", "vw-e2-standby", "vw-e2-standby-r1"), actions("AssociateHaVip").stream()
                .map(c -> c.params().get("ClientToken")).toList());
    }

    @Test
    void shouldNotRetryAChangeThatTurnedStaleDuringItsBackoff() throws Exception {
        String id = sdk.createHaVip(null);
        provider.associate(id, "i-sandbox-1", "a1");
        emulator.setFaults(new Faults(0, false, List.of(new Faults.ErrorRule("UnassociateHaVip", "OperationConflict",
                0, 1.0, 1)), null));
        // the first wait is the backoff after OperationConflict: the decision is overtaken meanwhile
        AtomicBoolean overtaken = new AtomicBoolean();
        CallGuard guard = () -> {
            if (overtaken.get()) {
                throw new StaleCallException("node-b rejoined meanwhile");
            }
        };
        try (AliyunHavipProvider paused = provider(FAST, d -> {
            overtaken.set(true);
            Thread.sleep(d.toMillis());
        })) {
            StaleCallException e = assertThrows(StaleCallException.class,
                    () -> paused.unassociate(id, "i-sandbox-1", true, "u1", guard));

            assertEquals(1, e.requestsSent());
            assertEquals("node-b rejoined meanwhile", e.why());
        }
        assertEquals(List.of("OperationConflict"), actions("UnassociateHaVip").stream().map(CallRecord::code).toList(),
                "the failed request, and no retry once stale");
        assertEquals(List.of("i-sandbox-1"), provider.describe(id).associatedInstances());
    }

    @Test
    void shouldNotRequestAgainWhenTheChangeTurnedStaleWhileWaitingOnACloudThatDidNotAct() throws Exception {
        // as in shouldAssociateAgainWhenTheCloudAnswersARepeatedTokenWithoutActing, which requests again
        String id = sdk.createHaVip(null);
        provider.associate(id, "i-sandbox-1", "vw-e2-standby");
        provider.unassociate(id, "i-sandbox-1", true, "vw-e2-fence");
        AtomicBoolean overtaken = new AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();
        CallGuard guard = () -> {
            checks.incrementAndGet();
            if (overtaken.get()) {
                throw new StaleCallException("node-a was fenced again meanwhile");
            }
        };
        try (AliyunHavipProvider paused = provider(FAST, d -> {
            overtaken.set(true); // the first wait is a poll after the cloud answered without acting
            Thread.sleep(d.toMillis());
        })) {
            StaleCallException e = assertThrows(StaleCallException.class,
                    () -> paused.associate(id, "i-sandbox-1", "vw-e2-standby", guard));

            assertEquals(1, e.requestsSent());
        }
        assertEquals(List.of("vw-e2-standby", "vw-e2-standby"), actions("AssociateHaVip").stream()
                .map(c -> c.params().get("ClientToken")).toList(), "no -r1 request once stale");
        assertEquals(List.of(), provider.describe(id).associatedInstances());
        assertEquals(2, checks.get(), "asked before the first request and before the one it would have made again");
    }

    @Test
    void shouldMakeTheAssociatedInstanceThatAnnouncedLastTheMaster() throws Exception {
        String id = sdk.createHaVip("192.0.2.20");
        provider.associate(id, "i-sandbox-1", "a1");
        provider.associate(id, "i-sandbox-2", "a2");

        assertTrue(emulator.announce(id, "i-sandbox-1"));
        assertEquals("i-sandbox-1", provider.describe(id).masterInstanceId());
        assertTrue(emulator.announce("192.0.2.20", "i-sandbox-2"));
        assertEquals("i-sandbox-2", provider.describe(id).masterInstanceId());
        assertFalse(emulator.announce(id, "i-sandbox-3"), "a non-associated instance's ARP is ignored");
        assertEquals("i-sandbox-2", provider.describe(id).masterInstanceId());
    }

    @Test
    void shouldUnassociateTheMasterOnlyWithForce() throws Exception {
        String id = sdk.createHaVip(null);
        provider.associate(id, "i-sandbox-1", "a1");
        emulator.announce(id, "i-sandbox-1");

        CloudException refused = assertThrows(CloudException.class, () -> provider.unassociate(id, "i-sandbox-1", false, "u1"));
        provider.unassociate(id, "i-sandbox-1", true, "u2");

        assertEquals("Forbidden.UnassociateMasterInstance", refused.code());
        assertFalse(refused.retryable());
        HavipDescription d = provider.describe(id);
        assertEquals("Available", d.status());
        assertEquals(List.of(), d.associatedInstances());
        assertNull(d.masterInstanceId());
        provider.unassociate(id, "i-sandbox-1", true, "u3");
        assertEquals(1, actions("UnassociateHaVip").stream().filter(c -> c.code().equals("OK")).count());
    }

    @Test
    void shouldCompleteAssociateAndUnassociateDespite30PercentServiceUnavailable() throws Exception {
        String id = sdk.createHaVip(null);
        emulator.setFaults(new Faults(0, false,
                List.of(new Faults.ErrorRule("*", "ServiceUnavailable", 503, 0.3, null)), 42L));

        provider.associate(id, "i-sandbox-2", "a0");
        for (int round = 1; round <= 4; round++) {
            provider.associate(id, "i-sandbox-1", "a" + round);
            assertTrue(provider.describe(id).associatedInstances().contains("i-sandbox-1"));
            provider.unassociate(id, "i-sandbox-1", true, "u" + round);
            assertFalse(provider.describe(id).associatedInstances().contains("i-sandbox-1"));
        }
        emulator.setFaults(Faults.none());

        assertEquals(List.of("i-sandbox-2"), provider.describe(id).associatedInstances());
        long injected = emulator.calls().stream().filter(CallRecord::injected).count();
        long retried = 0;
        for (String action : List.of("DescribeHaVips", "AssociateHaVip", "UnassociateHaVip")) {
            retried += metrics.retries("alibaba", action, "ServiceUnavailable");
        }
        System.out.printf("30%% ServiceUnavailable: %d API calls, %d injected failures, %d retries%n",
                emulator.calls().size(), injected, retried);
        assertTrue(injected > 0, "with 30% faults over this many calls some must have failed");
        assertEquals(injected, retried, "every injected ServiceUnavailable is retried and counted");
        assertEquals(injected, metrics.calls("alibaba", "DescribeHaVips", "ServiceUnavailable")
                + metrics.calls("alibaba", "AssociateHaVip", "ServiceUnavailable")
                + metrics.calls("alibaba", "UnassociateHaVip", "ServiceUnavailable"));
    }

    @Test
    void shouldFailFatallyAtOnceForUnknownHaVip() {
        CloudException e = assertThrows(CloudException.class, () -> provider.describe("havip-doesnotexist"));

        assertEquals("InvalidHaVipId.NotFound", e.code());
        assertFalse(e.retryable());
        assertEquals(1, emulator.calls().size());
    }

    @Test
    void shouldGiveUpRetryableErrorsWhenTheOperationTimeoutRunsOut() {
        emulator.setFaults(new Faults(0, true, List.of(), null));
        AliyunHavipProvider impatient = provider(new RetryPolicy(Duration.ofMillis(500), Duration.ofMillis(300),
                Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(20)));

        CloudException e = assertThrows(CloudException.class, () -> impatient.describe("havip-any"));

        assertEquals("ServiceUnavailable", e.code());
        assertTrue(e.retryable());
        assertTrue(metrics.retries("alibaba", "DescribeHaVips", "ServiceUnavailable") >= 1);
    }

    @Test
    void shouldTimeOutASlowCallAndRetryIt() throws Exception {
        String id = sdk.createHaVip(null);
        emulator.setFaults(new Faults(700, false, List.of(), null));
        AliyunHavipProvider impatient = provider(new RetryPolicy(Duration.ofMillis(200), Duration.ofMillis(900),
                Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(20)));

        CloudException e = assertThrows(CloudException.class, () -> impatient.describe(id));

        assertEquals("SDK.ReadTimeout", e.code());
        assertTrue(e.retryable());
        assertTrue(metrics.retries("alibaba", "DescribeHaVips", "SDK.ReadTimeout") >= 1);
    }

    @Test
    void shouldRefuseWrongCredentialsFatally() throws Exception {
        AliyunSettings wrongSecret = new AliyunSettings("cn-hangzhou", emulator.endpoint(), true, "EcsInstance",
                new CloudCredentials(KEY_ID, "not-the-secret"), FAST);
        AliyunSettings unknownKey = new AliyunSettings("cn-hangzhou", emulator.endpoint(), true, "EcsInstance",
                new CloudCredentials("LTAIunknown", SECRET), FAST);
        try (AliyunHavipProvider a = new AliyunHavipProvider(wrongSecret, metrics, Clock.systemUTC(), CloudCaller.Sleeper.THREAD);
                AliyunHavipProvider b = new AliyunHavipProvider(unknownKey, metrics, Clock.systemUTC(), CloudCaller.Sleeper.THREAD)) {
            CloudException bad = assertThrows(CloudException.class, () -> a.describe("havip-x"));
            CloudException unknown = assertThrows(CloudException.class, () -> b.describe("havip-x"));

            // The SDK recognises the gateway's string-to-sign as its own and names the real cause.
            assertEquals("SDK.InvalidAccessKeySecret", bad.code());
            assertFalse(bad.retryable());
            assertEquals("InvalidAccessKeyId.NotFound", unknown.code());
            assertFalse(unknown.retryable());
        }
        assertEquals(List.of("SignatureDoesNotMatch", "InvalidAccessKeyId.NotFound"),
                emulator.calls().stream().map(CallRecord::code).toList());
        // the SDK shares one HTTP client per JVM: closing those providers must not break this one
        assertEquals("Available", provider.describe(sdk.createHaVip(null)).status());
    }

    private List<CallRecord> actions(String action) {
        return emulator.calls().stream().filter(c -> c.action().equals(action)).toList();
    }

    /** The bare SDK, for the actions the provider does not wrap (create, delete, modify). */
    static final class SdkFixture implements AutoCloseable {
        final DefaultAcsClient client;
        final String endpoint;

        SdkFixture(AliyunVpcEmulator emulator, String keyId, String secret) {
            this.endpoint = emulator.endpoint();
            this.client = new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", keyId, secret));
            client.setAutoRetry(false);
        }

        <R extends com.aliyuncs.AcsRequest<?>> R prepare(R request) {
            request.setSysEndpoint(endpoint);
            request.setSysProtocol(com.aliyuncs.http.ProtocolType.HTTP);
            return request;
        }

        String createHaVip(String ip) throws ClientException {
            CreateHaVipRequest request = prepare(new CreateHaVipRequest());
            request.setVSwitchId("vsw-sandbox");
            if (ip != null) {
                request.setIpAddress(ip);
            }
            return client.getAcsResponse(request).getHaVipId();
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }
}
