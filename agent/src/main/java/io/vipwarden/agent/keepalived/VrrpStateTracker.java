package io.vipwarden.agent.keepalived;

import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition;
import io.vipwarden.events.VrrpTransition.Kind;
import io.vipwarden.events.VrrpTransition.Source;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this node's keepalived is doing, merged from two sources: notify lines (fast, but keepalived
 * drops FIFO writes that would block) and the JSON state dump (complete, but periodic). A notify line
 * whose state the tracker already knows is a duplicate; a dump that disagrees with the tracker is a
 * transition the FIFO lost, unless the dump is older than the last notify line for that instance
 * (then the notify line is the newer truth). Priority notices (MASTER_PRIORITY, ...) are reported as
 * they come and keep the state. Not thread-safe: one caller at a time.
 */
public final class VrrpStateTracker {
    private final Clock clock;
    private final Map<String, Known> known = new HashMap<>();

    public VrrpStateTracker(Clock clock) {
        this.clock = clock;
    }

    /** What the tracker knows about one instance or group. */
    public record Known(VrrpState state, int priority, Instant notifiedAt) {
    }

    /** A change to publish. */
    public record Change(Kind kind, String name, VrrpState from, VrrpState to, int priority, Source source) {
    }

    public List<Change> onNotify(NotifyLine line, Source source) {
        String key = key(line.kind(), line.name());
        Known before = known.get(key);
        VrrpState from = before == null ? VrrpState.UNKNOWN : before.state();
        VrrpState effective = line.state().effective();
        boolean notice = effective != line.state();
        known.put(key, new Known(effective, line.priority(), clock.instant()));
        if (!notice && effective == from) {
            return List.of();
        }
        return List.of(new Change(line.kind(), line.name(), from, line.state(), line.priority(), source));
    }

    /**
     * @param writtenAt when keepalived wrote the dump (the file's modification time)
     */
    public List<Change> onDump(List<StateDump.InstanceStatus> dump, Instant writtenAt) {
        List<Change> changes = new ArrayList<>();
        for (StateDump.InstanceStatus status : dump) {
            if (status.state() == VrrpState.UNKNOWN) {
                continue;
            }
            String key = key(Kind.INSTANCE, status.name());
            Known before = known.get(key);
            if (before != null && before.notifiedAt() != null && writtenAt.isBefore(before.notifiedAt())) {
                continue;
            }
            VrrpState from = before == null ? VrrpState.UNKNOWN : before.state();
            known.put(key, new Known(status.state(), status.effectivePriority(),
                    before == null ? null : before.notifiedAt()));
            if (status.state() != from) {
                changes.add(new Change(Kind.INSTANCE, status.name(), from, status.state(), status.effectivePriority(),
                        Source.JSON_DUMP));
            }
        }
        return changes;
    }

    /**
     * keepalived's process is gone (killed, crashed): it can send no notification, and its dump is
     * stale, so every known instance and group not already stopped becomes STOP. Without this a
     * SIGKILLed MASTER would go on being reported MASTER by its agent while the peer takes over.
     */
    public List<Change> onProcessGone() {
        List<Change> changes = new ArrayList<>();
        Instant now = clock.instant();
        for (Map.Entry<String, Known> e : known.entrySet()) {
            Known before = e.getValue();
            if (before.state() == VrrpState.STOP || before.state() == VrrpState.DELETED) {
                continue;
            }
            String[] parts = e.getKey().split(":", 2);
            e.setValue(new Known(VrrpState.STOP, 0, now));
            changes.add(new Change(Kind.valueOf(parts[0]), parts[1], before.state(), VrrpState.STOP, 0, Source.PROCESS));
        }
        return changes;
    }

    public Optional<Known> instance(String name) {
        return Optional.ofNullable(known.get(key(Kind.INSTANCE, name)));
    }

    private static String key(Kind kind, String name) {
        return kind.name() + ":" + name;
    }
}
