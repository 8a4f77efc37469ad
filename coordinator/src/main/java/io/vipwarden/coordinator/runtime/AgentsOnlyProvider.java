package io.vipwarden.coordinator.runtime;

import io.vipwarden.cloud.HavipDescription;
import io.vipwarden.cloud.HavipProvider;

/**
 * For private clouds without an API ({@code cloud.provider: arp}): the VIP moves by ARP alone, so
 * there is nothing to associate and the fences are the agents' (node fence, token fence). Describe
 * reports nothing, and the reconciler skips the cloud comparison for it.
 */
final class AgentsOnlyProvider implements HavipProvider {
    @Override
    public String name() {
        return "arp";
    }

    @Override
    public boolean supportsAssociation() {
        return false;
    }

    @Override
    public HavipDescription describe(String havipId) {
        return new HavipDescription(havipId, null, null, null, "Unmanaged", java.util.List.of(), null);
    }

    @Override
    public void associate(String havipId, String instanceId, String clientToken) {
    }

    @Override
    public void unassociate(String havipId, String instanceId, boolean force, String clientToken) {
    }
}
