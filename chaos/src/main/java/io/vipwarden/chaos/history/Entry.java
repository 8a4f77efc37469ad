package io.vipwarden.chaos.history;

import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.VrrpState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One timestamped fact of a chaos run, as the recorder observed it. Every fact names the HaVip it
 * is about ({@code null} only for run-wide markers), so a checker can look at one HaVip at a time.
 * Times come from the recorder's clock: one clock for the whole history, whatever skew a node has.
 */
public sealed interface Entry {
    Instant at();

    /** The HaVip the fact is about, or null for run-wide markers. */
    String havipId();

    /** One line for a printed history. */
    String describe();

    /** Where the coordinators' view of a grant came from. */
    enum GrantSource { STATE_TOPIC, AUDIT }

    /** Mutating cloud actions: what the cloud executes. Reads are not recorded. */
    enum CloudAction { ASSOCIATE, UNASSOCIATE }

    /** The node of a HaVip group and the cloud instance the cloud knows it by. */
    record Member(Instant at, String havipId, String nodeId, String instanceId) implements Entry {
        public Member {
            Objects.requireNonNull(havipId, "havipId");
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public String describe() {
            return "member " + nodeId + " = instance " + instanceId;
        }
    }

    /** The coordinators granted the HaVip to {@code owner} at {@code epoch} (first time seen). */
    record Grant(Instant at, String havipId, String owner, long epoch, GrantSource source) implements Entry {
        @Override
        public String describe() {
            return "GRANT epoch " + epoch + " to " + owner + " (" + source + ")";
        }
    }

    /** A command a coordinator published on the commands topic. */
    record CommandIssued(Instant at, String havipId, String nodeId, String commandId, String kind, long epoch,
            String issuedBy) implements Entry {
        @Override
        public String describe() {
            return "command " + kind + " " + commandId + " to " + nodeId + " at epoch " + epoch + " by " + issuedBy;
        }
    }

    /** What an agent did with a command (its CommandResult on node-events). */
    record CommandOutcome(Instant at, String havipId, String nodeId, String commandId, String kind, long epoch,
            String outcome) implements Entry {
        public boolean executed() {
            return "EXECUTED".equals(outcome);
        }

        @Override
        public String describe() {
            return "agent " + nodeId + " " + outcome + " " + kind + " " + commandId + " at epoch " + epoch;
        }
    }

    /**
     * A mutating call the cloud received, in the cloud's own order ({@code cloudSeq}).
     *
     * @param epoch the epoch the call was made for, or null when it cannot be told
     * @param code  "OK" when the cloud accepted it, else the error code
     */
    record CloudCall(Instant at, String havipId, CloudAction action, String instanceId, Long epoch, String code,
            long cloudSeq) implements Entry {
        public boolean executed() {
            return "OK".equals(code);
        }

        @Override
        public String describe() {
            return "cloud #" + cloudSeq + " " + action + " " + instanceId + " epoch "
                    + (epoch == null ? "?" : epoch) + " -> " + code;
        }
    }

    /** The cloud's associated set and the instance it routes the VIP to, when either changed. */
    record CloudState(Instant at, String havipId, List<String> associated, String master) implements Entry {
        public CloudState {
            associated = List.copyOf(associated);
        }

        @Override
        public String describe() {
            return "cloud associated " + associated + " master " + master;
        }
    }

    /** The VRRP state of one node's instance for the HaVip, when it changed (STOP while keepalived is down). */
    record Vrrp(Instant at, String havipId, String nodeId, VrrpState state) implements Entry {
        @Override
        public String describe() {
            return "vrrp " + nodeId + " " + state;
        }
    }

    /** An audit event as published on the audit topic. */
    record AuditProduced(Instant at, String havipId, String auditId, AuditEvent.Type type, String nodeId, Long epoch,
            String outcome, String reason, Map<String, String> inputs) implements Entry {
        public AuditProduced {
            inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        }

        public static AuditProduced of(Instant at, AuditEvent e) {
            return new AuditProduced(at, e.havipId(), e.auditId(), e.type(), e.nodeId(), e.epoch(), e.outcome(),
                    e.reason(), e.inputs());
        }

        @Override
        public String describe() {
            return "audit " + type + " " + auditId + " node " + nodeId + " epoch " + epoch + " " + outcome + ": "
                    + reason;
        }
    }

    /** The gateway answered an audit query for every event it holds; these ids were in the answer. */
    record GatewayAudit(Instant at, List<String> auditIds) implements Entry {
        public GatewayAudit {
            auditIds = List.copyOf(auditIds);
        }

        @Override
        public String havipId() {
            return null;
        }

        @Override
        public String describe() {
            return "gateway holds " + auditIds.size() + " audit events";
        }
    }

    /** A fault began or ended (for the reader; convergence is measured from {@link FaultsOver}). */
    record FaultMark(Instant at, String fault, boolean begins) implements Entry {
        @Override
        public String havipId() {
            return null;
        }

        @Override
        public String describe() {
            return (begins ? "FAULT BEGINS " : "FAULT ENDS ") + fault;
        }
    }

    /** Every fault has been healed: from here the system must converge within the bound. */
    record FaultsOver(Instant at) implements Entry {
        @Override
        public String havipId() {
            return null;
        }

        @Override
        public String describe() {
            return "all faults over";
        }
    }

    /** The end of the observation. */
    record End(Instant at) implements Entry {
        @Override
        public String havipId() {
            return null;
        }

        @Override
        public String describe() {
            return "end of history";
        }
    }
}
