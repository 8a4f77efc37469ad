package io.vipwarden.chaos.check;

import io.vipwarden.chaos.check.Violation.Kind;
import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.Entry.AuditProduced;
import io.vipwarden.chaos.history.Entry.CloudCall;
import io.vipwarden.chaos.history.Entry.CommandIssued;
import io.vipwarden.chaos.history.Entry.CommandOutcome;
import io.vipwarden.chaos.history.Entry.GatewayAudit;
import io.vipwarden.chaos.history.Entry.Grant;
import io.vipwarden.chaos.history.Entry.GrantSource;
import io.vipwarden.chaos.history.History;
import io.vipwarden.events.AuditEvent.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** Nothing happens without its audit event, and no audit event is lost on the way to the gateway. */
final class AuditChecks {
    private AuditChecks() {
    }

    /**
     * Every grant has a DECISION audit at its epoch; every command issued a COMMAND_ISSUED naming
     * it; every cloud action the cloud executed (with a known epoch) a CLOUD_CALL at that epoch for
     * that action and instance; every command result a COMMAND_RESULT naming the command.
     */
    static List<Violation> decisions(History history) {
        List<AuditProduced> audits = history.all(AuditProduced.class);
        List<Violation> out = new ArrayList<>();
        for (Entry e : history.entries()) {
            if (e instanceof Grant g && g.source() == GrantSource.STATE_TOPIC) {
                need(out, audits, g, "the grant of epoch " + g.epoch() + " to " + g.owner() + " has no DECISION audit",
                        a -> a.type() == Type.DECISION && Objects.equals(a.epoch(), g.epoch()));
            } else if (e instanceof CommandIssued c) {
                need(out, audits, c, c.kind() + " " + c.commandId() + " to " + c.nodeId()
                        + " was issued without a COMMAND_ISSUED audit",
                        a -> a.type() == Type.COMMAND_ISSUED && names(a, c.commandId()));
            } else if (e instanceof CloudCall c && c.executed() && c.epoch() != null) {
                need(out, audits, c, "the cloud executed " + c.action() + " " + c.instanceId() + " at epoch "
                        + c.epoch() + " without a CLOUD_CALL audit",
                        a -> a.type() == Type.CLOUD_CALL && Objects.equals(a.epoch(), c.epoch()) && about(a, c));
            } else if (e instanceof CommandOutcome o) {
                need(out, audits, o, "the result of " + o.kind() + " " + o.commandId() + " (" + o.outcome()
                        + " by " + o.nodeId() + ") has no COMMAND_RESULT audit",
                        a -> a.type() == Type.COMMAND_RESULT && names(a, o.commandId()));
            }
        }
        return out;
    }

    /** Every audit event produced before the gateway was asked is in the gateway's answer. */
    static List<Violation> queryable(History history) {
        List<GatewayAudit> answers = history.all(GatewayAudit.class);
        if (answers.isEmpty()) {
            return List.of();
        }
        GatewayAudit last = answers.get(answers.size() - 1);
        Set<String> held = new HashSet<>(last.auditIds());
        List<Violation> out = new ArrayList<>();
        for (AuditProduced a : history.all(AuditProduced.class)) {
            if (!a.at().isAfter(last.at()) && !held.contains(a.auditId())) {
                out.add(new Violation(Kind.AUDIT_LOST, a.havipId(), "audit event " + a.auditId() + " (" + a.type()
                        + ") was produced but the gateway does not return it", List.of(a, last)));
            }
        }
        return out;
    }

    private static void need(List<Violation> out, List<AuditProduced> audits, Entry about, String message,
            Predicate<AuditProduced> match) {
        boolean found = audits.stream().anyMatch(a -> a.havipId().equals(about.havipId()) && match.test(a));
        if (!found) {
            out.add(new Violation(Kind.DECISION_NOT_AUDITED, about.havipId(), message, List.of(about)));
        }
    }

    private static boolean names(AuditProduced a, String commandId) {
        return commandId.equals(a.inputs().get("commandId"))
                || (a.reason() != null && a.reason().contains(commandId));
    }

    private static boolean about(AuditProduced a, CloudCall c) {
        String action = a.inputs().get("action");
        String instance = a.inputs().get("instance");
        if (action != null && instance != null) {
            return action.toUpperCase(Locale.ROOT).equals(c.action().name()) && instance.equals(c.instanceId());
        }
        return a.reason() != null && a.reason().contains(c.action().name()) && a.reason().contains(c.instanceId());
    }
}
