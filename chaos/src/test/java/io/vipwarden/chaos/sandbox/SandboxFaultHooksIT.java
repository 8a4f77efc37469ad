package io.vipwarden.chaos.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vipwarden.agent.metrics.MetricNames;
import io.vipwarden.chaos.run.FaultTarget;
import io.vipwarden.chaos.schedule.Fault;
import io.vipwarden.chaos.schedule.FaultKind;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.sandbox.SandboxStack;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sandbox stack's fault hooks, each shown to do what its fault says on the real stack: a
 * partitioned minority loses its quorum, a paused coordinator's threads all stop and the others
 * drop it, an agent cut off from Kafka spools, a skewed node stamps its events with its own time.
 * Each hook is healed and the stack shown whole again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxFaultHooksIT {
    private SandboxChaosStack chaos;
    private SandboxStack stack;

    @BeforeAll
    void start() throws Exception {
        chaos = (SandboxChaosStack) SandboxChaosStack.factory(1).start(1);
        stack = chaos.sandbox();
        awaitWholeCluster();
    }

    @AfterAll
    void stop() {
        if (chaos != null) {
            chaos.close();
        }
    }

    @Test
    void shouldCutAMinorityCoordinatorOffAndHealThePartition() throws Exception {
        FaultTarget target = chaos.faults();
        assumeTrue(target.supported().contains(FaultKind.COORDINATOR_PARTITION), "needs root and nft");
        Fault partition = fault(FaultKind.COORDINATOR_PARTITION, "coordinator-3", 0);

        target.begin(partition);
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> !stack.coordinator(2).hasQuorum()
                    && stack.coordinator(0).hazelcast().getCluster().getMembers().size() == 2);
            assertTrue(stack.coordinator(0).hasQuorum(), "the majority keeps its quorum");
        } finally {
            target.heal(partition);
        }
        awaitWholeCluster();
    }

    @Test
    void shouldStopEveryThreadOfAPausedCoordinatorAndLetThemGoOn() throws Exception {
        FaultTarget target = chaos.faults();
        Fault pause = fault(FaultKind.COORDINATOR_PAUSE, "coordinator-2", 0);

        target.begin(pause);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> suspended("coordinator-events-coordinator-2")
                    && suspended("hz.coordinator-2.IO") && suspended("coordinator-timer-coordinator-2"));
            assertFalse(suspended("coordinator-events-coordinator-1"), "the others run on");
            await().atMost(Duration.ofSeconds(40))
                    .until(() -> stack.coordinator(0).hazelcast().getCluster().getMembers().size() == 2);
        } finally {
            target.heal(pause);
        }
        assertFalse(suspended("coordinator-events-coordinator-2"), "resumed");
        awaitWholeCluster();
    }

    @Test
    void shouldCutOneAgentOffKafkaSoItSpoolsThenDeliversAgain() throws Exception {
        FaultTarget target = chaos.faults();
        assumeTrue(target.supported().contains(FaultKind.AGENT_CUT_OFF), "needs root and nft");
        SandboxStack.Node node = stack.pairs().get(0).node("node-1a");
        Fault cut = fault(FaultKind.AGENT_CUT_OFF, "node-1a", 0);

        target.begin(cut);
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> spooled(node) >= 3);
        } finally {
            target.heal(cut);
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> spooled(node) == 0);
    }

    @Test
    void shouldStampOneNodesEventsWithItsSkewedClock() throws Exception {
        FaultTarget target = chaos.faults();
        Fault skew = fault(FaultKind.CLOCK_SKEW, "node-1b", 120_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(
                stack.kafka().bootstrapServers(), "hooks-it", null, Map.of()))) {
            String topic = stack.topics().nodeEvents();
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            target.begin(skew);
            try {
                EventCodec codec = new EventCodec();
                List<String> seen = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        Envelope e = codec.decode(r.value());
                        long aheadMs = Duration.between(Instant.now(), e.time()).toMillis();
                        seen.add(e.source() + (aheadMs > 100_000 ? " ahead" : aheadMs < 10_000 ? " now" : " ?"));
                    }
                    return seen.contains("/vipwarden/agent/node-1b ahead") && seen.contains("/vipwarden/agent/node-1a now");
                });
                assertFalse(seen.contains("/vipwarden/agent/node-1a ahead"), seen.toString());
            } finally {
                target.heal(skew);
            }
        }
    }

    private void awaitWholeCluster() {
        await().atMost(Duration.ofSeconds(90)).until(() -> stack.coordinators().stream()
                .allMatch(c -> c.hazelcast().getCluster().getMembers().size() == 3 && c.mayDecide()));
    }

    private static Fault fault(FaultKind kind, String target, long amount) {
        return new Fault(Duration.ZERO, Duration.ofSeconds(10), kind, target, amount);
    }

    /** Whether every live thread whose name starts with {@code prefix} is suspended (false if none). */
    private static boolean suspended(String prefix) {
        long[] ids = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
                .mapToLong(Thread::getId).toArray();
        return ids.length > 0 && Arrays.stream(ManagementFactory.getThreadMXBean().getThreadInfo(ids))
                .allMatch(i -> i == null || i.isSuspended());
    }

    private static double spooled(SandboxStack.Node node) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.agent().httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(MetricNames.SPOOL_EVENTS + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).orElseThrow(
                        () -> new AssertionError("no " + MetricNames.SPOOL_EVENTS + " in the agent's metrics"));
    }
}
