package io.vipwarden.chaos.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.record.Recording;
import io.vipwarden.chaos.schedule.Fault;
import io.vipwarden.chaos.schedule.FaultKind;
import io.vipwarden.chaos.schedule.FaultSchedule;
import io.vipwarden.testbed.emulator.AliyunVpcEmulator;
import io.vipwarden.testbed.emulator.EmulatorAdminClient;
import io.vipwarden.testbed.emulator.EmulatorConfig;
import io.vipwarden.testbed.emulator.Faults;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Broker and cloud faults applied for real: a broker of its own (stopping the shared one would hurt others). */
class FaultRunnerIT {
    @Test
    void shouldStopAndRestartTheBrokerAndBreakAndHealTheCloudOnSchedule() throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.create().start();
        try (broker; AliyunVpcEmulator emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults())) {
            EmulatorAdminClient cloud = new EmulatorAdminClient(emulator.baseUrl());
            BrokerAndCloudTarget target = new BrokerAndCloudTarget(broker, cloud, 5);
            FaultSchedule schedule = new FaultSchedule(5, Duration.ofSeconds(4), List.of(
                    new Fault(Duration.ZERO, Duration.ofMillis(1500), FaultKind.BROKER_RESTART, "broker", 0),
                    new Fault(Duration.ofMillis(200), Duration.ofMillis(1500), FaultKind.CLOUD_OUTAGE, "cloud", 0),
                    new Fault(Duration.ofMillis(2000), Duration.ofMillis(800), FaultKind.CLOUD_ERRORS, "cloud", 50)));
            Recording recording = new Recording();
            FaultRunner runner = new FaultRunner(target, recording, Clock.systemUTC());

            CompletableFuture<Void> play = CompletableFuture.runAsync(() -> {
                try {
                    runner.play(schedule);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cloud.faults().outage());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !broker.isRunning());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> cloud.faults().errors().size() == 1);
            assertEquals(0.5, cloud.faults().errors().get(0).rate());
            play.get(90, TimeUnit.SECONDS);

            assertTrue(broker.isRunning(), "healed: the broker runs again");
            assertEquals(Faults.none().errors(), cloud.faults().errors());
            assertFalse(cloud.faults().outage());
            List<String> marks = recording.all(Entry.FaultMark.class).stream()
                    .map(m -> (m.begins() ? "+" : "-") + m.fault()).toList();
            // a broker takes seconds to stop: its heal may come after the cloud faults
            assertEquals(java.util.Set.of("+BROKER_RESTART broker", "+CLOUD_OUTAGE cloud", "-BROKER_RESTART broker",
                    "-CLOUD_OUTAGE cloud", "+CLOUD_ERRORS cloud 50%", "-CLOUD_ERRORS cloud 50%"),
                    new java.util.HashSet<>(marks));
            assertTrue(marks.indexOf("-CLOUD_OUTAGE cloud") < marks.indexOf("+CLOUD_ERRORS cloud 50%"), marks.toString());
            assertEquals(1, recording.all(Entry.FaultsOver.class).size());
        }
    }
}
