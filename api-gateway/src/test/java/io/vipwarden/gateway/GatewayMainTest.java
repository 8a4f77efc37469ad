package io.vipwarden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatewayMainTest {
    @Test
    void shouldExitWithTwoOnABadConfig(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "http.port: -1\nnonsense.key: 1\n");
        assertEquals(2, new CommandLine(new GatewayMain()).execute("--config", config.toString()));
        assertEquals(2, new CommandLine(new GatewayMain()).execute("--config", dir.resolve("missing.yaml").toString()));
        assertEquals(2, new CommandLine(new GatewayMain()).execute("--no-such-option"));
    }
}
