package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.required;

/** The current verdict of one health check (after rise/fall), with the detail of its last run. */
public record HealthCheckResult(String name, String kind, boolean healthy, String detail) {
    public HealthCheckResult {
        required(name, "name");
        required(kind, "kind");
    }
}
