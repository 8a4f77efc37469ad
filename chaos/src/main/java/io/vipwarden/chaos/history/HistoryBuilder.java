package io.vipwarden.chaos.history;

import io.vipwarden.chaos.history.Entry.CloudAction;
import io.vipwarden.chaos.history.Entry.GrantSource;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.VrrpState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes histories by hand, at millisecond offsets from a fixed origin: how tests state a good or
 * a bad history in a few readable lines. One HaVip at a time ({@link #havip(String)}).
 */
public final class HistoryBuilder {
    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
    private final long seed;
    private final List<Entry> entries = new ArrayList<>();
    private String havip = "havip-1";
    private Instant now = ORIGIN;
    private long cloudSeq;

    public HistoryBuilder(long seed) {
        this.seed = seed;
    }

    public HistoryBuilder havip(String havipId) {
        this.havip = Objects.requireNonNull(havipId);
        return this;
    }

    /** Following entries happen {@code ms} milliseconds after the origin. */
    public HistoryBuilder at(long ms) {
        now = ORIGIN.plusMillis(ms);
        return this;
    }

    public HistoryBuilder member(String node, String instance) {
        return add(new Entry.Member(now, havip, node, instance));
    }

    public HistoryBuilder grant(String owner, long epoch) {
        return add(new Entry.Grant(now, havip, owner, epoch, GrantSource.STATE_TOPIC));
    }

    public HistoryBuilder issued(String node, String commandId, String kind, long epoch) {
        return add(new Entry.CommandIssued(now, havip, node, commandId, kind, epoch, "coordinator-1"));
    }

    public HistoryBuilder outcome(String node, String commandId, String kind, long epoch, String outcome) {
        return add(new Entry.CommandOutcome(now, havip, node, commandId, kind, epoch, outcome));
    }

    public HistoryBuilder cloud(CloudAction action, String instance, Long epoch, String code) {
        return add(new Entry.CloudCall(now, havip, action, instance, epoch, code, ++cloudSeq));
    }

    public HistoryBuilder cloudState(List<String> associated, String master) {
        return add(new Entry.CloudState(now, havip, associated, master));
    }

    public HistoryBuilder vrrp(String node, VrrpState state) {
        return add(new Entry.Vrrp(now, havip, node, state));
    }

    public HistoryBuilder audit(String auditId, AuditEvent.Type type, String node, Long epoch, String outcome,
            String reason, Map<String, String> inputs) {
        return add(new Entry.AuditProduced(now, havip, auditId, type, node, epoch, outcome, reason, inputs));
    }

    /** An audit event with a fresh id and no inputs. */
    public HistoryBuilder audit(AuditEvent.Type type, String node, Long epoch, String outcome, String reason) {
        return audit(UUID.randomUUID().toString(), type, node, epoch, outcome, reason, Map.of());
    }

    public HistoryBuilder gateway(List<String> auditIds) {
        return add(new Entry.GatewayAudit(now, auditIds));
    }

    /** The gateway holds every audit event produced so far. */
    public HistoryBuilder gatewayHoldsAll() {
        return gateway(entries.stream().filter(e -> e instanceof Entry.AuditProduced)
                .map(e -> ((Entry.AuditProduced) e).auditId()).toList());
    }

    public HistoryBuilder fault(String fault, boolean begins) {
        return add(new Entry.FaultMark(now, fault, begins));
    }

    public HistoryBuilder faultsOver() {
        return add(new Entry.FaultsOver(now));
    }

    public HistoryBuilder end() {
        return add(new Entry.End(now));
    }

    public HistoryBuilder add(Entry entry) {
        entries.add(entry);
        return this;
    }

    public History build() {
        return History.of(seed, entries);
    }
}
