package io.vipwarden.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent's validated, immutable configuration (see {@link ConfigKeys} for every key). Build it with
 * {@link ConfigLoader} from YAML, or directly in Java (the sandbox and tests do).
 */
public record AgentConfig(
        String nodeId,
        String cloudInstanceId,
        String vpcId,
        String topicPrefix,
        Map<String, String> kafka,
        Path stateDir,
        Path keepalivedConfig,
        Path notifyFifo,
        Path jsonDump,
        Path pidFile,
        int jsonSignal,
        long statePollIntervalMs,
        long fifoReopenBackoffMs,
        long heartbeatIntervalMs,
        long spoolMaxBytes,
        long spoolRetryBackoffMs,
        String httpBindAddress,
        int httpPort,
        long commandsPollTimeoutMs,
        String reannounceCommand,
        long actionTimeoutMs,
        long failoverBudgetMs,
        long shutdownTimeoutMs,
        List<HavipConfig> havips) {

    public AgentConfig {
        kafka = Map.copyOf(kafka);
        havips = List.copyOf(havips);
    }

    /** One HaVip this node serves. {@code vrrpInstance} or {@code vip} finds its keepalived instance. */
    public record HavipConfig(String id, String vrrpInstance, String vip, Path fenceTrackFile, String fenceScript,
            List<String> peers, String vswitchCidr, List<CheckConfig> checks) {
        public HavipConfig {
            peers = List.copyOf(peers);
            checks = List.copyOf(checks);
        }
    }

    /** One health check. Fields not used by its type are ignored. */
    public record CheckConfig(String name, String type, String url, int expectStatus, String expectBody, String host,
            int port, List<String> command, String iface, long intervalMs, long timeoutMs, int rise, int fall) {
        public CheckConfig {
            command = List.copyOf(command);
        }
    }

    public AgentConfig withHttpPort(int port) {
        return new AgentConfig(nodeId, cloudInstanceId, vpcId, topicPrefix, kafka, stateDir, keepalivedConfig,
                notifyFifo, jsonDump, pidFile, jsonSignal, statePollIntervalMs, fifoReopenBackoffMs,
                heartbeatIntervalMs, spoolMaxBytes, spoolRetryBackoffMs, httpBindAddress, port, commandsPollTimeoutMs,
                reannounceCommand, actionTimeoutMs, failoverBudgetMs, shutdownTimeoutMs, havips);
    }
}
