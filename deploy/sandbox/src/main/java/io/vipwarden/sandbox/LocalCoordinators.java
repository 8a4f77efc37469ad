package io.vipwarden.sandbox;

import io.vipwarden.coordinator.config.CoordinatorConfig;
import io.vipwarden.coordinator.executor.CloudExecutor;
import io.vipwarden.coordinator.runtime.CloudProviders;
import io.vipwarden.coordinator.runtime.Coordinator;
import io.vipwarden.events.TopicNames;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coordinators on one machine, as the sandbox and the keepalived lab run them: Hazelcast members on
 * 127.0.0.1 that know each other's ports, the real Alibaba provider against the local emulator with
 * its documented development credentials, HTTP endpoints on free ports. Callers add their own
 * timings to {@link #settings} before {@link CoordinatorConfig#fromMap}.
 */
public final class LocalCoordinators {
    private LocalCoordinators() {
    }

    /** The settings of member {@code index} (0-based) of a cluster whose members listen on {@code ports}. */
    public static Map<String, Object> settings(int index, List<Integer> ports, String clusterName,
            String kafkaBootstrap, TopicNames topics, String emulatorEndpoint) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("member.id", "coordinator-" + (index + 1));
        c.put("cluster.name", clusterName);
        c.put("cluster.host", "127.0.0.1");
        c.put("cluster.port", ports.get(index));
        c.put("cluster.members", ports.stream().map(port -> "127.0.0.1:" + port).toList());
        c.put("cluster.coordinator.count", ports.size());
        c.put("kafka.bootstrap.servers", kafkaBootstrap);
        c.put("kafka.topic.prefix", topics.prefix());
        c.put("http.host", "127.0.0.1");
        c.put("http.port", 0);
        c.put("cloud.provider", "alibaba");
        c.put("cloud.alibaba.region", "cn-hangzhou");
        c.put("cloud.alibaba.endpoint", emulatorEndpoint);
        c.put("cloud.alibaba.protocol", "http");
        // A killed member is noticed in seconds, not Hazelcast's default minute.
        c.put("hazelcast.max.no.heartbeat.seconds", "5");
        c.put("hazelcast.heartbeat.interval.seconds", "1");
        return c;
    }

    /** Starts a member with the emulator's development credentials (never real ones). */
    public static Coordinator start(CoordinatorConfig config, Clock clock) throws Exception {
        Map<String, String> env = Map.of(
                "ALIBABA_CLOUD_ACCESS_KEY_ID", EmulatorConfig.DEV_ACCESS_KEY_ID,
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET", EmulatorConfig.DEV_ACCESS_KEY_SECRET);
        return Coordinator.start(config, new Coordinator.Options(clock,
                CloudProviders.factory(config.cloudProvider(), config.cloud(), env), CloudExecutor.BeforeRun.NONE));
    }
}
