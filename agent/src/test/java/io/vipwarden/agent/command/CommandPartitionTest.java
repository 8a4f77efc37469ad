package io.vipwarden.agent.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class CommandPartitionTest {
    @Test
    void shouldPickThePartitionKafkasDefaultPartitionerPicksForTheNodeId() {
        for (int partitions : new int[] {1, 3, 12, 50}) {
            for (int i = 0; i < 200; i++) {
                String node = "node-" + i;
                assertEquals(BuiltInPartitioner.partitionForKey(node.getBytes(StandardCharsets.UTF_8), partitions),
                        CommandPartition.of(node, partitions), node + " over " + partitions);
            }
        }
    }
}
