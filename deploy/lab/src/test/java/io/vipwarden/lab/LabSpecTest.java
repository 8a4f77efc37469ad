package io.vipwarden.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LabSpecTest {
    @Test
    void shouldReportEveryProblemAtOnce() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LabSpec(5, 4, BigDecimal.ZERO, "10.0.0.1", 300, -1, 5, true));

        for (String part : new String[] {"nodeCount", "vrrpVersion", "advertIntSeconds", "vip", "virtualRouterId", "garp"}) {
            assertTrue(e.getMessage().contains(part), () -> "no '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void shouldRefuseFractionalAdvertIntForVrrpv2() {
        assertThrows(IllegalArgumentException.class, () -> LabSpec.pair().withVrrp(2, new BigDecimal("0.5")));
    }

    @Test
    void shouldRefuseAVipOutsideTestNetOneOrOnANode() {
        assertThrows(IllegalArgumentException.class, () -> new LabSpec(2, 2, BigDecimal.ONE, "198.51.100.7", 51, 1, 5, true));
        assertThrows(IllegalArgumentException.class, () -> new LabSpec(2, 2, BigDecimal.ONE, "192.0.2.12", 51, 1, 5, true));
    }

    @Test
    void shouldHandOutAddressesAndDescendingPriorities() {
        LabSpec spec = LabSpec.pair().withNodes(3);

        assertEquals("192.0.2.11", spec.nodeAddress(1));
        assertEquals("192.0.2.13", spec.nodeAddress(3));
        assertEquals(80, spec.nodePriority(3));
        assertThrows(IllegalArgumentException.class, () -> spec.nodeAddress(4));
    }

    @Test
    void shouldComputeMasterDownIntervalPerVrrpVersion() {
        assertEquals(3 + 156 / 256.0, LabSpec.pair().masterDownSeconds(100), 1e-9);
        assertEquals(0.6 + 156 * 0.2 / 256, LabSpec.pair().withVrrp(3, new BigDecimal("0.2")).masterDownSeconds(100), 1e-9);
    }
}
