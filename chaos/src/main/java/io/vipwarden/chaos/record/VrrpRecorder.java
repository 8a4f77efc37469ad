package io.vipwarden.chaos.record;

import io.vipwarden.chaos.history.Entry;
import io.vipwarden.events.VrrpState;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Records each change of a node's VRRP state, from what keepalived (simulated or real) says now:
 * HaVip id to (node id to state), STOP for a node whose keepalived is not running.
 */
public final class VrrpRecorder {
    private final Supplier<Map<String, Map<String, VrrpState>>> probe;
    private final Consumer<Entry> history;
    private final Clock clock;
    private final Map<String, VrrpState> last = new HashMap<>();

    public VrrpRecorder(Supplier<Map<String, Map<String, VrrpState>>> probe, Consumer<Entry> history, Clock clock) {
        this.probe = probe;
        this.history = history;
        this.clock = clock;
    }

    public synchronized void poll() {
        var now = clock.instant();
        probe.get().forEach((havip, nodes) -> nodes.forEach((node, state) -> {
            VrrpState effective = state.effective();
            if (last.put(havip + "/" + node, effective) != effective) {
                history.accept(new Entry.Vrrp(now, havip, node, effective));
            }
        }));
    }
}
