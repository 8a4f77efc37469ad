package io.vipwarden.chaos.check;

import io.vipwarden.chaos.check.Violation.Kind;
import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.Entry.CloudAction;
import io.vipwarden.chaos.history.Entry.CloudCall;
import io.vipwarden.chaos.history.Entry.CloudState;
import io.vipwarden.chaos.history.Entry.CommandIssued;
import io.vipwarden.chaos.history.Entry.CommandOutcome;
import io.vipwarden.chaos.history.Entry.Grant;
import io.vipwarden.chaos.history.Entry.Member;
import io.vipwarden.chaos.history.Entry.Vrrp;
import io.vipwarden.chaos.history.History;
import io.vipwarden.events.VrrpState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Once fencing has begun, the cloud never routes a HaVip to two nodes at once.
 *
 * <p>The cloud routes the VIP to the associated instance that announced last, and a VRRP MASTER
 * keeps announcing: so a node is <em>routable</em> while its instance is associated AND its
 * keepalived is MASTER; two routable nodes make the VIP flap between them. Before any fence, that
 * is keepalived's own split brain (vipwarden fails static, it does not make it worse). A node is
 * <em>fenced</em> from the moment a fence against it at epoch E is seen to have taken effect (the
 * cloud executed its UnassociateHaVip and then shows it unassociated; or its agent executed a Fence
 * and then keepalived is sampled out of MASTER, or is FAULT already) until it is re-admitted at an epoch &ge; E (the cloud executed
 * its AssociateHaVip, an Unfence or Remap for it was issued or executed, or it was granted the HaVip:
 * the coordinators' decision is what re-admits, and the recorder may see it executed only after it
 * sees its effect). A fenced
 * node that is routable while another node is routable is a violation. Waiting for the effect to
 * be seen keeps the recorder's sampling delay from passing for a violation.
 */
final class RoutingCheck {
    private RoutingCheck() {
    }

    static List<Violation> check(History history) {
        List<Violation> out = new ArrayList<>();
        Map<String, State> states = new HashMap<>();
        for (Entry e : history.entries()) {
            if (e.havipId() == null) {
                continue;
            }
            State s = states.computeIfAbsent(e.havipId(), k -> new State());
            s.apply(e);
            TreeSet<String> routable = s.routable();
            String fencedRoutable = routable.size() < 2 ? null
                    : routable.stream().filter(s.fenced::containsKey).findFirst().orElse(null);
            if (fencedRoutable != null && !s.inViolation) {
                s.inViolation = true;
                out.add(new Violation(Kind.DUAL_ROUTE_AFTER_FENCE, e.havipId(), "the cloud can route the VIP to "
                        + routable + " at once, though " + fencedRoutable + " was fenced at epoch "
                        + s.fenced.get(fencedRoutable) + " and not re-admitted (associated "
                        + s.associated + ", MASTER " + s.masters() + ")", s.seen));
            } else if (fencedRoutable == null) {
                s.inViolation = false;
            }
        }
        return out;
    }

    private static final class State {
        final Map<String, String> nodeOfInstance = new HashMap<>();
        final Map<String, VrrpState> vrrp = new LinkedHashMap<>();
        final Map<String, Long> fenced = new HashMap<>();
        final Map<String, Long> cloudFencePending = new HashMap<>();
        final Map<String, Long> nodeFencePending = new HashMap<>();
        List<String> associated = List.of();
        boolean cloudKnown;
        final List<Entry> seen = new ArrayList<>();
        boolean inViolation;

        void apply(Entry e) {
            seen.add(e);
            if (e instanceof Member m) {
                nodeOfInstance.put(m.instanceId(), m.nodeId());
            } else if (e instanceof CloudState c) {
                associated = c.associated();
                cloudKnown = true;
            } else if (e instanceof Vrrp v) {
                vrrp.put(v.nodeId(), v.state());
            } else if (e instanceof CloudCall c && c.executed() && c.epoch() != null) {
                String node = nodeOfInstance.getOrDefault(c.instanceId(), c.instanceId());
                if (c.action() == CloudAction.UNASSOCIATE) {
                    cloudFencePending.merge(node, c.epoch(), Math::max);
                } else {
                    readmit(node, c.epoch());
                }
            } else if (e instanceof CommandOutcome o && o.executed()) {
                switch (o.kind()) {
                    case "FENCE" -> nodeFencePending.merge(o.nodeId(), o.epoch(), Math::max);
                    case "UNFENCE", "REMAP" -> readmit(o.nodeId(), o.epoch());
                    default -> { }
                }
            } else if (e instanceof CommandIssued c && (c.kind().equals("UNFENCE") || c.kind().equals("REMAP"))) {
                readmit(c.nodeId(), c.epoch());
            } else if (e instanceof Grant g) {
                readmit(g.owner(), g.epoch());
            }
            cloudFencePending.entrySet().removeIf(p -> {
                String instance = instanceOf(p.getKey());
                boolean effective = cloudKnown && !associated.contains(instance);
                if (effective) {
                    fenced.merge(p.getKey(), p.getValue(), Math::max);
                }
                return effective;
            });
            // An agent's fence has taken effect once keepalived is seen out of MASTER after it: a sample
            // taken after the result was read, or FAULT already (from FAULT, MASTER is seconds away). The
            // last sample before the result may be stale: a BACKUP that became MASTER just before the
            // fence looks BACKUP for up to one sampling period, and would pass for a fence taking effect.
            boolean freshSample = e instanceof Vrrp;
            nodeFencePending.entrySet().removeIf(p -> {
                VrrpState state = vrrp.get(p.getKey());
                boolean seenAfter = freshSample && ((Vrrp) e).nodeId().equals(p.getKey());
                boolean effective = state != null && (state == VrrpState.FAULT || seenAfter && !state.claimsVip());
                if (effective) {
                    fenced.merge(p.getKey(), p.getValue(), Math::max);
                }
                return effective;
            });
        }

        String instanceOf(String node) {
            return nodeOfInstance.entrySet().stream().filter(x -> x.getValue().equals(node)).map(Map.Entry::getKey)
                    .findFirst().orElse(node);
        }

        void readmit(String node, long epoch) {
            for (Map<String, Long> m : List.of(fenced, cloudFencePending, nodeFencePending)) {
                Long at = m.get(node);
                if (at != null && epoch >= at) {
                    m.remove(node);
                }
            }
        }

        List<String> masters() {
            return vrrp.entrySet().stream().filter(x -> x.getValue().claimsVip()).map(Map.Entry::getKey).toList();
        }

        TreeSet<String> routable() {
            TreeSet<String> out = new TreeSet<>();
            for (String instance : associated) {
                String node = nodeOfInstance.getOrDefault(instance, instance);
                VrrpState state = vrrp.get(node);
                if (state != null && state.claimsVip()) {
                    out.add(node);
                }
            }
            return out;
        }
    }
}
