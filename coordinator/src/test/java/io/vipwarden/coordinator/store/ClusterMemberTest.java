package io.vipwarden.coordinator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.config.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterMemberTest {
    static Config config(String host) {
        return ClusterMember.config(new ClusterSettings("c", "m", host, 5701, List.of(host + ":5701"), 3, Map.of()));
    }

    @Test
    void shouldBindToTheAddressADnsNameResolvesTo() {
        // A StatefulSet pod's cluster.host is its DNS name; Hazelcast's interface list takes addresses only.
        assertEquals(List.of("127.0.0.1"), List.copyOf(config("localhost").getNetworkConfig().getInterfaces()
                .getInterfaces()));
        assertEquals("localhost:5701", config("localhost").getNetworkConfig().getPublicAddress());
    }

    @Test
    void shouldKeepAnAddressOrPatternAsItIs() {
        assertEquals(List.of("192.0.2.7"), List.copyOf(config("192.0.2.7").getNetworkConfig().getInterfaces()
                .getInterfaces()));
        assertEquals("10.0.*.*", ClusterMember.interfaceAddress("10.0.*.*"));
    }

    @Test
    void shouldBindItsPortAgainRightAfterARestart() {
        assertEquals(true, config("127.0.0.1").getNetworkConfig().isReuseAddress());
    }
}
