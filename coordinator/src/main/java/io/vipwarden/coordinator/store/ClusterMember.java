package io.vipwarden.coordinator.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

/** Starts this coordinator's Hazelcast member with the fencing store's map, protection and merge policy. */
public final class ClusterMember {
    public static final String HAVIP_MAP = "vipwarden-havips";
    public static final String VRID_MAP = "vipwarden-virtual-router-ids";
    public static final String CLOUD_MAP = "vipwarden-cloud-bindings";
    public static final String PROTECTION = "vipwarden-majority";

    private ClusterMember() {
    }

    public static Config config(ClusterSettings s) {
        Config config = new Config();
        config.setClusterName(s.clusterName());
        config.setInstanceName(s.memberName());
        // Quiet, fast and local by default; every key can be overridden through s.properties().
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        config.setProperty("hazelcast.partition.count", "71");
        s.properties().forEach(config::setProperty);

        NetworkConfig network = config.getNetworkConfig();
        // A member restarted at once (systemd, a chaos run) binds its port again while the connections
        // of its previous life sit in TIME_WAIT: without SO_REUSEADDR that fails for up to a minute.
        network.setPort(s.port()).setPortAutoIncrement(false).setReuseAddress(true);
        network.setPublicAddress(s.host() + ":" + s.port());
        // Hazelcast's interface list takes addresses only; a DNS name (a StatefulSet pod's) is resolved here.
        network.getInterfaces().setEnabled(true).addInterface(interfaceAddress(s.host()));
        network.getRestApiConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(s.members()).setConnectionTimeoutSeconds(2);

        config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(PROTECTION, true, s.quorumSize())
                .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
        MergePolicyConfig merge = new MergePolicyConfig(HigherEpochMergePolicy.class.getName(), 100);
        config.addMapConfig(new MapConfig(HAVIP_MAP).setBackupCount(1).setSplitBrainProtectionName(PROTECTION)
                .setMergePolicyConfig(merge));
        config.addMapConfig(new MapConfig(VRID_MAP).setBackupCount(1).setSplitBrainProtectionName(PROTECTION));
        return config;
    }

    /**
     * The address to bind for {@code cluster.host}: an IPv4 address (or Hazelcast interface pattern such
     * as {@code 10.0.*.*}) as it is, a name resolved to its address. A pod's own DNS name appears a
     * moment after the pod starts, so resolution is retried for up to {@link #RESOLVE_ATTEMPTS} seconds.
     *
     * @throws IllegalArgumentException naming the host when it never resolves
     */
    static String interfaceAddress(String host) {
        if (host.matches("[0-9*\\-]+(\\.[0-9*\\-]+){3}")) {
            return host;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return java.net.InetAddress.getByName(host).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                if (attempt >= RESOLVE_ATTEMPTS) {
                    throw new IllegalArgumentException("cluster.host " + host + " does not resolve to an address"
                            + " (tried for " + RESOLVE_ATTEMPTS + " s)", e);
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalArgumentException("interrupted while resolving cluster.host " + host, ie);
                }
            }
        }
    }

    static final int RESOLVE_ATTEMPTS = 30;

    public static HazelcastInstance start(ClusterSettings s) {
        return Hazelcast.newHazelcastInstance(config(s));
    }
}
