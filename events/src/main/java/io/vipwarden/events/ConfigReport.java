package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.listOrEmpty;
import static io.vipwarden.events.ValidationSupport.nonNegative;
import static io.vipwarden.events.ValidationSupport.required;

import java.util.List;

/**
 * What a node's keepalived.conf says about the instance carrying a HaVip, and the lint findings,
 * so the coordinator can run fleet-wide rules (a virtual_router_id used twice in a VPC, members of
 * one HaVip that disagree on peers or VIP).
 */
public record ConfigReport(
        String havipId,
        String nodeId,
        String incarnation,
        long sequence,
        String vpcId,
        String configPath,
        String configSha256,
        String vrrpInstance,
        int virtualRouterId,
        int priority,
        List<String> vips,
        String unicastSrcIp,
        List<String> unicastPeers,
        List<LintFinding> findings) implements NodeEvent {
    public ConfigReport {
        required(havipId, "havipId");
        required(nodeId, "nodeId");
        required(incarnation, "incarnation");
        nonNegative(sequence, "sequence");
        vips = listOrEmpty(vips);
        unicastPeers = listOrEmpty(unicastPeers);
        findings = listOrEmpty(findings);
    }
}
