package io.vipwarden.cloud.aliyun;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.vpc.model.v20160428.AssociateHaVipRequest;
import com.aliyuncs.vpc.model.v20160428.AssociateHaVipResponse;
import com.aliyuncs.vpc.model.v20160428.CreateHaVipRequest;
import com.aliyuncs.vpc.model.v20160428.CreateHaVipResponse;
import com.aliyuncs.vpc.model.v20160428.DeleteHaVipRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeHaVipsRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeHaVipsResponse;
import com.aliyuncs.vpc.model.v20160428.ModifyHaVipAttributeRequest;
import com.aliyuncs.vpc.model.v20160428.UnassociateHaVipRequest;
import io.vipwarden.cloud.CloudException;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import io.vipwarden.testbed.emulator.Faults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every emulated action and every error the emulator answers, through the real SDK, and how
 * {@link AliyunErrors} maps each (exception class, code, retryable).
 */
class AliyunSdkAgainstEmulatorIT {
    AliyunVpcEmulator emulator;
    AliyunHavipProviderIT.SdkFixture sdk;

    @BeforeEach
    void start() throws Exception {
        emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults()
                .withCredentials(Map.of(AliyunHavipProviderIT.KEY_ID, AliyunHavipProviderIT.SECRET))
                .withAssociationDelay(Duration.ofMillis(150)));
        sdk = new AliyunHavipProviderIT.SdkFixture(emulator, AliyunHavipProviderIT.KEY_ID, AliyunHavipProviderIT.SECRET);
    }

    @AfterEach
    void stop() {
        sdk.close();
        emulator.close();
    }

    <T extends AcsResponse> T send(AcsRequest<T> request) throws ClientException {
        return sdk.client.getAcsResponse(sdk.prepare(request));
    }

    /** The SDK exception of a failing request, checked to map as expected. */
    ClientException failure(AcsRequest<?> request, String code, boolean server, boolean retryable) {
        ClientException e = assertThrows(ClientException.class, () -> sdk.client.getAcsResponse(sdk.prepare(request)));
        assertEquals(code, e.getErrCode(), e.getErrMsg());
        assertEquals(server, e instanceof ServerException, "5xx must arrive as ServerException, 4xx as ClientException");
        CloudException mapped = AliyunErrors.map(request.getSysActionName(), e);
        assertEquals(code, mapped.code());
        assertEquals(retryable, mapped.retryable(), code + " retryable");
        return e;
    }

    AssociateHaVipRequest associate(String havipId, String instanceId, String token) {
        AssociateHaVipRequest r = new AssociateHaVipRequest();
        r.setHaVipId(havipId);
        r.setInstanceId(instanceId);
        r.setClientToken(token);
        return r;
    }

    DescribeHaVipsRequest describe(String key, String... values) {
        DescribeHaVipsRequest r = new DescribeHaVipsRequest();
        if (key != null) {
            DescribeHaVipsRequest.Filter f = new DescribeHaVipsRequest.Filter();
            f.setKey(key);
            f.setValues(List.of(values));
            r.setFilters(List.of(f));
        }
        return r;
    }

    @Test
    void shouldCreateWithAGivenOrAnAllocatedAddress() throws Exception {
        CreateHaVipRequest given = new CreateHaVipRequest();
        given.setVSwitchId("vsw-sandbox");
        given.setIpAddress("192.0.2.100");
        given.setName("web");
        CreateHaVipRequest any = new CreateHaVipRequest();
        any.setVSwitchId("vsw-sandbox");

        CreateHaVipResponse first = send(given);
        CreateHaVipResponse second = send(any);

        assertTrue(first.getHaVipId().startsWith("havip-"));
        assertEquals("192.0.2.100", first.getIpAddress());
        assertEquals("192.0.2.1", second.getIpAddress(), "the first usable address of 192.0.2.0/24");
        assertNotEquals(first.getHaVipId(), second.getHaVipId());
        assertTrue(first.getRequestId().length() > 10);
    }

    @Test
    void shouldRefuseAnAddressOutsideTheVSwitchOrAlreadyUsed() throws Exception {
        sdk.createHaVip("192.0.2.7");
        CreateHaVipRequest outside = new CreateHaVipRequest();
        outside.setVSwitchId("vsw-sandbox");
        outside.setIpAddress("198.51.100.7");
        CreateHaVipRequest reserved = new CreateHaVipRequest();
        reserved.setVSwitchId("vsw-sandbox");
        reserved.setIpAddress("192.0.2.255");
        CreateHaVipRequest taken = new CreateHaVipRequest();
        taken.setVSwitchId("vsw-sandbox");
        taken.setIpAddress("192.0.2.7");
        CreateHaVipRequest noSwitch = new CreateHaVipRequest();
        noSwitch.setVSwitchId("vsw-nope");

        failure(outside, "InvalidIpAddress.NotInVSwitch", false, false);
        failure(reserved, "InvalidIpAddress.NotInVSwitch", false, false);
        failure(taken, "InvalidIpAddress.AlreadyUsed", false, false);
        failure(noSwitch, "InvalidVSwitchId.NotFound", false, false);
        failure(new CreateHaVipRequest(), "MissingParameter", false, false);
    }

    @Test
    void shouldDescribeWithFiltersAndPaging() throws Exception {
        String a = sdk.createHaVip("192.0.2.11");
        String b = sdk.createHaVip("192.0.2.12");
        String c = sdk.createHaVip("192.0.2.13");
        DescribeHaVipsRequest page2 = describe("VpcId", "vpc-sandbox");
        page2.setPageSize(2);
        page2.setPageNumber(2);

        DescribeHaVipsResponse all = send(describe(null));
        DescribeHaVipsResponse two = send(describe("HaVipId", a, c));
        DescribeHaVipsResponse byIp = send(describe("IpAddress", "192.0.2.12"));
        DescribeHaVipsResponse none = send(describe("VpcId", "vpc-other"));
        DescribeHaVipsResponse second = send(page2);

        assertEquals(3, all.getTotalCount());
        assertEquals(List.of(a, c), two.getHaVips().stream().map(DescribeHaVipsResponse.HaVip::getHaVipId).toList());
        assertEquals(List.of(b), byIp.getHaVips().stream().map(DescribeHaVipsResponse.HaVip::getHaVipId).toList());
        assertEquals(0, none.getTotalCount());
        assertEquals(List.of(c), second.getHaVips().stream().map(DescribeHaVipsResponse.HaVip::getHaVipId).toList());
        assertEquals(3, second.getTotalCount());
        assertEquals(2, second.getPageNumber());
        DescribeHaVipsResponse.HaVip h = all.getHaVips().get(0);
        assertEquals("cn-hangzhou", h.getRegionId());
        assertEquals("vsw-sandbox", h.getVSwitchId());
        assertEquals("Available", h.getStatus());
        assertEquals(List.of(), h.getAssociatedEipAddresses());
        assertFalse(h.getCreateTime().isEmpty());
    }

    @Test
    void shouldRefuseBadPagingAndUnknownFilterKeys() {
        DescribeHaVipsRequest tooBig = new DescribeHaVipsRequest();
        tooBig.setPageSize(51);

        failure(tooBig, "InvalidParameter", false, false);
        failure(describe("Colour", "blue"), "InvalidParameter", false, false);
    }

    @Test
    void shouldModifyNameAndDescription() throws Exception {
        String id = sdk.createHaVip(null);
        ModifyHaVipAttributeRequest modify = new ModifyHaVipAttributeRequest();
        modify.setHaVipId(id);
        modify.setName("db-primary");
        modify.setDescription("orders database");

        send(modify);

        DescribeHaVipsResponse.HaVip h = send(describe("HaVipId", id)).getHaVips().get(0);
        assertEquals("db-primary", h.getName());
        assertEquals("orders database", h.getDescription());
        ModifyHaVipAttributeRequest missing = new ModifyHaVipAttributeRequest();
        missing.setHaVipId("havip-nope");
        failure(missing, "InvalidHaVipId.NotFound", false, false);
    }

    @Test
    void shouldDeleteOnlyAnUnassociatedHaVip() throws Exception {
        String id = sdk.createHaVip(null);
        send(associate(id, "i-sandbox-1", null));
        DeleteHaVipRequest delete = new DeleteHaVipRequest();
        delete.setHaVipId(id);

        failure(delete, "IncorrectHaVipStatus", false, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> send(describe("HaVipId", id)).getHaVips().get(0).getStatus().equals("InUse"));
        failure(delete, "IncorrectHaVipStatus", false, true);
        UnassociateHaVipRequest unassociate = new UnassociateHaVipRequest();
        unassociate.setHaVipId(id);
        unassociate.setInstanceId("i-sandbox-1");
        send(unassociate);
        assertEquals("Unassociating", send(describe("HaVipId", id)).getHaVips().get(0).getStatus());
        await().atMost(Duration.ofSeconds(5)).until(() -> send(describe("HaVipId", id)).getHaVips().get(0).getStatus().equals("Available"));
        send(delete);

        assertEquals(0, send(describe("HaVipId", id)).getTotalCount());
        failure(delete, "InvalidHaVipId.NotFound", false, false);
    }

    @Test
    void shouldRefuseAssociateErrors() throws Exception {
        String id = sdk.createHaVip(null);
        emulator.addInstance("i-other-switch", "vsw-sandbox");

        failure(associate("havip-nope", "i-sandbox-1", null), "InvalidHaVipId.NotFound", false, false);
        failure(associate(id, "i-nope", null), "InvalidInstanceId.NotFound", false, false);
        AssociateHaVipRequest badType = associate(id, "i-sandbox-1", null);
        badType.setInstanceType("Router");
        failure(badType, "InvalidParameter", false, false);
        send(associate(id, "i-sandbox-1", "t1"));
        failure(associate(id, "i-sandbox-2", "t2"), "OperationConflict", false, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> send(describe("HaVipId", id)).getHaVips().get(0).getStatus().equals("InUse"));
        failure(associate(id, "i-sandbox-1", "t3"), "InvalidInstanceId.AlreadyAssociated", false, false);
        send(associate(id, "i-sandbox-2", "t4"));
        await().atMost(Duration.ofSeconds(5)).until(() -> send(describe("HaVipId", id)).getHaVips().get(0).getStatus().equals("InUse"));
        failure(associate(id, "i-sandbox-3", "t5"), "CountLimitExceeded.HaVipOnECSInstance", false, false);
    }

    @Test
    void shouldAnswerARepeatedClientTokenWithTheFirstResultAndRefuseItForOtherParameters() throws Exception {
        String id = sdk.createHaVip(null);

        AssociateHaVipResponse first = send(associate(id, "i-sandbox-1", "same-token"));
        AssociateHaVipResponse again = send(associate(id, "i-sandbox-1", "same-token"));

        assertEquals(first.getRequestId(), again.getRequestId(), "a replayed token returns the original answer");
        failure(associate(id, "i-sandbox-2", "same-token"), "IdempotentParameterMismatch", false, false);
    }

    @Test
    void shouldRefuseUnassociateErrors() throws Exception {
        String id = sdk.createHaVip(null);
        UnassociateHaVipRequest notAssociated = new UnassociateHaVipRequest();
        notAssociated.setHaVipId(id);
        notAssociated.setInstanceId("i-sandbox-4");
        UnassociateHaVipRequest badForce = new UnassociateHaVipRequest();
        badForce.setHaVipId(id);
        badForce.setInstanceId("i-sandbox-4");
        badForce.setForce("Maybe");

        failure(notAssociated, "InvalidInstanceId.NotAssociated", false, false);
        failure(badForce, "InvalidParameter", false, false);
    }

    @ParameterizedTest
    @CsvSource({
        "ServiceUnavailable, 503, true, true",
        "InternalError, 500, true, true",
        "SystemBusy, 503, true, true",
        "Throttling, 400, false, true",
        "Throttling.User, 400, false, true",
        "LastTokenProcessing, 400, false, true",
        "IncorrectStatus, 400, false, true",
        "Forbidden.RAM, 403, false, false",
    })
    void shouldMapInjectedErrors(String code, int status, boolean server, boolean retryable) throws Exception {
        emulator.setFaults(Faults.errorRate("DescribeHaVips", code, status, 1.0));

        failure(describe(null), code, server, retryable);
    }

    @Test
    void shouldReachNoEndpointAsARetryableError() {
        emulator.close();

        ClientException e = assertThrows(ClientException.class, () -> sdk.client.getAcsResponse(sdk.prepare(describe(null))));

        CloudException mapped = AliyunErrors.map("DescribeHaVips", e);
        assertEquals("SDK.ServerUnreachable", mapped.code());
        assertTrue(mapped.retryable());
        assertInstanceOf(ClientException.class, mapped.getCause());
    }
}
