package io.vipwarden.coordinator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.hazelcast.core.HazelcastInstance;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.executor.Outbox;
import io.vipwarden.coordinator.metrics.CoordinatorMetrics;
import io.vipwarden.coordinator.store.ClusterMember;
import io.vipwarden.coordinator.store.ClusterSettings;
import io.vipwarden.coordinator.store.FencingStore;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.Message;
import io.vipwarden.events.Remap;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.testbed.FreePorts;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The restore against a real broker and a real (one-member) Hazelcast store: the node-events backlog,
 * which can be long after an outage, is read only when the store is behind what was published.
 */
class StateRestoreIT {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Clock CLOCK = Clock.systemUTC();

    @Test
    void shouldReadTheNodeEventsBacklogOnlyWhenTheStoreIsBehindWhatWasPublished() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        TopicNames topics = kafka.freshTopics("state-restore", 3);
        String bootstrap = kafka.bootstrapServers();
        int port = FreePorts.oneOnLoopback();
        HazelcastInstance hz = ClusterMember.start(new ClusterSettings("restore-it-" + UUID.randomUUID(), "c0",
                "127.0.0.1", port, List.of("127.0.0.1:" + port), 1, Map.of("hazelcast.wait.seconds.before.join", "0")));
        EventCodec codec = new EventCodec();
        try (EventPublisher publisher = new EventPublisher(new KafkaProducer<>(KafkaSettings.producer(bootstrap,
                "restore-it", Map.of())), codec)) {
            FencingStore store = new FencingStore(hz, 1);
            Outbox outbox = new Outbox(publisher, topics, "c0", CLOCK, new CoordinatorMetrics(new PrometheusRegistry()),
                    ok -> { });
            StateRestore restore = new StateRestore(KafkaSettings.consumer(bootstrap, "restore-it", null, Map.of()),
                    KafkaSettings.consumer(bootstrap, "restore-it", "coordinators-restore-it", Map.of()), topics, codec,
                    store, outbox, CLOCK, TIMEOUT);

            publish(publisher, topics.havipState(), "/vipwarden/coordinator/c9",
                    StateRestoreTest.state(4, HavipState.Phase.STABLE));
            publish(publisher, topics.commands(), "/vipwarden/coordinator/c9", remap(4));
            for (long sequence = 1; sequence <= 3; sequence++) {
                publish(publisher, topics.nodeEvents(), "/vipwarden/agent/node-b", heartbeat(sequence));
            }

            // Every member restarted: the store is empty, so the backlog is read and marks node-b's events seen.
            assertEquals(new StateRestore.Outcome(2 + 3, 0, 1, 1, true, 1), restore.run());
            HavipRecord restored = store.get("havip-1", CLOCK.instant());
            assertEquals(4, restored.epoch());
            assertEquals("node-b", restored.ownerNode());
            assertEquals(3, restored.member("node-b").lastSequence());

            // An ordinary start: the store holds epoch 4 already; only havip-state and commands are read.
            assertEquals(new StateRestore.Outcome(2, 0, 1, 0, false, 0), restore.run());

            // A grant whose state never reached Kafka: the store holds a lower epoch, so the backlog is read again.
            publish(publisher, topics.commands(), "/vipwarden/coordinator/c9", remap(6));
            publish(publisher, topics.nodeEvents(), "/vipwarden/agent/node-b", heartbeat(4));
            assertEquals(new StateRestore.Outcome(3 + 4, 0, 1, 1, true, 1), restore.run());
            HavipRecord raised = store.get("havip-1", CLOCK.instant());
            assertEquals(6, raised.epoch());
            assertNull(raised.ownerNode(), "who owned epoch 6 is not known");
            assertEquals(4, raised.member("node-b").lastSequence());
        } finally {
            hz.getLifecycleService().terminate();
        }
    }

    static Remap remap(long epoch) {
        return new Remap("cmd-" + epoch, "havip-1", "node-b", epoch, "c9", "OWNER_DEAD: test", "node-a");
    }

    static Heartbeat heartbeat(long sequence) {
        return new Heartbeat("havip-1", "node-b", "inc-b", sequence, "i-2", "VI_1", VrrpState.MASTER, 90,
                "192.0.2.10", true, List.of(), false, 1000);
    }

    static void publish(EventPublisher publisher, String topic, String source, Message message) throws Exception {
        publisher.publish(topic, Envelope.wrap(source, message, CLOCK)).get(30, TimeUnit.SECONDS);
    }
}
