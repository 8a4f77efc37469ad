package io.vipwarden.gateway.metrics;

/** The one place the gateway's metric names are made, so a rename happens here only. */
public final class MetricNames {
    private MetricNames() {
    }

    public static final String HTTP_REQUESTS = "vipwarden_gateway_http_requests";
    public static final String HTTP_REQUEST_DURATION = "vipwarden_gateway_http_request_duration_seconds";
    public static final String AUDIT_EVENTS_STORED = "vipwarden_gateway_audit_events_stored";
    public static final String AUDIT_EVENTS_INGESTED = "vipwarden_gateway_audit_events_ingested";
    public static final String AUDIT_STORE_BYTES = "vipwarden_gateway_audit_store_bytes";
    public static final String RECORDS_DEAD_LETTERED = "vipwarden_gateway_records_dead_lettered";
    public static final String SSE_CLIENTS = "vipwarden_gateway_sse_clients";
    public static final String SSE_EVENTS_DROPPED = "vipwarden_gateway_sse_events_dropped";
    public static final String OPERATOR_REQUESTS = "vipwarden_gateway_operator_requests";
    public static final String READY = "vipwarden_gateway_ready";

    public static final String HAVIP_EPOCH = "vipwarden_havip_epoch";
    public static final String HAVIP_OWNER = "vipwarden_havip_owner_info";
    public static final String HAVIP_MEMBERS_UP = "vipwarden_havip_members_up";
    public static final String HAVIP_HEALTHY_STANDBY = "vipwarden_havip_healthy_standby";
    public static final String HAVIP_CLOUD_MATCHES_OWNER = "vipwarden_havip_cloud_master_matches_owner";
    public static final String HAVIP_SINCE_LAST_FAILOVER = "vipwarden_havip_last_failover_age_seconds";
    public static final String HAVIP_PHASE = "vipwarden_havip_phase";
}
