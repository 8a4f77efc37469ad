package io.vipwarden.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The agent runs on every server: it must stay small and carry no control-plane parts. */
class AgentJarContentsIT {
    private static final List<String> FORBIDDEN = List.of(
            "com/hazelcast/", "com/aliyuncs/", "com/aliyun/", "com/tencentcloudapi/",
            "kafka/server/", "org/apache/kafka/metadata/", "org/apache/kafka/raft/", "org/apache/kafka/storage/",
            "io/vipwarden/coordinator/", "io/vipwarden/testbed/");

    @Test
    void shouldContainNoHazelcastCloudSdkOrKafkaBroker() throws Exception {
        Path jar = Path.of("target", "vipwarden-agent.jar");
        assertTrue(Files.isRegularFile(jar), "the runnable agent jar should exist at " + jar.toAbsolutePath());
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> offending = file.stream().map(e -> e.getName())
                    .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith))
                    .limit(10)
                    .toList();
            assertTrue(offending.isEmpty(), "agent jar must not contain " + offending);
            assertTrue(file.getEntry("io/vipwarden/agent/AgentMain.class") != null, "agent main class missing");
        }
    }
}
