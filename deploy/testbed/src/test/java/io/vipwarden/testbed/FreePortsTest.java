package io.vipwarden.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void shouldChooseDistinctPortsThatCanAllBeBoundTogether() throws Exception {
        List<Integer> ports = FreePorts.onLoopback(20);
        assertEquals(20, new HashSet<>(ports).size(), ports.toString());
        List<ServerSocket> listeners = new ArrayList<>();
        try {
            for (int port : ports) {
                listeners.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
            }
        } finally {
            for (ServerSocket s : listeners) {
                s.close();
            }
        }
    }

    @Test
    void shouldNotHandOutAPortAgainInALaterCall() {
        // Asked call by call, the kernel offers a port it offered before often enough: 500 draws from
        // about 14,000 ports repeat one several times over.
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            for (int port : FreePorts.onLoopback(10)) {
                assertTrue(seen.add(port), "port " + port + " handed out twice, call " + i);
            }
        }
        assertTrue(seen.size() <= FreePorts.REMEMBERED);
    }

    @Test
    void shouldRefuseToChooseNoPorts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FreePorts.onLoopback(0));
        assertEquals("count of ports must be at least 1, got 0", e.getMessage());
    }
}
