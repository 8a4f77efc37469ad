package io.vipwarden.agent.metrics;

/** The one place the agent's metric names are made: {@code vipwarden_agent_<what>_<unit>}. */
public final class MetricNames {
    private MetricNames() {
    }

    public static final String FIFO_LINES = "vipwarden_agent_notify_lines";
    public static final String DUMP_READS = "vipwarden_agent_state_dump_reads";
    public static final String TRANSITIONS = "vipwarden_agent_vrrp_transitions";
    public static final String VRRP_STATE = "vipwarden_agent_vrrp_state";
    public static final String HEALTHY = "vipwarden_agent_havip_healthy";
    public static final String EVENTS_PUBLISHED = "vipwarden_agent_events_published";
    public static final String SPOOL_DROPPED = "vipwarden_agent_spool_dropped_events";
    public static final String SPOOL_BYTES = "vipwarden_agent_spool_pending_bytes";
    public static final String SPOOL_EVENTS = "vipwarden_agent_spool_pending_events";
    public static final String COMMANDS = "vipwarden_agent_commands";
    public static final String FENCED = "vipwarden_agent_fenced";
    public static final String LINT_FINDINGS = "vipwarden_agent_lint_findings";
}
