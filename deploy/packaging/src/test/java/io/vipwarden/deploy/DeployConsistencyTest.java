package io.vipwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paths and privileges that keepalived, the agent, its package, its unit and the Ansible role
 * must agree on, checked in one place: a FIFO the agent cannot read or a fence file it cannot
 * write would leave vipwarden blind or unable to fence, without any error at install time.
 */
class DeployConsistencyTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = Tools.repoRoot();
    private static List<String[]> tmpfiles;
    private static List<String> agentUnit;
    private static JsonNode agentYaml;
    private static JsonNode roleDefaults;

    @BeforeAll
    static void read() throws IOException {
        tmpfiles = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve("deploy/packaging/src/deb/lib/vipwarden-agent.tmpfiles"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                tmpfiles.add(line.trim().split("\\s+"));
            }
        }
        agentUnit = Files.readAllLines(ROOT.resolve("deploy/systemd/vipwarden-agent.service"));
        agentYaml = YAML.readTree(ROOT.resolve("deploy/packaging/src/deb/etc/agent.yaml").toFile());
        roleDefaults = YAML.readTree(ROOT.resolve("deploy/ansible/roles/vipwarden_node/defaults/main.yml").toFile());
    }

    @Test
    void shouldAgreeOnTheNotifyFifo() {
        String[] fifo = tmpfiles.stream().filter(t -> t[0].equals("p")).findFirst().orElseThrow();
        assertEquals(fifo[1], agentYaml.get("keepalived.notify-fifo.path").asText());
        assertEquals(fifo[1], roleDefaults.get("vipwarden_notify_fifo").asText());
        assertEquals("0660", fifo[2], "keepalived (root) writes, the agent's group reads");
        assertEquals(unitValue("Group"), fifo[4]);
    }

    @Test
    void shouldLetTheAgentWriteTheFenceDirectoryThatKeepalivedWatches() {
        String fenceDir = roleDefaults.get("vipwarden_fence_dir").asText();
        String[] dir = tmpfiles.stream().filter(t -> t[0].equals("d") && t[1].equals(fenceDir)).findFirst()
                .orElseThrow(() -> new AssertionError("tmpfiles must create " + fenceDir + " at boot, before keepalived"));
        assertEquals(unitValue("User"), dir[3]);
        assertTrue(Set.of(unitValue("ReadWritePaths").split("\\s+")).stream().anyMatch(p -> fenceDir.startsWith(p)),
                "ProtectSystem=strict: the fence directory must be under ReadWritePaths");
        assertTrue(agentYaml.get("havips").isEmpty(), "the packaged default names no HaVip");
    }

    @Test
    void shouldReadKeepalivedsJsonDumpFromTheHostsTmp() {
        assertTrue(agentYaml.get("keepalived.json-dump.path").asText().startsWith("/tmp/"));
        assertEquals("no", unitValue("PrivateTmp"), "a private /tmp would hide /tmp/keepalived.json");
    }

    @Test
    void shouldRunUnprivilegedWithOnlyTheCapabilitiesItNeeds() throws IOException {
        assertEquals("vipwarden", unitValue("User"));
        String sysusers = Files.readString(ROOT.resolve("deploy/packaging/src/deb/lib/vipwarden-agent.sysusers"));
        assertTrue(sysusers.lines().anyMatch(l -> l.startsWith("u vipwarden ")), "the package creates the user");
        Set<String> caps = new TreeSet<>(List.of(unitValue("CapabilityBoundingSet").split("\\s+")));
        assertEquals(Set.of("CAP_KILL"), caps, "signalling keepalived is all the agent needs");
        assertEquals(caps, new TreeSet<>(List.of(unitValue("AmbientCapabilities").split("\\s+"))));
        assertEquals("yes", unitValue("NoNewPrivileges"));
        assertEquals("strict", unitValue("ProtectSystem"));
        assertEquals("on-failure", unitValue("Restart"));
        assertFalse(agentUnit.stream().anyMatch(l -> l.startsWith("MemoryDenyWriteExecute=yes")), "the JIT needs W+X pages");
    }

    @Test
    void shouldKeepStateAndSpoolInTheUnitsStateDirectory() {
        String state = "/var/lib/" + unitValue("StateDirectory");
        assertTrue(agentYaml.get("state.dir").asText().startsWith(state + "/"), "spool and epochs live in state.dir");
    }

    private static String unitValue(String key) {
        return agentUnit.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1).trim())
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("vipwarden-agent.service has no " + key));
    }
}
