package io.vipwarden.gateway;

import static io.vipwarden.gateway.GatewayFixture.VIEWER_TOKEN;
import static io.vipwarden.gateway.GatewayFixture.audit;
import static io.vipwarden.gateway.GatewayFixture.havip;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vipwarden.events.AuditEvent;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loads the status page from a running gateway in headless Chromium (Debian's {@code chromium}) and
 * checks the rendered DOM shows the HaVips, owners, epochs, members and audit the topics carry.
 * Without chromium it skips locally, and fails in CI ({@code CI=true}).
 */
@ExtendWith(KafkaExtension.class)
class StatusPageBrowserIT {

    @Test
    void shouldShowHavipsOwnersEpochsMembersAndAuditAndFollowLiveUpdates(EmbeddedKafka kafka) throws Exception {
        Optional<String> chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("chromium is not installed; CI must have it (APT_PACKAGES in .ci/run)");
            }
            Assumptions.abort("chromium is not installed (apt-get install chromium); not in CI, so skipped");
        }
        try (GatewayFixture f = GatewayFixture.start(kafka, "status-page")) {
            f.publish(f.topics.havipState(), havip("havip-web-1", "node-alpha", "node-beta", 7, Instant.now()));
            f.publish(f.topics.havipState(), havip("havip-web-2", "node-gamma", "node-delta", 12, null));
            f.publish(f.topics.audit(), audit("havip-web-1", "node-alpha", AuditEvent.Type.DECISION, Instant.now(),
                    "failover after node-beta lost its health check"));
            await().until(() -> f.gateway.fleet().havips().size() == 2 && f.gateway.auditEvents() == 1);

            try (HeadlessChromium browser = HeadlessChromium.open(chromium.get(), f.url("/#token=" + VIEWER_TOKEN))) {
                await().atMost(HeadlessChromium.patience()).until(() -> browser.dom().contains("2 HaVips"));
                String dom = browser.dom();
                assertRow(dom, "havip-web-1", "node-alpha", "7");
                assertRow(dom, "havip-web-2", "node-gamma", "12");
                assertTrue(dom.contains("data-node=\"node-beta\""), "members are listed: " + dom);
                assertTrue(dom.contains("data-node=\"node-delta\""), "members are listed: " + dom);
                assertTrue(dom.contains("failover after node-beta lost its health check"), "recent audit: " + dom);
                assertTrue(!browser.evaluate("location.href").contains(VIEWER_TOKEN), "the token leaves the address bar");

                // Live: a failover published now shows up without a reload.
                await().atMost(HeadlessChromium.patience())
                        .until(() -> browser.evaluate("document.body.dataset.live || ''").equals("open"));
                f.publish(f.topics.havipState(), havip("havip-web-1", "node-beta", "node-alpha", 8, Instant.now()));
                f.publish(f.topics.audit(), audit("havip-web-1", "node-beta", AuditEvent.Type.DECISION,
                        Instant.now(), "switched to node-beta by the live test"));
                await().atMost(HeadlessChromium.patience()).untilAsserted(() -> {
                    String live = browser.dom();
                    assertRow(live, "havip-web-1", "node-beta", "8");
                    assertTrue(live.contains("switched to node-beta by the live test"), live);
                });
            }
        }
    }

    private static void assertRow(String dom, String havip, String owner, String epoch) {
        Matcher row = Pattern.compile("<tr data-havip=\"" + Pattern.quote(havip) + "\">(.*?)</tr>", Pattern.DOTALL)
                .matcher(dom);
        assertTrue(row.find(), "a row for " + havip + " in: " + dom);
        String cells = row.group(1);
        assertTrue(cells.contains("<td class=\"owner\">" + owner + "</td>"), "owner of " + havip + ": " + cells);
        assertTrue(cells.contains("<td class=\"epoch\">" + epoch + "</td>"), "epoch of " + havip + ": " + cells);
    }
}
