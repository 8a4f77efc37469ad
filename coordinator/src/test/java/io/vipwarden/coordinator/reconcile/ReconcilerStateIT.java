package io.vipwarden.coordinator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.cloud.HavipProvider;
import io.vipwarden.coordinator.decision.EngineSettings;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.MemberView;
import io.vipwarden.coordinator.executor.Outbox;
import io.vipwarden.coordinator.metrics.CoordinatorMetrics;
import io.vipwarden.coordinator.runtime.CloudProviders;
import io.vipwarden.coordinator.store.CloudBinding;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.VrrpState;
import io.vipwarden.messaging.EventPublisher;
import io.vipwarden.messaging.KafkaSettings;
import io.vipwarden.messaging.TopicSnapshot;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import io.vipwarden.testbed.emulator.VpcState;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The reconciler republishes a HaVip's state when the cloud's side changed. Its describe can be slow,
 * and a decision may change and publish the record meanwhile (a standby turning healthy): what it
 * publishes must be the record as it is then, or the compacted state topic keeps a stale record (quiet
 * heartbeats publish nothing to correct it). Real broker, real Alibaba SDK against the emulator.
 */
class ReconcilerStateIT {
    private static final String KEY_ID = "LTAIreconcilerIT";
    private static final String SECRET = "reconciler-it-secret";
    private static final String HAVIP = "havip-reconcile";

    @Test
    void shouldPublishTheRecordAsItIsAfterTheDescribeNotAsItWasBefore() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        TopicNames topics = kafka.freshTopics("reconcile-state", 1);
        VpcState base = VpcState.defaultTopology();
        VpcState vpc = new VpcState(base.regionId(), base.vpcs(), base.vSwitches(), base.instances(),
                List.of(new VpcState.SavedHaVip(HAVIP, "vsw-sandbox", "192.0.2.60", HAVIP, "reconciler IT",
                        Instant.now().toString(), List.of("i-sandbox-2"), "i-sandbox-2")));
        EventCodec codec = new EventCodec();
        EngineSettings settings = EngineSettings.defaults();
        try (AliyunVpcEmulator emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults()
                .withCredentials(Map.of(KEY_ID, SECRET)), vpc);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(
                        kafka.bootstrapServers(), "reconciler-it", Map.of()))) {
            HavipProvider provider = CloudProviders.factory("alibaba", Map.of("alibaba.endpoint", emulator.endpoint(),
                    "alibaba.protocol", "http"), Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID,
                    "ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)).apply(new PrometheusRegistry());
            Outbox outbox = new Outbox(new EventPublisher(producer, codec), topics, "c-it", Clock.systemUTC(),
                    new CoordinatorMetrics(new PrometheusRegistry()), ok -> { });
            AtomicReference<CloudBinding> binding = new AtomicReference<>();
            outbox.cloudBindings(id -> binding.get());

            Instant now = Instant.now();
            HavipRecord before = record(now, false, 7); // the standby unhealthy, as read when the round begins
            HavipRecord after = record(now, true, 8);   // decided during the describe: the standby is healthy
            AtomicReference<HavipRecord> view = new AtomicReference<>(before);
            Reconciler reconciler = new Reconciler(id -> view.get(), id -> view.get().epoch(), provider, outbox,
                    new CoordinatorMetrics(new PrometheusRegistry()), settings, Clock.systemUTC());
            reconciler.onCloudObserved((id, described) -> {
                // what the deciding thread does while the describe is under way: store, then publish
                view.set(after);
                outbox.state(after, settings).join();
                binding.set(new CloudBinding(described.associatedInstances(), described.masterInstanceId(),
                        Instant.now()));
                return true; // the binding changed: the reconciler republishes
            });

            reconciler.reconcile(HAVIP);
            producer.flush();

            List<HavipState> states = new ArrayList<>();
            TopicSnapshot.readToEnd(KafkaSettings.consumer(kafka.bootstrapServers(), "reconciler-it-read", null,
                    Map.of()), List.of(topics.havipState()), Duration.ofSeconds(30), r -> {
                        try {
                            if (codec.decode(r.value()).data() instanceof HavipState s) {
                                states.add(s);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            assertEquals(2, states.size(), "the decision's state and the reconciler's: " + states);
            HavipState last = states.get(states.size() - 1);
            HavipState.Member standby = last.members().stream().filter(m -> m.nodeId().equals("node-b"))
                    .findFirst().orElseThrow();
            assertTrue(standby.healthy(), "the last state must carry the standby's health as decided: " + last);
            assertEquals(List.of("i-sandbox-2"), last.cloudAssociated(), "and the cloud's side as described");
            assertFalse(states.get(0).cloudAssociated() != null && !states.get(0).cloudAssociated().isEmpty(),
                    "the decision's state went out before the binding was known: " + states.get(0));
        }
    }

    private static HavipRecord record(Instant now, boolean standbyHealthy, long revision) {
        MemberView owner = new MemberView("node-a", "i-sandbox-2", VrrpState.MASTER, 100, true, now, 1000, false,
                null, null, "inc-a", 5, null);
        MemberView standby = new MemberView("node-b", "i-sandbox-3", VrrpState.BACKUP, 90, standbyHealthy, now, 1000,
                false, null, null, "inc-b", 5, null);
        return new HavipRecord(HAVIP, "192.0.2.60", "vpc-sandbox", "node-a", 1, revision,
                Map.of("node-a", owner, "node-b", standby),
                standbyHealthy ? HavipState.Phase.STABLE : HavipState.Phase.DEGRADED, false, false, null, List.of(),
                null, "INITIAL_OWNER", false, null, List.of(), now);
    }
}
