package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.required;

/** One keepalived.conf lint finding: rule, severity, where, what, and how to fix it. */
public record LintFinding(String ruleId, Severity severity, String file, int line, String message, String hint) {
    public enum Severity { ERROR, WARNING, INFO }

    public LintFinding {
        required(ruleId, "ruleId");
        required(severity, "severity");
        required(message, "message");
    }
}
