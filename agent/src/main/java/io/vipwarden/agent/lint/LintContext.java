package io.vipwarden.agent.lint;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the linter knows beyond the file: the node's addresses and interfaces (when it lints the
 * configuration of the node it runs on), the HaVip's peers and vSwitch, and the failover budget.
 *
 * @param localAddresses  this node's addresses; empty when they cannot be checked (linting another node's file)
 * @param localInterfaces this node's interface names; empty when they cannot be checked
 * @param expectedPeers   per vrrp_instance name, the addresses every other node of its HaVip uses; key "*" for all
 * @param vswitchCidrs    per vrrp_instance name, the vSwitch/subnet CIDR its VIP must be in; key "*" for all
 * @param failoverBudgetMs the longest acceptable master-down time
 */
public record LintContext(
        Optional<Set<String>> localAddresses,
        Optional<Set<String>> localInterfaces,
        Map<String, List<String>> expectedPeers,
        Map<String, String> vswitchCidrs,
        long failoverBudgetMs) {
    public static final long DEFAULT_FAILOVER_BUDGET_MS = 10_000;

    /** Nothing but the file: no node checks, no peers, default budget. */
    public static LintContext fileOnly() {
        return new LintContext(Optional.empty(), Optional.empty(), Map.of(), Map.of(), DEFAULT_FAILOVER_BUDGET_MS);
    }

    List<String> peersFor(String instance) {
        return expectedPeers.getOrDefault(instance, expectedPeers.getOrDefault("*", List.of()));
    }

    String cidrFor(String instance) {
        return vswitchCidrs.getOrDefault(instance, vswitchCidrs.get("*"));
    }
}
