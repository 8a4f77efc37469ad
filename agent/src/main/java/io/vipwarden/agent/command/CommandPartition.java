package io.vipwarden.agent.command;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** Which partition of the commands topic carries a node's commands: Kafka's default partitioner arithmetic on the key. */
public final class CommandPartition {
    private CommandPartition() {
    }

    public static int of(String nodeId, int partitions) {
        return Utils.toPositive(Utils.murmur2(nodeId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
