package io.vipwarden.coordinator.decision;

import java.io.Serializable;
import java.util.List;

/** What a member's keepalived.conf says about the instance carrying the HaVip (from its last ConfigReport). */
public record NodeConfig(String vpcId, String vrrpInstance, int virtualRouterId, List<String> vips,
        String unicastSrcIp, List<String> unicastPeers) implements Serializable {
    public NodeConfig {
        vips = vips == null ? List.of() : List.copyOf(vips);
        unicastPeers = unicastPeers == null ? List.of() : List.copyOf(unicastPeers);
    }
}
