package io.vipwarden.cloud;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CloudMetricsTest {
    @Test
    void shouldExposeCallsRetriesAndLatencyUnderTheirDocumentedNames() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        CloudMetrics metrics = CloudMetrics.in(registry);
        metrics.call("alibaba", "AssociateHaVip", "ServiceUnavailable", Duration.ofMillis(30));
        metrics.retry("alibaba", "AssociateHaVip", "ServiceUnavailable");
        metrics.call("alibaba", "AssociateHaVip", CloudMetrics.OK, Duration.ofMillis(20));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        String text = out.toString(StandardCharsets.UTF_8);

        assertTrue(text.contains("vipwarden_cloud_calls_total{action=\"AssociateHaVip\",code=\"OK\",provider=\"alibaba\"} 1"), text);
        assertTrue(text.contains("vipwarden_cloud_retries_total{action=\"AssociateHaVip\",code=\"ServiceUnavailable\",provider=\"alibaba\"} 1"), text);
        assertTrue(text.contains("vipwarden_cloud_call_duration_seconds_bucket{action=\"AssociateHaVip\",provider=\"alibaba\",le=\"0.025\"} 1"), text);
        assertTrue(text.contains("vipwarden_cloud_call_duration_seconds_count{action=\"AssociateHaVip\",provider=\"alibaba\"} 2"), text);
    }

    @Test
    void shouldShareOneSetOfMetricsPerRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();

        assertSame(CloudMetrics.in(registry), CloudMetrics.in(registry), "a second provider must not register twice");
    }
}
