package io.vipwarden.coordinator.it;

import static io.vipwarden.events.VrrpState.BACKUP;
import static io.vipwarden.events.VrrpState.FAULT;
import static io.vipwarden.events.VrrpState.MASTER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.coordinator.executor.CloudExecutor;
import io.vipwarden.coordinator.runtime.Coordinator;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Command;
import io.vipwarden.events.Fence;
import io.vipwarden.events.Remap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every coordinator restarts at once (the Hazelcast map is lost with them): the new members take
 * the epochs back from what was published and go on from there, instead of granting epoch 1 again.
 */
class CoordinatorRestartIT {
    static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void shouldGoOnFromThePublishedEpochAfterEveryMemberRestarted() throws Exception {
        String havip = "havip-restart";
        try (Testbed bed = new Testbed("restart", List.of(havip))) {
            bed.startCluster(3, CloudExecutor.BeforeRun.NONE);
            await().atMost(WAIT).until(() -> bed.coordinators.stream().allMatch(Coordinator::mayDecide));
            SimulatedNode a = bed.startNode(havip, "node-a", "i-sandbox-1", 100, MASTER);
            SimulatedNode b = bed.startNode(havip, "node-b", "i-sandbox-2", 90, BACKUP);
            await().atMost(WAIT).until(() -> CoordinatorFailureIT.associated(bed, havip)
                    .containsAll(List.of("i-sandbox-1", "i-sandbox-2")));
            a.become(FAULT);
            b.become(MASTER);
            await().atMost(WAIT).until(() -> bed.grants(havip).containsKey(2L));
            a.become(BACKUP);
            await().atMost(WAIT).until(() -> bed.audits(havip).stream().anyMatch(e -> "UNFENCED".equals(e.outcome())));
            await().atMost(WAIT).until(() -> bed.latestState(havip).map(s -> s.epoch() == 2
                    && s.members().stream().noneMatch(m -> m.fenced())).orElse(false));

            bed.killAll();
            // keepalived goes on alone while the control plane is down: node-b dies, node-a takes over.
            b.die();
            a.become(MASTER);
            int commandsBefore = bed.commands(havip).size();
            bed.startCluster(3, CloudExecutor.BeforeRun.NONE);
            await().atMost(WAIT).until(() -> bed.coordinators.stream().allMatch(Coordinator::mayDecide));

            // The audit is published before the member says it may decide, but read back by the bed's own reader.
            AuditEvent restored = await("a STATE_RESTORED audit").atMost(WAIT).until(() -> bed.audits(havip).stream()
                    .filter(e -> "RESTORED".equals(e.outcome())).findFirst(), Optional::isPresent).orElseThrow();
            assertEquals(2L, restored.epoch());
            assertEquals("node-b", restored.nodeId(), restored.reason());

            await().atMost(WAIT).until(() -> bed.grants(havip).containsKey(3L));
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> bed.grants(havip).size() == 3);
            assertEquals(1, bed.audits(havip).stream().filter(e -> "RESTORED".equals(e.outcome())).count(),
                    "one member restores, the others find the record already there");
            assertEquals(Map.of(1L, 1L, 2L, 1L, 3L, 1L), bed.grants(havip), "epochs go on from 2, each granted once");
            AuditEvent grant = bed.audits(havip).stream().filter(e -> "EPOCH_3".equals(e.outcome())).findFirst()
                    .orElseThrow();
            assertEquals("node-a", grant.nodeId());
            assertTrue(grant.reason().startsWith("OWNER_DEAD: owner node-b is dead"), grant.reason());
            List<Command> after = bed.commands(havip).subList(commandsBefore, bed.commands(havip).size());
            assertTrue(after.stream().anyMatch(c -> c instanceof Remap r && r.epoch() == 3 && r.nodeId().equals("node-a")),
                    after.toString());
            assertTrue(after.stream().noneMatch(c -> c instanceof Fence), "nobody fenced after the restart: " + after);
            assertTrue(after.stream().allMatch(c -> c.epoch() >= 2), "no command below the restored epoch: " + after);
            await().atMost(WAIT).until(() -> "i-sandbox-1".equals(bed.emulator.state().haVips().stream()
                    .filter(h -> h.haVipId().equals(havip)).findFirst().orElseThrow().masterInstanceId()));
        }
    }
}
