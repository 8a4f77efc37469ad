package io.vipwarden.coordinator.store;

import java.util.List;
import java.util.Map;

/**
 * How one coordinator joins the Hazelcast cluster.
 *
 * @param coordinatorCount how many coordinators the deployment has: a majority of it is the quorum
 * @param members          host:port of every coordinator (TCP-IP join; multicast is off)
 * @param properties       Hazelcast's own properties, passed through unrenamed (e.g. hazelcast.max.no.heartbeat.seconds)
 */
public record ClusterSettings(String clusterName, String memberName, String host, int port, List<String> members,
        int coordinatorCount, Map<String, String> properties) {
    public ClusterSettings {
        members = List.copyOf(members);
        properties = Map.copyOf(properties);
    }

    /** The majority of the configured coordinator count. */
    public int quorumSize() {
        return coordinatorCount / 2 + 1;
    }
}
