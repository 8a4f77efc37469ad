package io.vipwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ansible role, run for real: syntax check of the playbooks, then the role's own checks and
 * templates rendered for every node of the example inventory (render-check.yml, connection local),
 * and every rendered keepalived.conf checked by {@code keepalived -t} — inside a network namespace
 * this test makes, with the node's interfaces and address, because keepalived refuses a config
 * whose interface does not exist — and by {@code vipwarden agent lint} once the agent has it.
 */
class AnsibleIT {
    private static final Duration T = Duration.ofMinutes(3);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern INTERFACE = Pattern.compile("^\\s*interface\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern SRC_IP = Pattern.compile("^\\s*unicast_src_ip\\s+(\\S+)", Pattern.MULTILINE);

    @TempDir
    static Path rendered;
    private static Path ansibleDir;
    private static JsonNode havips;

    @BeforeAll
    static void renderTheExampleFleet() throws IOException {
        Tools.require("ansible-playbook");
        ansibleDir = Tools.repoRoot().resolve("deploy/ansible");
        havips = YAML.readTree(ansibleDir.resolve("inventory/example/group_vars/all.yml").toFile()).get("vipwarden_havips");
        Tools.run(List.of("ansible-playbook", "-i", "inventory/example", "render-check.yml",
                "-e", "vipwarden_render_dir=" + rendered), ansibleDir, T, ansibleEnv()).assertSuccess("render-check.yml");
    }

    @Test
    void shouldPassTheSyntaxCheck() {
        Tools.run(List.of("ansible-playbook", "-i", "inventory/example", "--syntax-check", "site.yml", "render-check.yml"),
                ansibleDir, T, ansibleEnv()).assertSuccess("ansible-playbook --syntax-check");
    }

    @Test
    void shouldRenderAKeepalivedConfWiredForVipwardenForEveryNode() throws IOException {
        for (String host : hosts()) {
            String conf = Files.readString(confOf(host));
            assertTrue(conf.contains("vrrp_notify_fifo /run/vipwarden/keepalived.fifo"), host + ": notify FIFO");
            assertFalse(Pattern.compile("^\\s*vrrp_strict", Pattern.MULTILINE).matcher(conf).find(),
                    host + ": vrrp_strict breaks unicast");
            for (JsonNode havip : havipsOf(host)) {
                String id = havip.get("id").asText();
                String block = instanceBlock(conf, id);
                assertTrue(block.contains("state BACKUP") && block.contains("nopreempt"), host + "/" + id + ": BACKUP + nopreempt");
                assertTrue(block.contains("virtual_router_id " + havip.get("virtual_router_id").asInt()), host + "/" + id);
                assertTrue(block.contains(havip.get("vip").asText() + "/32"), host + "/" + id + ": the VIP");
                assertTrue(block.contains("garp_master_delay") && block.contains("garp_master_refresh"), host + "/" + id + ": garp");
                for (JsonNode m : havip.get("members")) {
                    String member = m.get("host").asText();
                    String ip = hostVar(member, "vipwarden_unicast_ip");
                    if (member.equals(host)) {
                        assertTrue(block.contains("unicast_src_ip " + ip), host + "/" + id + ": its own source address");
                        assertTrue(block.contains("priority " + m.get("priority").asInt()), host + "/" + id + ": priority");
                    } else {
                        assertTrue(peersOf(block).contains(ip), host + "/" + id + ": peer " + member + " " + ip);
                    }
                }
                assertTrue(conf.contains("file /run/vipwarden/fence/" + id), host + "/" + id + ": fence track file");
                assertTrue(block.matches("(?s).*track_file \\{\\s*vipwarden_fence_\\S+\\s*}.*"), host + "/" + id + ": tracks it");
            }
            JsonNode agent = YAML.readTree(rendered.resolve(host + "/etc/vipwarden/agent.yaml").toFile());
            assertEquals(havipsOf(host).size(), agent.get("havips").size(), host + ": agent.yaml HaVips");
            for (JsonNode h : agent.get("havips")) {
                assertEquals("/run/vipwarden/fence/" + h.get("id").asText(), h.get("fence.track-file.path").asText());
            }
            assertEquals("/run/vipwarden/keepalived.fifo", agent.get("keepalived.notify-fifo.path").asText());
            assertEquals(host, agent.get("node.id").asText());
            assertTrue(agent.at("/kafka/bootstrap.servers").asText().contains(":9092"), host + ": kafka.bootstrap.servers");
        }
    }

    @Test
    void shouldPutNoTwoMembersOfAHavipInTheSameWave() throws IOException {
        JsonNode waves = new ObjectMapper().readTree(rendered.resolve("waves.json").toFile());
        assertEquals(hosts(), iterableToSet(waves.fieldNames()), "every node has a wave");
        for (JsonNode havip : havips) {
            Set<Integer> seen = new TreeSet<>();
            for (JsonNode m : havip.get("members")) {
                assertTrue(seen.add(waves.get(m.get("host").asText()).asInt()),
                        havip.get("id").asText() + " has two members in one wave: " + waves);
            }
        }
    }

    /**
     * site.yml itself, against the example inventory with a local connection and without packages
     * or services: the plan play sorts the nodes into waves and each wave play touches only its
     * nodes, never two members of one HaVip, and every node exactly once.
     */
    @Test
    void shouldRollSiteYmlInWavesOfAtMostOneNodePerHavip() throws IOException {
        Path out = rendered.resolve("site");
        Tools.Result r = Tools.run(List.of("ansible-playbook", "-i", "inventory/example", "site.yml",
                "-e", "ansible_connection=local", "-e", "ansible_python_interpreter={{ ansible_playbook_python }}",
                "-e", "vipwarden_install_packages=false",
                "-e", "vipwarden_manage_services=false", "-e", "vipwarden_validate_keepalived_conf=false",
                "-e", "vipwarden_config_root=" + out + "/{{ inventory_hostname }}"), ansibleDir, T, ansibleEnv());
        r.assertSuccess("site.yml");
        Map<String, Integer> waveOf = new TreeMap<>();
        Integer wave = null;
        Matcher line = Pattern.compile("^(?:PLAY \\[Roll wave (\\d+)\\].*|PLAY \\[.*|(?:ok|changed|skipping|fatal): \\[([^\\]]+)\\].*)$",
                Pattern.MULTILINE).matcher(r.output());
        while (line.find()) {
            if (line.group(0).startsWith("PLAY [")) {
                wave = line.group(1) == null ? null : Integer.valueOf(line.group(1));
            } else if (wave != null) {
                Integer before = waveOf.putIfAbsent(line.group(2), wave);
                assertTrue(before == null || before.equals(wave), line.group(2) + " changed in waves " + before + " and " + wave);
            }
        }
        assertEquals(hosts(), waveOf.keySet(), "every node is rolled exactly once:\n" + r.output());
        for (JsonNode havip : havips) {
            Set<Integer> seen = new TreeSet<>();
            for (JsonNode m : havip.get("members")) {
                assertTrue(seen.add(waveOf.get(m.get("host").asText())), havip.get("id").asText() + " rolled two members at once: " + waveOf);
            }
        }
        for (String host : hosts()) {
            assertEquals(Files.readString(confOf(host)), Files.readString(out.resolve(host + "/etc/keepalived/keepalived.conf")),
                    host + ": site.yml and render-check.yml render the same file");
        }
    }

    @Test
    void shouldBeAcceptedByKeepalivedInTheNodesOwnNetworkNamespace() throws IOException {
        Tools.require("keepalived");
        Tools.require("unshare");
        Tools.requireRoot();
        for (String host : hosts()) {
            Tools.Result r = inNodeNamespace(host, "keepalived -t -f '" + confOf(host) + "'");
            assertEquals(0, r.exit(), host + ": keepalived -t said:\n" + r.output());
        }
    }

    @Test
    void shouldBeAcceptedByTheAgentsLintWithoutErrors() throws IOException {
        // -Dvipwarden.agent.jar=... checks another agent build against the same rendered files.
        Path jar = Path.of(System.getProperty("vipwarden.agent.jar",
                Tools.repoRoot().resolve("agent/target/vipwarden-agent.jar").toString()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Tools.Result probe = Tools.run(List.of(java, "-jar", jar.toString(), "lint", "--help"), rendered, T);
        // picocli answers --help with exit 0 even for an unknown word, so look for the subcommand's own usage.
        boolean hasLint = probe.exit() == 0 && Pattern.compile("Usage: \\S*agent lint").matcher(probe.output()).find();
        if (!hasLint && Boolean.getBoolean("vipwarden.require.lint")) {
            fail("-Dvipwarden.require.lint=true but the agent has no 'lint' subcommand:\n" + probe.output());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(hasLint,
                "this agent build has no 'lint' subcommand yet (issue 4); the check runs once it has");
        Tools.requireRoot();
        for (String host : hosts()) {
            Set<String> cidrs = new TreeSet<>();
            havipsOf(host).forEach(h -> cidrs.add(h.get("vswitch_cidr").asText()));
            String cidr = cidrs.size() == 1 ? " --vswitch-cidr " + cidrs.iterator().next() : "";
            // As the role's validate runs it on the node: --this-node checks the address and interfaces.
            Tools.Result r = inNodeNamespace(host, "'" + java + "' -Xmx48m -XX:+UseSerialGC -jar '" + jar
                    + "' lint --this-node" + cidr + " '" + confOf(host) + "'");
            assertNotEquals(2, r.exit(), host + ": lint could not read the file:\n" + r.output());
            assertEquals(0, r.exit(), host + ": lint found errors:\n" + r.output());
        }
    }

    @Test
    void shouldStopWithEveryProblemOfABrokenFleetDescription() throws IOException {
        Path broken = rendered.resolve("broken.yml");
        Files.writeString(broken, """
                vipwarden_havips:
                  - {id: a, vpc: v1, vip: 192.0.2.5, virtual_router_id: 7,
                     members: [{host: web-a, priority: 100}, {host: web-b, priority: 90}]}
                  - {id: b, vpc: v1, vip: 192.0.2.6, virtual_router_id: 7, auth_pass: "123456789",
                     members: [{host: web-a, priority: 100}, {host: nosuch, priority: 90}]}
                  - {id: c, vpc: v2, vip: "2001:db8::1", virtual_router_id: 7,
                     members: [{host: db-a, priority: 100}]}
                """);
        Tools.Result r = Tools.run(List.of("ansible-playbook", "-i", "inventory/example", "render-check.yml",
                "-e", "vipwarden_render_dir=" + rendered.resolve("broken-out"), "-e", "@" + broken), ansibleDir, T, ansibleEnv());
        assertNotEquals(0, r.exit(), "a broken fleet description must stop the play:\n" + r.output());
        for (String expected : List.of("virtual_router_id 7 is already used by a in VPC v1",
                "auth_pass is longer than 8 characters", "member 'nosuch' is not a host", "is not IPv4",
                "a HaVip has 2 or 3 members, got 1")) {
            assertTrue(r.output().contains(expected), "the failure should say '" + expected + "':\n" + r.output());
        }
        assertTrue(!Files.exists(rendered.resolve("broken-out/web-a/etc/keepalived/keepalived.conf")),
                "nothing is rendered from a broken description");
    }

    /** Runs a shell command in a fresh network namespace with the node's interfaces and address. */
    private static Tools.Result inNodeNamespace(String host, String command) throws IOException {
        String conf = Files.readString(confOf(host));
        Set<String> interfaces = new LinkedHashSet<>();
        Matcher m = INTERFACE.matcher(conf);
        while (m.find()) {
            interfaces.add(m.group(1));
        }
        Matcher src = SRC_IP.matcher(conf);
        String address = src.find() ? src.group(1) : null;
        StringBuilder setup = new StringBuilder("set -e; ip link set lo up; ");
        int i = 0;
        for (String name : interfaces) {
            setup.append("ip link add '").append(name).append("' type veth peer name vwpeer").append(i++).append("; ");
            setup.append("ip link set '").append(name).append("' up; ");
            if (address != null) {
                // Documentation ranges only, and only inside this namespace.
                setup.append("ip addr add ").append(address).append("/24 dev '").append(name).append("'; ");
                address = null;
            }
        }
        setup.append("set +e; ").append(command);
        return Tools.run(List.of("unshare", "--net", "sh", "-c", setup.toString()), rendered, T);
    }

    private static Map<String, String> ansibleEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("ANSIBLE_CONFIG", Tools.repoRoot().resolve("deploy/ansible/ansible.cfg").toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_LOCAL_TEMP", rendered.resolve(".ansible-local").toString());
        env.put("ANSIBLE_HOME", rendered.resolve(".ansible-home").toString());
        env.put("ANSIBLE_REMOTE_TMP", rendered.resolve(".ansible-remote").toString());
        return env;
    }

    private static Set<String> hosts() throws IOException {
        JsonNode inventory = YAML.readTree(ansibleDir.resolve("inventory/example/hosts.yml").toFile());
        return iterableToSet(inventory.at("/all/children/havip_nodes/hosts").fieldNames());
    }

    private static String hostVar(String host, String name) throws IOException {
        JsonNode inventory = YAML.readTree(ansibleDir.resolve("inventory/example/hosts.yml").toFile());
        return inventory.at("/all/children/havip_nodes/hosts/" + host + "/" + name).asText();
    }

    private static List<JsonNode> havipsOf(String host) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode havip : havips) {
            for (JsonNode m : havip.get("members")) {
                if (m.get("host").asText().equals(host)) {
                    out.add(havip);
                }
            }
        }
        return out;
    }

    private static Path confOf(String host) {
        Path p = rendered.resolve(host + "/etc/keepalived/keepalived.conf");
        if (!Files.isRegularFile(p)) {
            fail("render-check.yml should have written " + p);
        }
        return p;
    }

    private static String instanceBlock(String conf, String instance) {
        int start = conf.indexOf("vrrp_instance " + instance + " {");
        assertTrue(start >= 0, "no vrrp_instance " + instance + " in\n" + conf);
        int depth = 0;
        for (int i = conf.indexOf('{', start); i < conf.length(); i++) {
            char c = conf.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                return conf.substring(start, i + 1);
            }
        }
        return fail("unclosed vrrp_instance " + instance);
    }

    private static Set<String> peersOf(String block) {
        int start = block.indexOf("unicast_peer {");
        String peers = block.substring(block.indexOf('{', start) + 1, block.indexOf('}', start));
        return new TreeSet<>(List.of(peers.trim().split("\\s+")));
    }

    private static Set<String> iterableToSet(java.util.Iterator<String> it) {
        Set<String> out = new TreeSet<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
