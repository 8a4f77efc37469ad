package io.vipwarden.testbed.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.testbed.ManualClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The emulated API's state machine, on a clock the test moves. */
class VpcApiTest {
    final ManualClock clock = new ManualClock();
    final VpcApi api = new VpcApi(VpcState.defaultTopology(), clock, Duration.ofSeconds(2), 2);


    Map<String, Object> call(String action, String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("Version", "2016-04-28");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return api.handle(action, p, "req");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> havip(String id) {
        Map<String, Object> out = call("DescribeHaVips", "Filter.1.Key", "HaVipId", "Filter.1.Value.1", id);
        return ((List<Map<String, Object>>) ((Map<String, Object>) out.get("HaVips")).get("HaVip")).get(0);
    }

    @Test
    void shouldStayAssociatingUntilTheDelayHasPassed() {
        String id = (String) call("CreateHaVip", "VSwitchId", "vsw-sandbox").get("HaVipId");
        call("AssociateHaVip", "HaVipId", id, "InstanceId", "i-sandbox-1");

        clock.advance(Duration.ofMillis(1999));
        assertEquals("Associating", havip(id).get("Status"));
        clock.advance(Duration.ofMillis(1));
        assertEquals("InUse", havip(id).get("Status"));
        assertEquals(Map.of("associatedInstance", List.of("i-sandbox-1")), havip(id).get("AssociatedInstances"));
    }

    @Test
    void shouldFallBackToTheRemainingAnnouncerWhenTheMasterIsUnassociated() {
        String id = (String) call("CreateHaVip", "VSwitchId", "vsw-sandbox").get("HaVipId");
        call("AssociateHaVip", "HaVipId", id, "InstanceId", "i-sandbox-1");
        clock.advance(Duration.ofSeconds(2));
        call("AssociateHaVip", "HaVipId", id, "InstanceId", "i-sandbox-2");
        assertFalse(api.announce(id, "i-sandbox-2").accepted(), "still Associating: its ARP does not count yet");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(api.announce(id, "i-sandbox-2").accepted());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(api.announce(id, "i-sandbox-1").accepted());
        assertEquals("i-sandbox-1", havip(id).get("MasterInstanceId"));

        call("UnassociateHaVip", "HaVipId", id, "InstanceId", "i-sandbox-1", "Force", "True");
        assertEquals("Unassociating", havip(id).get("Status"));
        assertEquals("i-sandbox-1", havip(id).get("MasterInstanceId"));
        clock.advance(Duration.ofSeconds(2));

        assertEquals("i-sandbox-2", havip(id).get("MasterInstanceId"));
        assertEquals("InUse", havip(id).get("Status"));
    }

    @Test
    void shouldRefuseAnotherChangeWhileOneIsInProgress() {
        String id = (String) call("CreateHaVip", "VSwitchId", "vsw-sandbox").get("HaVipId");
        call("AssociateHaVip", "HaVipId", id, "InstanceId", "i-sandbox-1");

        ApiError e = assertThrows(ApiError.class, () -> call("UnassociateHaVip", "HaVipId", id, "InstanceId", "i-sandbox-1"));

        assertEquals("OperationConflict", e.code());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void shouldSaveAnAssociationInProgressAsDone() {
        String id = (String) call("CreateHaVip", "VSwitchId", "vsw-sandbox", "IpAddress", "192.0.2.9").get("HaVipId");
        call("AssociateHaVip", "HaVipId", id, "InstanceId", "i-sandbox-3");

        VpcState.SavedHaVip saved = api.snapshot().haVips().get(0);

        assertEquals(List.of("i-sandbox-3"), saved.associatedInstances());
        assertEquals("192.0.2.9", saved.ipAddress());
    }

    @Test
    void shouldRefuseAnUnknownVersion() {
        ApiError e = assertThrows(ApiError.class, () -> api.handle("DescribeHaVips", Map.of("Version", "2014-05-26"), "r"));

        assertEquals("InvalidVersion", e.code());
    }
}
