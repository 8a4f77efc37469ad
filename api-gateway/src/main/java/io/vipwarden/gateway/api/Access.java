package io.vipwarden.gateway.api;

/** Who may call a route. */
public enum Access {
    /** Anyone: the status page shell and the OpenAPI description carry no fleet data. */
    OPEN,
    /** /healthz, /readyz: open unless {@code auth.health.open} is false, then a viewer token. */
    HEALTH,
    /** /metrics: open unless {@code auth.metrics.open} is false, then a viewer token. */
    METRICS,
    /** The read API: a viewer token unless {@code auth.read.open} is true. */
    READ,
    /** Operator actions: always an operator token. */
    OPERATE
}
