package io.vipwarden.bench.coordinator;

import io.vipwarden.coordinator.config.CoordinatorConfig;
import io.vipwarden.coordinator.executor.CloudExecutor;
import io.vipwarden.coordinator.runtime.CloudProviders;
import io.vipwarden.coordinator.runtime.Coordinator;
import io.vipwarden.events.TopicNames;
import io.vipwarden.testbed.FreePorts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real coordinators (Hazelcast members on loopback, the real event loop, decision engine and fencing
 * store) in this JVM, with the ARP-only provider over the benchmark's HaVips: no cloud API on the
 * event path, so the figures are the event pipeline's own.
 */
final class CoordinatorCluster implements AutoCloseable {
    final String groupId;
    final List<Coordinator> members = new CopyOnWriteArrayList<>();

    private CoordinatorCluster(String groupId) {
        this.groupId = groupId;
    }

    static CoordinatorCluster start(int n, String bootstrap, TopicNames topics, List<String> havips,
            java.util.function.IntFunction<List<String>> instancesOf) {
        String cluster = "bench-" + UUID.randomUUID();
        CoordinatorCluster c = new CoordinatorCluster("coordinators-" + cluster);
        List<Integer> ports = FreePorts.onLoopback(n);
        List<String> addresses = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        Map<String, Object> cloud = new HashMap<>();
        cloud.put("cloud.provider", "arp");
        cloud.put("cloud.arp.havips", String.join(",", havips));
        for (int i = 0; i < havips.size(); i++) {
            cloud.put("cloud.arp.havip." + havips.get(i) + ".ip", "192.0.2." + (1 + i % 250));
            cloud.put("cloud.arp.havip." + havips.get(i) + ".instances", String.join(",", instancesOf.apply(i)));
        }
        List<Thread> starters = new ArrayList<>();
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    c.members.add(member(index, cluster, c.groupId, ports.get(index), addresses, n, bootstrap,
                            topics, cloud));
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "bench-start-c" + i);
            t.start();
            starters.add(t);
        }
        for (Thread t : starters) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!failures.isEmpty()) {
            c.close();
            throw new IllegalStateException("a coordinator did not start: " + failures.get(0), failures.get(0));
        }
        return c;
    }

    private static Coordinator member(int index, String cluster, String group, int port, List<String> addresses,
            int count, String bootstrap, TopicNames topics, Map<String, Object> cloud) {
        Map<String, Object> m = new HashMap<>(cloud);
        m.put("member.id", "c" + index);
        m.put("cluster.name", cluster);
        m.put("cluster.port", port);
        m.put("cluster.members", addresses);
        m.put("cluster.coordinator.count", count);
        m.put("kafka.bootstrap.servers", bootstrap);
        m.put("kafka.topic.prefix", topics.prefix());
        m.put("kafka.group.id", group);
        m.put("http.port", 0);
        m.put("hazelcast.wait.seconds.before.join", "0");
        m.put("hazelcast.max.join.seconds", "20");
        try {
            CoordinatorConfig config = CoordinatorConfig.fromMap(m);
            return Coordinator.start(config, new Coordinator.Options(Clock.systemUTC(),
                    CloudProviders.factory(config.cloudProvider(), config.cloud(), Map.of()),
                    CloudExecutor.BeforeRun.NONE));
        } catch (Exception e) {
            throw new IllegalStateException("coordinator c" + index + ": " + e.getMessage(), e);
        }
    }

    boolean allMayDecide() {
        return members.stream().allMatch(Coordinator::mayDecide);
    }

    @Override
    public void close() {
        for (Coordinator c : members) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // closing the others matters more
            }
        }
    }
}
