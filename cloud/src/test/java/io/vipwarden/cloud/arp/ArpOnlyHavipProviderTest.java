package io.vipwarden.cloud.arp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.cloud.CloudConfigException;
import io.vipwarden.cloud.CloudErrors;
import io.vipwarden.cloud.CloudException;
import io.vipwarden.cloud.HavipDescription;
import io.vipwarden.cloud.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArpOnlyHavipProviderTest {
    final ManualClock clock = new ManualClock();
    final ArpOnlyHavipProvider provider;

    ArpOnlyHavipProviderTest() throws CloudConfigException {
        provider = ArpOnlyHavipProvider.fromConfig(Map.of(
                "cloud.arp.havips", "vip-web, vip-db",
                "cloud.arp.havip.vip-web.ip", "192.0.2.10",
                "cloud.arp.havip.vip-web.instances", "node-a,node-b,node-c",
                "cloud.arp.havip.vip-web.network", "dc1",
                "cloud.arp.havip.vip-db.ip", "192.0.2.20",
                "cloud.arp.havip.vip-db.instances", "node-d,node-e",
                "cloud.arp.claim.ttl.ms", "10000"), clock);
    }

    Instant at(long secondsAgo) {
        return clock.instant().minusSeconds(secondsAgo);
    }

    @Test
    void shouldDescribeFromConfigurationWithNoMasterBeforeAnyReport() throws Exception {
        HavipDescription d = provider.describe("vip-web");

        assertEquals(new HavipDescription("vip-web", "192.0.2.10", "dc1", null, "Available",
                List.of("node-a", "node-b", "node-c"), null), d);
        assertFalse(provider.supportsAssociation());
        assertEquals("arp", provider.name());
    }

    @Test
    void shouldTakeTheMostRecentStandingMasterClaim() throws Exception {
        provider.report("vip-web", "node-a", true, at(5));
        provider.report("vip-web", "node-b", true, at(2));

        assertEquals("node-b", provider.describe("vip-web").masterInstanceId());
        assertEquals(List.of("node-b", "node-a"), provider.masterClaims("vip-web"), "two standing claims: split brain");

        provider.report("vip-web", "node-b", false, at(1));
        assertEquals("node-a", provider.describe("vip-web").masterInstanceId());
        assertEquals("InUse", provider.describe("vip-web").status());
    }

    @Test
    void shouldIgnoreOutOfOrderStaleAndForeignReports() throws Exception {
        assertTrue(provider.report("vip-web", "node-a", true, at(1)));
        assertFalse(provider.report("vip-web", "node-a", false, at(3)), "older than the last report from node-a");
        assertFalse(provider.report("vip-web", "node-d", true, at(0)), "node-d does not carry vip-web");
        assertFalse(provider.report("vip-nope", "node-a", true, at(0)));
        assertEquals("node-a", provider.describe("vip-web").masterInstanceId());

        clock.advance(Duration.ofSeconds(11));
        assertNull(provider.describe("vip-web").masterInstanceId(), "a claim not repeated within the TTL lapses");
    }

    @Test
    void shouldRefuseAssociationAndUnknownHavips() {
        CloudException assoc = assertThrows(CloudException.class, () -> provider.associate("vip-web", "node-a", "t"));
        CloudException unassoc = assertThrows(CloudException.class, () -> provider.unassociate("vip-web", "node-a", true, "t"));
        CloudException unknown = assertThrows(CloudException.class, () -> provider.describe("vip-nope"));

        assertEquals(CloudErrors.UNSUPPORTED, assoc.code());
        assertFalse(assoc.retryable());
        assertEquals(CloudErrors.UNSUPPORTED, unassoc.code());
        assertEquals("InvalidHaVipId.NotFound", unknown.code());
    }

    @Test
    void shouldListEveryConfigurationProblem() {
        CloudConfigException e = assertThrows(CloudConfigException.class, () -> ArpOnlyHavipProvider.fromConfig(Map.of(
                "cloud.arp.havips", "a,b",
                "cloud.arp.havip.a.ip", "300.1.1.1",
                "cloud.arp.havip.a.instances", "n1",
                "cloud.arp.havip.b.ip", "192.0.2.1",
                "cloud.arp.claim.ttl.ms", "never"), clock));

        assertEquals(3, e.problems().size(), e.problems().toString());
    }
}
