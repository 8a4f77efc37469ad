package io.vipwarden.cloud;

import java.util.List;

/**
 * A HaVip as the cloud reports it.
 *
 * @param status              the cloud's status string, e.g. Available, Associating, InUse
 * @param associatedInstances instance (or ENI) ids associated with it
 * @param masterInstanceId    the associated instance the cloud routes the VIP to now, or null
 */
public record HavipDescription(String havipId, String ipAddress, String vpcId, String vSwitchId, String status,
        List<String> associatedInstances, String masterInstanceId) {
    public HavipDescription {
        associatedInstances = associatedInstances == null ? List.of() : List.copyOf(associatedInstances);
    }
}
