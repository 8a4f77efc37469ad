package io.vipwarden.coordinator.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fleet-wide keepalived config rules over the members' config reports: one virtual_router_id used by
 * two HaVips of one VPC (their VRRP adverts would collide), and members of one HaVip that disagree
 * on VIP, virtual_router_id or unicast peers (they would never see each other, both become MASTER).
 */
public final class FleetConfigRules {
    private FleetConfigRules() {
    }

    /** Findings about the members of one HaVip disagreeing with each other, sorted, one line each. */
    public static List<String> memberDisagreements(Map<String, MemberView> members) {
        Map<String, NodeConfig> configs = new TreeMap<>();
        members.forEach((id, m) -> {
            if (m.config() != null) {
                configs.put(id, m.config());
            }
        });
        List<String> findings = new ArrayList<>();
        if (configs.size() < 2) {
            return findings;
        }
        Map<Set<String>, List<String>> byVips = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        Map<Integer, List<String>> byVrid = new TreeMap<>();
        configs.forEach((id, c) -> {
            byVips.computeIfAbsent(new TreeSet<>(c.vips()), k -> new ArrayList<>()).add(id);
            byVrid.computeIfAbsent(c.virtualRouterId(), k -> new ArrayList<>()).add(id);
        });
        if (byVips.size() > 1) {
            findings.add("VIP_MISMATCH: members disagree on the VIP: " + describe(byVips));
        }
        if (byVrid.size() > 1) {
            findings.add("VRID_MISMATCH: members disagree on virtual_router_id: " + describe(byVrid));
        }
        configs.forEach((id, c) -> configs.forEach((otherId, other) -> {
            if (!id.equals(otherId) && other.unicastSrcIp() != null && !c.unicastPeers().contains(other.unicastSrcIp())) {
                findings.add("PEER_MISSING: " + id + " does not list " + otherId + " (" + other.unicastSrcIp()
                        + ") in unicast_peer " + c.unicastPeers());
            }
        }));
        return findings;
    }

    /**
     * @param havipIds every HaVip whose members report this virtual_router_id in this VPC
     * @return a finding when more than one HaVip uses it
     */
    public static List<String> virtualRouterIdReuse(String vpcId, int virtualRouterId, Set<String> havipIds) {
        if (havipIds.size() < 2) {
            return List.of();
        }
        return List.of("VRID_REUSED: virtual_router_id " + virtualRouterId + " is used in " + vpcId + " by HaVips "
                + new TreeSet<>(havipIds));
    }

    private static <K> String describe(Map<K, List<String>> groups) {
        StringBuilder s = new StringBuilder();
        groups.forEach((k, ids) -> s.append(s.length() == 0 ? "" : "; ").append(ids).append(" -> ").append(k));
        return s.toString();
    }
}
