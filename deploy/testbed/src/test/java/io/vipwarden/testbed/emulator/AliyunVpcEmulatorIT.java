package io.vipwarden.testbed.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator on the wire, signed by this test's own implementation of the documented algorithm
 * (DESIGN.md "Cloud facts we rely on"), not by the emulator's code and not by the SDK.
 */
class AliyunVpcEmulatorIT {
    static final String KEY = "LTAIwireTest";
    static final String SECRET = "wire-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    AliyunVpcEmulator emulator;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults().withCredentials(Map.of(KEY, SECRET))
                .withAssociationDelay(Duration.ofMillis(100)));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    // --- an independent signer: RFC 3986 by hand, HMAC-SHA1 from the JDK ---

    static String rfc3986(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static String sign(String secret, Map<String, String> params) throws Exception {
        StringBuilder canonical = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (canonical.length() > 0) {
                canonical.append('&');
            }
            canonical.append(rfc3986(e.getKey())).append('=').append(rfc3986(e.getValue()));
        }
        String stringToSign = "POST&%2F&" + rfc3986(canonical.toString());
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, String> common(String action, String keyId, Instant timestamp) {
        Map<String, String> p = new TreeMap<>();
        p.put("Action", action);
        p.put("Version", "2016-04-28");
        p.put("Format", "JSON");
        p.put("RegionId", "cn-hangzhou");
        p.put("AccessKeyId", keyId);
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", UUID.randomUUID().toString());
        p.put("Timestamp", timestamp.truncatedTo(ChronoUnit.SECONDS).toString());
        return p;
    }

    HttpResponse<String> post(Map<String, String> signedParams) throws Exception {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> e : signedParams.entrySet()) {
            query.append(query.length() == 0 ? "?" : "&").append(rfc3986(e.getKey())).append('=').append(rfc3986(e.getValue()));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/" + query))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    Map<String, String> signed(Map<String, String> params, String secret) throws Exception {
        Map<String, String> out = new TreeMap<>(params);
        out.put("Signature", sign(secret, params));
        return out;
    }

    static String code(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("Code").asText();
    }

    @Test
    void shouldAcceptARequestSignedByAnIndependentImplementation() throws Exception {
        Map<String, String> p = common("CreateHaVip", KEY, Instant.now());
        p.put("VSwitchId", "vsw-sandbox");
        p.put("Name", "needs encoding: space*star~tilde/slash+plus=é");

        HttpResponse<String> response = post(signed(p, SECRET));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.path("HaVipId").asText().startsWith("havip-"));
        assertFalse(body.path("RequestId").asText().isEmpty());
        assertEquals("needs encoding: space*star~tilde/slash+plus=é", emulator.state().haVips().get(0).name());
    }

    @Test
    void shouldRefuseATamperedRequestWithSignatureDoesNotMatch() throws Exception {
        Map<String, String> p = common("DescribeHaVips", KEY, Instant.now());
        Map<String, String> tampered = signed(p, SECRET);
        tampered.put("PageSize", "50");

        HttpResponse<String> response = post(tampered);

        assertEquals(400, response.statusCode());
        assertEquals("SignatureDoesNotMatch", code(response));
        assertTrue(JSON.readTree(response.body()).path("Message").asText().contains("server string to sign is:POST&%2F&"));
    }

    @Test
    void shouldRefuseASignatureMadeWithAnotherSecret() throws Exception {
        HttpResponse<String> response = post(signed(common("DescribeHaVips", KEY, Instant.now()), "other-secret"));

        assertEquals(400, response.statusCode());
        assertEquals("SignatureDoesNotMatch", code(response));
    }

    @Test
    void shouldRefuseAnUnknownAccessKey() throws Exception {
        HttpResponse<String> response = post(signed(common("DescribeHaVips", "LTAIunknown", Instant.now()), SECRET));

        assertEquals(404, response.statusCode());
        assertEquals("InvalidAccessKeyId.NotFound", code(response));
    }

    @Test
    void shouldRefuseAStaleTimestamp() throws Exception {
        HttpResponse<String> old = post(signed(common("DescribeHaVips", KEY, Instant.now().minus(Duration.ofMinutes(20))), SECRET));
        HttpResponse<String> future = post(signed(common("DescribeHaVips", KEY, Instant.now().plus(Duration.ofMinutes(20))), SECRET));

        assertEquals("InvalidTimeStamp.Expired", code(old));
        assertEquals("InvalidTimeStamp.Expired", code(future));
        assertEquals(400, old.statusCode());
    }

    @Test
    void shouldRefuseAReplayedNonce() throws Exception {
        Map<String, String> request = signed(common("DescribeHaVips", KEY, Instant.now()), SECRET);

        HttpResponse<String> first = post(request);
        HttpResponse<String> replay = post(request);

        assertEquals(200, first.statusCode());
        assertEquals(400, replay.statusCode());
        assertEquals("SignatureNonceUsed", code(replay));
    }

    @Test
    void shouldAnswerErrorsInTheRealShape() throws Exception {
        Map<String, String> p = common("DeleteHaVip", KEY, Instant.now());
        p.put("HaVipId", "havip-nope");

        JsonNode body = JSON.readTree(post(signed(p, SECRET)).body());

        assertEquals("InvalidHaVipId.NotFound", body.path("Code").asText());
        for (String field : List.of("RequestId", "HostId", "Code", "Message", "Recommend")) {
            assertTrue(body.hasNonNull(field), field);
        }
    }

    @Test
    void shouldLetTheAdminClientAnnounceInjectFaultsAndListCalls() throws Exception {
        EmulatorAdminClient admin = new EmulatorAdminClient(emulator.baseUrl());
        Map<String, String> create = common("CreateHaVip", KEY, Instant.now());
        create.put("VSwitchId", "vsw-sandbox");
        create.put("IpAddress", "192.0.2.50");
        String havipId = JSON.readTree(post(signed(create, SECRET)).body()).path("HaVipId").asText();
        Map<String, String> associate = common("AssociateHaVip", KEY, Instant.now());
        associate.put("HaVipId", havipId);
        associate.put("InstanceId", "i-sandbox-5");
        assertEquals(200, post(signed(associate, SECRET)).statusCode());

        // accepted only once the association is complete (Associating instances' ARP does not count)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> admin.announce("192.0.2.50", "i-sandbox-5").accepted());
        EmulatorAdminClient.Announcement stranger = admin.announce(havipId, "i-sandbox-6");
        admin.setFaults(Faults.errorRate("DescribeHaVips", "Throttling", 400, 1.0));
        HttpResponse<String> throttled = post(signed(common("DescribeHaVips", KEY, Instant.now()), SECRET));
        admin.setFaults(Faults.none());
        List<CallRecord> calls = admin.calls();

        assertEquals("i-sandbox-5", admin.state().haVips().get(0).masterInstanceId());
        assertFalse(stranger.accepted());
        assertEquals("i-sandbox-5", stranger.masterInstanceId());
        assertEquals("Throttling", code(throttled));
        assertEquals(List.of("CreateHaVip", "AssociateHaVip", "DescribeHaVips"), calls.stream().map(CallRecord::action).toList());
        assertTrue(calls.get(2).injected());
        assertFalse(calls.get(0).params().containsKey("Signature"), "the call log never keeps signatures");
        assertEquals(List.of(), admin.faults().errors());
        admin.clearCalls();
        assertEquals(List.of(), admin.calls());
        assertTrue(admin.healthy());
    }

    @Test
    void shouldFailEveryCallDuringAnOutage() throws Exception {
        emulator.setFaults(new Faults(0, true, List.of(), null));

        HttpResponse<String> response = post(signed(common("DescribeHaVips", KEY, Instant.now()), SECRET));

        assertEquals(503, response.statusCode());
        assertEquals("ServiceUnavailable", code(response));
    }

    @Test
    void shouldSpendACountedRuleAndDefaultItsHttpStatus() throws Exception {
        EmulatorAdminClient admin = new EmulatorAdminClient(emulator.baseUrl());
        admin.setFaults(new Faults(0, false, List.of(new Faults.ErrorRule("DescribeHaVips", "SystemBusy", 0, 1.0, 1)), null));

        HttpResponse<String> first = post(signed(common("DescribeHaVips", KEY, Instant.now()), SECRET));
        HttpResponse<String> second = post(signed(common("DescribeHaVips", KEY, Instant.now()), SECRET));

        assertEquals(503, first.statusCode());
        assertEquals("SystemBusy", code(first));
        assertEquals(200, second.statusCode());
        assertEquals(0, admin.faults().errors().get(0).remaining());
    }

    @Test
    void shouldKeepHaVipsAndAssociationsAcrossRestartsWithAStateFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vpc.json");
        emulator.close();
        emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults().withCredentials(Map.of(KEY, SECRET))
                .withAssociationDelay(Duration.ofMillis(50)).withStateFile(file));
        Map<String, String> create = common("CreateHaVip", KEY, Instant.now());
        create.put("VSwitchId", "vsw-sandbox");
        String havipId = JSON.readTree(post(signed(create, SECRET)).body()).path("HaVipId").asText();
        Map<String, String> associate = common("AssociateHaVip", KEY, Instant.now());
        associate.put("HaVipId", havipId);
        associate.put("InstanceId", "i-sandbox-2");
        post(signed(associate, SECRET));
        emulator.addInstance("i-extra-7", "vsw-sandbox");
        emulator.close();

        emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults().withCredentials(Map.of(KEY, SECRET)).withStateFile(file));
        VpcState state = emulator.state();

        assertEquals(havipId, state.haVips().get(0).haVipId());
        assertEquals(List.of("i-sandbox-2"), state.haVips().get(0).associatedInstances());
        assertEquals(7, state.instances().size());
        assertEquals("vpc-sandbox", state.vpcs().get(0).vpcId());
    }
}
