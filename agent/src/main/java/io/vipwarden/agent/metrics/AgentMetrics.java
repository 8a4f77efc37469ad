package io.vipwarden.agent.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.events.EventType;
import io.vipwarden.events.VrrpState;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The agent's Prometheus metrics, in a registry of its own (several agents can run in one JVM in the
 * sandbox and in tests). Labels stay low-cardinality: havip, state, result, type, outcome, severity.
 * No exemplars (the agent has no traces to point to): exemplar sampling would start a scheduler thread.
 */
public final class AgentMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter fifoLines = Counter.builder().name(MetricNames.FIFO_LINES)
            .help("keepalived notify lines read, by result (ok, malformed)").labelNames("result").withoutExemplars().register(registry);
    private final Counter dumpReads = Counter.builder().name(MetricNames.DUMP_READS)
            .help("keepalived JSON state dump reads, by result (ok, malformed, missing)").labelNames("result")
            .withoutExemplars().register(registry);
    private final Counter transitions = Counter.builder().name(MetricNames.TRANSITIONS)
            .help("VRRP transitions reported, by source (FIFO, JSON_DUMP, NOTIFY_SCRIPT)").labelNames("source")
            .withoutExemplars().register(registry);
    private final Gauge vrrpState = Gauge.builder().name(MetricNames.VRRP_STATE)
            .help("1 for the VRRP state this node's instance of the HaVip is in, 0 for the others")
            .labelNames("havip", "state").withoutExemplars().register(registry);
    private final Gauge healthy = Gauge.builder().name(MetricNames.HEALTHY)
            .help("1 when all of the HaVip's health checks pass on this node").labelNames("havip").withoutExemplars().register(registry);
    private final Gauge fenced = Gauge.builder().name(MetricNames.FENCED)
            .help("1 when this node is fenced for the HaVip (track file non-zero)").labelNames("havip")
            .withoutExemplars().register(registry);
    private final Counter published = Counter.builder().name(MetricNames.EVENTS_PUBLISHED)
            .help("node events Kafka confirmed").withoutExemplars().register(registry);
    private final Counter spoolDropped = Counter.builder().name(MetricNames.SPOOL_DROPPED)
            .help("events dropped because the spool was full (heartbeats only)").labelNames("type")
            .withoutExemplars().register(registry);
    private final Gauge spoolBytes = Gauge.builder().name(MetricNames.SPOOL_BYTES)
            .help("bytes of events waiting in the spool").withoutExemplars().register(registry);
    private final Gauge spoolEvents = Gauge.builder().name(MetricNames.SPOOL_EVENTS)
            .help("events waiting in the spool").withoutExemplars().register(registry);
    private final Counter commands = Counter.builder().name(MetricNames.COMMANDS)
            .help("commands addressed to this node, by type and outcome").labelNames("type", "outcome")
            .withoutExemplars().register(registry);
    private final Gauge lintFindings = Gauge.builder().name(MetricNames.LINT_FINDINGS)
            .help("keepalived.conf lint findings at the last parse, by severity").labelNames("severity")
            .withoutExemplars().register(registry);
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public void notifyLine(boolean ok) {
        fifoLines.labelValues(ok ? "ok" : "malformed").inc();
    }

    public void dumpRead(String result) {
        dumpReads.labelValues(result).inc();
    }

    public void transition(String source) {
        transitions.labelValues(source).inc();
    }

    public void vrrpState(String havip, VrrpState state) {
        for (VrrpState s : new VrrpState[] {VrrpState.INIT, VrrpState.BACKUP, VrrpState.MASTER, VrrpState.FAULT,
                VrrpState.STOP, VrrpState.DELETED, VrrpState.UNKNOWN}) {
            vrrpState.labelValues(havip, s.name()).set(s == state.effective() ? 1 : 0);
        }
    }

    public void healthy(String havip, boolean value) {
        healthy.labelValues(havip).set(value ? 1 : 0);
    }

    public void fenced(String havip, boolean value) {
        fenced.labelValues(havip).set(value ? 1 : 0);
    }

    public void published() {
        published.inc();
    }

    public void spoolDropped(EventType type) {
        spoolDropped.labelValues(type.name()).inc();
    }

    public void spool(long bytes, long events) {
        spoolBytes.set(bytes);
        spoolEvents.set(events);
    }

    public void command(EventType type, String outcome) {
        commands.labelValues(type.name(), outcome).inc();
    }

    public void lintFindings(String severity, long count) {
        lintFindings.labelValues(severity).set(count);
    }

    /** Well-formed notify lines taken so far (FIFO and notify scripts). */
    public double notifyLinesOk() {
        return fifoLines.labelValues("ok").get();
    }

    public double publishedCount() {
        return published.get();
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
