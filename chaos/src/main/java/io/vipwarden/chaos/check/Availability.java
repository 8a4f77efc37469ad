package io.vipwarden.chaos.check;

import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.Entry.CloudState;
import io.vipwarden.chaos.history.Entry.Member;
import io.vipwarden.chaos.history.Entry.Vrrp;
import io.vipwarden.chaos.history.History;
import io.vipwarden.events.VrrpState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long each HaVip went unserved: the cloud routed it to no instance, or to one whose keepalived
 * was not MASTER (traffic to a dead or demoted node). Counted from the first moment it was served
 * to the end of the history. A figure, not a check: fail-static and fencing both cost some of it.
 */
final class Availability {
    private Availability() {
    }

    static Map<String, Duration> unserved(History history) {
        Map<String, State> states = new LinkedHashMap<>();
        Instant end = history.start();
        for (Entry e : history.entries()) {
            end = e.at();
            if (e.havipId() == null) {
                continue;
            }
            State s = states.computeIfAbsent(e.havipId(), k -> new State());
            s.advance(e.at());
            if (e instanceof Member m) {
                s.nodeOfInstance.put(m.instanceId(), m.nodeId());
            } else if (e instanceof Vrrp v) {
                s.vrrp.put(v.nodeId(), v.state());
            } else if (e instanceof CloudState c) {
                s.master = c.master();
            }
            s.served = s.served();
            s.everServed |= s.served;
        }
        Map<String, Duration> out = new LinkedHashMap<>();
        for (Map.Entry<String, State> h : states.entrySet()) {
            h.getValue().advance(end);
            out.put(h.getKey(), h.getValue().unserved);
        }
        return out;
    }

    private static final class State {
        final Map<String, String> nodeOfInstance = new HashMap<>();
        final Map<String, VrrpState> vrrp = new HashMap<>();
        String master;
        boolean served;
        boolean everServed;
        Instant last;
        Duration unserved = Duration.ZERO;

        void advance(Instant now) {
            if (last != null && everServed && !served) {
                unserved = unserved.plus(Duration.between(last, now));
            }
            last = now;
        }

        boolean served() {
            if (master == null) {
                return false;
            }
            VrrpState state = vrrp.get(nodeOfInstance.getOrDefault(master, master));
            return state != null && state.claimsVip();
        }
    }
}
