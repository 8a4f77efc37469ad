package io.vipwarden.gateway.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.events.HavipState;
import io.vipwarden.gateway.fleet.FleetView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * The gateway's own metrics and the fleet gauges (one series per HaVip, read from the
 * {@link FleetView} at scrape time), in a registry of their own.
 */
public final class GatewayMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter httpRequests;
    private final Histogram httpDuration;
    private final Counter auditIngested;
    private final Counter operatorRequests;
    private final Counter sseDropped;

    public GatewayMetrics(FleetView fleet) {
        httpRequests = Counter.builder().name(MetricNames.HTTP_REQUESTS)
                .help("HTTP requests answered, by route template, method and status code")
                .labelNames("route", "method", "code").register(registry);
        httpDuration = Histogram.builder().name(MetricNames.HTTP_REQUEST_DURATION)
                .help("Time to answer an HTTP request, by route template")
                .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5)
                .labelNames("route").register(registry);
        auditIngested = Counter.builder().name(MetricNames.AUDIT_EVENTS_INGESTED)
                .help("Audit events read from the audit topic and stored since start").register(registry);
        operatorRequests = Counter.builder().name(MetricNames.OPERATOR_REQUESTS)
                .help("Operator requests accepted and published, by kind").labelNames("kind").register(registry);
        sseDropped = Counter.builder().name(MetricNames.SSE_EVENTS_DROPPED)
                .help("Live events not sent to a slow SSE client whose buffer was full").register(registry);
        GaugeWithCallback.builder().name(MetricNames.HAVIP_EPOCH).help("Fencing epoch of the HaVip")
                .labelNames("havip").callback(cb -> fleet.havips().forEach(s -> cb.call(s.epoch(), s.havipId())))
                .register(registry);
        GaugeWithCallback.builder().name(MetricNames.HAVIP_OWNER)
                .help("1 for the node that owns the HaVip (no series when it has no owner)")
                .labelNames("havip", "node").callback(cb -> fleet.havips().stream()
                        .filter(s -> s.ownerNode() != null).forEach(s -> cb.call(1, s.havipId(), s.ownerNode())))
                .register(registry);
        GaugeWithCallback.builder().name(MetricNames.HAVIP_MEMBERS_UP)
                .help("Members of the HaVip the coordinators report alive").labelNames("havip")
                .callback(cb -> fleet.havips().forEach(s -> cb.call(FleetView.membersUp(s), s.havipId())))
                .register(registry);
        GaugeWithCallback.builder().name(MetricNames.HAVIP_HEALTHY_STANDBY)
                .help("1 when a member other than the owner is alive, healthy and not fenced").labelNames("havip")
                .callback(cb -> fleet.havips().forEach(s -> cb.call(FleetView.healthyStandby(s) ? 1 : 0,
                        s.havipId())))
                .register(registry);
        GaugeWithCallback.builder().name(MetricNames.HAVIP_SINCE_LAST_FAILOVER)
                .help("Seconds since the HaVip's last failover (no series before the first)").labelNames("havip")
                .callback(cb -> fleet.havips().forEach(s -> fleet.secondsSinceLastFailover(s)
                        .ifPresent(v -> cb.call(v, s.havipId()))))
                .register(registry);
        GaugeWithCallback.builder().name(MetricNames.HAVIP_CLOUD_MATCHES_OWNER)
                .help("1 when the cloud routes the HaVip to its owner's instance, 0 when it routes elsewhere "
                        + "(no series without a cloud binding, e.g. ARP-only, or without an owner)")
                .labelNames("havip")
                .callback(cb -> fleet.havips().forEach(s -> FleetView.cloudMatchesOwner(s)
                        .ifPresent(match -> cb.call(match ? 1 : 0, s.havipId()))))
                .register(registry);
        GaugeWithCallback.builder().name(MetricNames.HAVIP_PHASE)
                .help("1 for the HaVip's current phase, 0 for the others").labelNames("havip", "phase")
                .callback(cb -> fleet.havips().forEach(s -> {
                    for (HavipState.Phase p : HavipState.Phase.values()) {
                        cb.call(p == s.phase() ? 1 : 0, s.havipId(), p.name().toLowerCase(Locale.ROOT));
                    }
                }))
                .register(registry);
    }

    /** Gauges over the gateway's moving parts, registered once they exist. */
    public void bind(IntSupplier auditStored, DoubleSupplier auditBytes, IntSupplier sseClients,
            DoubleSupplier deadLettered, BooleanSupplier ready) {
        GaugeWithCallback.builder().name(MetricNames.AUDIT_EVENTS_STORED)
                .help("Audit events in the gateway's local audit store")
                .callback(cb -> cb.call(auditStored.getAsInt())).register(registry);
        GaugeWithCallback.builder().name(MetricNames.AUDIT_STORE_BYTES)
                .help("Size of the local audit log on disk").unit(io.prometheus.metrics.model.snapshots.Unit.BYTES)
                .callback(cb -> cb.call(auditBytes.getAsDouble())).register(registry);
        GaugeWithCallback.builder().name(MetricNames.SSE_CLIENTS).help("Connected live-event (SSE) clients")
                .callback(cb -> cb.call(sseClients.getAsInt())).register(registry);
        CounterWithCallback.builder().name(MetricNames.RECORDS_DEAD_LETTERED)
                .help("Records the gateway could not read and sent to the dead-letter topic")
                .callback(cb -> cb.call(deadLettered.getAsDouble())).register(registry);
        GaugeWithCallback.builder().name(MetricNames.READY)
                .help("1 when the gateway has caught up with its topics and serves")
                .callback(cb -> cb.call(ready.getAsBoolean() ? 1 : 0)).register(registry);
    }

    public void httpRequest(String route, String method, int code, double seconds) {
        httpRequests.labelValues(route, method, String.valueOf(code)).inc();
        httpDuration.labelValues(route).observe(seconds);
    }

    public void auditIngested(int n) {
        auditIngested.inc(n);
    }

    public void operatorRequest(String kind) {
        operatorRequests.labelValues(kind).inc();
    }

    public void sseDropped() {
        sseDropped.inc();
    }

    /** The exposition: OpenMetrics when the Accept header asks for it, else Prometheus text 0.0.4. */
    public Scrape scrape(String accept) {
        ExpositionFormatWriter writer = accept != null && accept.contains("application/openmetrics-text")
                ? OpenMetricsTextFormatWriter.create() : PrometheusTextFormatWriter.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scrape(writer.getContentType(), out.toByteArray());
    }

    public record Scrape(String contentType, byte[] body) {
    }
}
