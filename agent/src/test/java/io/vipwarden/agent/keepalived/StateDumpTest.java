package io.vipwarden.agent.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vipwarden.events.VrrpState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateDumpTest {
    /** Shaped like keepalived 2.2's vrrp_json.c output (json_version 1: a top-level array). */
    static String dump(String name, int state, int priority, String vip) {
        return "{\"data\":{\"iname\":\"" + name + "\",\"dont_track_primary\":0,\"skip_check_adv_addr\":0,"
                + "\"strict_mode\":0,\"ifp_ifname\":\"eth0\",\"master_priority\":0,\"last_transition\":1700000000.5,"
                + "\"garp_delay\":1.0,\"garp_refresh\":5,\"garp_rep\":5,\"garp_refresh_rep\":1,\"vrid\":51,"
                + "\"base_priority\":100,\"effective_priority\":" + priority + ",\"vipset\":true,"
                + "\"promote_secondaries\":false,\"adver_int\":1.0,\"master_adver_int\":1.0,\"nopreempt\":true,"
                + "\"preempt_delay\":0,\"state\":" + state + ",\"wantstate\":" + state + ",\"version\":2,"
                + "\"smtp_alert\":false,\"notify_deleted\":false,\"vips\":[\"" + vip + " dev eth0 scope global\"],"
                + "\"auth_type\":0},\"stats\":{\"advert_rcvd\":10,\"advert_sent\":3,\"become_master\":1,"
                + "\"release_master\":0,\"packet_len_err\":0,\"pri_zero_rcvd\":0,\"pri_zero_sent\":0}}";
    }

    @Test
    void shouldReadTheVersionOneArray() throws IOException {
        String json = "[" + dump("VI_1", 2, 100, "192.0.2.100/24") + "," + dump("VI_2", 1, 90, "192.0.2.101") + "]";
        List<StateDump.InstanceStatus> out = StateDump.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new StateDump.InstanceStatus("VI_1", VrrpState.MASTER, 100, List.of("192.0.2.100")),
                new StateDump.InstanceStatus("VI_2", VrrpState.BACKUP, 90, List.of("192.0.2.101"))), out);
    }

    @Test
    void shouldReadTheVersionTwoObject() throws IOException {
        String json = "{\"vrrp\":[" + dump("VI_1", 3, 0, "192.0.2.100") + "]}";
        assertEquals(VrrpState.FAULT, StateDump.parse(json.getBytes(StandardCharsets.UTF_8)).get(0).state());
    }

    @Test
    void shouldMapKeepalivedsStateNumbers() {
        assertEquals(VrrpState.INIT, StateDump.state(0));
        assertEquals(VrrpState.BACKUP, StateDump.state(1));
        assertEquals(VrrpState.MASTER, StateDump.state(2));
        assertEquals(VrrpState.FAULT, StateDump.state(3));
        assertEquals(VrrpState.DELETED, StateDump.state(97));
        assertEquals(VrrpState.STOP, StateDump.state(98));
        assertEquals(VrrpState.UNKNOWN, StateDump.state(42));
    }

    @Test
    void shouldRefuseWhatIsNotADump() {
        assertThrows(IOException.class, () -> StateDump.parse("{\"x\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> StateDump.parse("[{\"data\":{}}]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> StateDump.parse("[{\"data\":".getBytes(StandardCharsets.UTF_8)));
    }
}
