package io.vipwarden.coordinator.it;

import static io.vipwarden.events.VrrpState.BACKUP;
import static io.vipwarden.events.VrrpState.FAULT;
import static io.vipwarden.events.VrrpState.MASTER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.coordinator.executor.CloudExecutor;
import io.vipwarden.coordinator.runtime.Coordinator;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.testbed.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Coordinator members dying or cut off: decisions go on with a majority, and stop without one. */
class CoordinatorFailureIT {
    static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void shouldGoOnDecidingWithoutIssuingAnEpochTwiceWhenTheDecidingMemberIsKilledMidFailover() throws Exception {
        String havip = "havip-kill";
        CountDownLatch release = new CountDownLatch(1);
        CloudExecutor.BeforeRun holdEpoch2 = call -> {
            if (call.havipId().equals(havip) && call.epoch() == 2) {
                release.await(20, TimeUnit.SECONDS);
            }
        };
        try (Testbed bed = new Testbed("kill", List.of(havip))) {
            bed.startCluster(3, holdEpoch2);
            await().atMost(WAIT).until(() -> bed.coordinators.stream().allMatch(Coordinator::mayDecide));
            SimulatedNode a = bed.startNode(havip, "node-a", "i-sandbox-1", 100, MASTER);
            SimulatedNode b = bed.startNode(havip, "node-b", "i-sandbox-2", 90, BACKUP);
            await().atMost(WAIT).until(() -> associated(bed, havip).containsAll(List.of("i-sandbox-1", "i-sandbox-2")));

            a.become(FAULT);
            b.become(MASTER);
            await().atMost(WAIT).until(() -> bed.grants(havip).containsKey(2L));
            String decider = bed.audits(havip).stream().filter(e -> "EPOCH_2".equals(e.outcome())).findFirst()
                    .orElseThrow().actor();
            Coordinator victim = bed.coordinators.stream().filter(c -> c.memberId().equals(decider)).findFirst()
                    .orElseThrow();
            // The decision is stored; its cloud calls (unassociate the fenced node-a) have not run yet.
            assertTrue(associated(bed, havip).contains("i-sandbox-1"));
            victim.kill();
            release.countDown();

            // A survivor finishes the interrupted failover: the fenced node leaves the associated set.
            await().atMost(WAIT).until(() -> !associated(bed, havip).contains("i-sandbox-1"));
            await().atMost(WAIT).until(() -> bed.audits(havip).stream()
                    .anyMatch(e -> e.type() == AuditEvent.Type.RECONCILE_CORRECTION && !e.actor().equals(decider)
                            && e.reason().startsWith("FENCED_STILL_ASSOCIATED") && "CORRECTED".equals(e.outcome())));

            // Decisions go on: node-a recovers and rejoins, then node-b dies and node-a takes over at epoch 3.
            a.become(BACKUP);
            await().atMost(WAIT).until(() -> bed.audits(havip).stream().anyMatch(e -> "UNFENCED".equals(e.outcome())));
            b.die();
            await().pollDelay(Duration.ofMillis(3 * SimulatedNode.INTERVAL_MS + 100)).until(() -> true);
            a.become(MASTER);
            await().atMost(WAIT).until(() -> bed.grants(havip).containsKey(3L));
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> bed.grants(havip).size() == 3);
            assertEquals(Map.of(1L, 1L, 2L, 1L, 3L, 1L), bed.grants(havip), "every epoch granted exactly once");
            String epoch3By = bed.audits(havip).stream().filter(e -> "EPOCH_3".equals(e.outcome())).findFirst()
                    .orElseThrow().actor();
            assertNotEquals(decider, epoch3By);
            await().atMost(WAIT).until(() -> associated(bed, havip).contains("i-sandbox-1"));
        }
    }

    @Test
    void shouldDecideNothingOnAMemberCutOffFromTheOtherTwo() throws Exception {
        String havip = "havip-alone";
        try (Testbed bed = new Testbed("alone", List.of(havip))) {
            List<Integer> ports = FreePorts.onLoopback(3);
            List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
            Coordinator alone = bed.start(0, members, 3, CloudExecutor.BeforeRun.NONE,
                    Map.of("hazelcast.max.join.seconds", "3"));
            bed.coordinators.add(alone);
            assertFalse(alone.mayDecide());
            HttpResponse<String> ready = get(alone, "/readyz");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("no quorum: sees 1 of 3 coordinators, needs 2"), ready.body());
            assertEquals(200, get(alone, "/healthz").statusCode());
            assertTrue(get(alone, "/metrics").body().contains("vipwarden_coordinator_quorum_present 0.0"));

            SimulatedNode a = bed.startNode(havip, "node-a", "i-sandbox-1", 100, MASTER);
            bed.startNode(havip, "node-b", "i-sandbox-2", 90, BACKUP);
            a.become(MASTER);
            await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> bed.audits(havip).isEmpty()
                    && bed.commands(havip).isEmpty());
            assertTrue(associated(bed, havip).isEmpty(), "no cloud call either");

            // The other two arrive: with a majority the waiting events are decided.
            Thread second = new Thread(() -> bed.coordinators.add(bed.start(1, members, 3, CloudExecutor.BeforeRun.NONE)));
            second.start();
            bed.coordinators.add(bed.start(2, members, 3, CloudExecutor.BeforeRun.NONE));
            second.join();
            await().atMost(WAIT).until(alone::mayDecide);
            assertEquals(200, get(alone, "/readyz").statusCode());
            await().atMost(WAIT).until(() -> bed.grants(havip).containsKey(1L));
            assertEquals(Map.of(1L, 1L), bed.grants(havip));
        }
    }

    @Test
    void shouldStopDecidingWhileKafkaIsAwayAndSayWhy() throws Exception {
        io.vipwarden.testbed.kafka.EmbeddedKafka own = io.vipwarden.testbed.kafka.EmbeddedKafka.create().start();
        try (Testbed bed = new Testbed("nokafka", List.of("havip-nokafka"), own)) {
            int port = FreePorts.oneOnLoopback();
            Coordinator c = bed.start(0, List.of("127.0.0.1:" + port), 1, CloudExecutor.BeforeRun.NONE);
            bed.coordinators.add(c);
            await().atMost(WAIT).until(c::mayDecide);
            own.stop();
            await().atMost(WAIT).until(() -> !c.mayDecide());
            HttpResponse<String> ready = get(c, "/readyz");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("Kafka unreachable at " + own.bootstrapServers()), ready.body());
            assertTrue(get(c, "/metrics").body().contains("vipwarden_coordinator_kafka_up 0.0"));
            own.start();
            await().atMost(WAIT).until(c::mayDecide);
        } finally {
            own.close();
        }
    }

    @Test
    void shouldFenceThroughTheAgentsAloneOnAnArpOnlyNetwork() throws Exception {
        String havip = "havip-arp";
        try (Testbed bed = new Testbed("arp", List.of())) {
            Coordinator c = bed.start(0, List.of("127.0.0.1:" + FreePorts.oneOnLoopback()), 1, CloudExecutor.BeforeRun.NONE,
                    Map.of("cloud.provider", "arp", "cloud.arp.havips", havip,
                            "cloud.arp.havip." + havip + ".ip", "192.0.2.60",
                            "cloud.arp.havip." + havip + ".instances", "node-a,node-b"));
            bed.coordinators.add(c);
            await().atMost(WAIT).until(c::mayDecide);
            SimulatedNode a = bed.startNode(havip, "node-a", "node-a", 100, MASTER);
            SimulatedNode b = bed.startNode(havip, "node-b", "node-b", 90, BACKUP);
            await().atMost(WAIT).until(() -> bed.grants(havip).containsKey(1L));
            b.become(MASTER);
            await().atMost(WAIT).until(() -> bed.commands(havip).stream()
                    .anyMatch(x -> x instanceof io.vipwarden.events.Fence && x.nodeId().equals("node-b")));
            assertEquals(Map.of(1L, 1L), bed.grants(havip));
            assertTrue(bed.audits(havip).stream().noneMatch(e -> e.type() == AuditEvent.Type.CLOUD_CALL),
                    "no cloud to call");
            // node-a dies; the fenced node-b, still MASTER, is all that is left and gets the VIP at epoch 2.
            a.die();
            await().atMost(WAIT).until(() -> bed.grants(havip).containsKey(2L));
            // The grant is read from the state topic, the Unfence from the commands topic: either may come first.
            await().atMost(WAIT).until(() -> bed.commands(havip).stream().anyMatch(x -> x instanceof io.vipwarden.events.Unfence
                    && x.nodeId().equals("node-b") && x.epoch() == 2));
        }
    }

    static List<String> associated(Testbed bed, String havip) {
        return bed.emulator.state().haVips().stream().filter(h -> h.haVipId().equals(havip)).findFirst().orElseThrow()
                .associatedInstances();
    }

    static HttpResponse<String> get(Coordinator c, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.httpPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
