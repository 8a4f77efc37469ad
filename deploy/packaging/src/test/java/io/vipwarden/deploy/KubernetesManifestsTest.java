package io.vipwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.TopicNames.TopicSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes parses, has the expected objects, and they fit together. */
class KubernetesManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern CREATE = Pattern.compile("^\\s*create (\\S+) (\\d+)((?: \\S+=\\S+)*)\\s*$", Pattern.MULTILINE);
    private static final Path DIR = Tools.repoRoot().resolve("deploy/kubernetes");
    private static List<JsonNode> objects;

    @BeforeAll
    static void parseEveryDocument() throws IOException {
        objects = new ArrayList<>();
        JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        for (JsonNode resource : kustomization.get("resources")) {
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class)
                    .readValues(DIR.resolve(resource.asText()).toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                        assertNotNull(doc.get("apiVersion"), resource + ": a document without apiVersion: " + doc);
                        objects.add(doc);
                    }
                }
            }
        }
    }

    @Test
    void shouldListEveryManifestOfTheFolderInTheKustomization() throws IOException {
        Set<String> listed = new TreeSet<>();
        YAML.readTree(DIR.resolve("kustomization.yaml").toFile()).get("resources").forEach(r -> listed.add(r.asText()));
        try (var files = Files.list(DIR)) {
            Set<String> present = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(present, listed);
        }
    }

    @Test
    void shouldHaveTheExpectedKinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        objects.forEach(o -> kinds.merge(o.get("kind").asText(), 1, Integer::sum));
        assertEquals(Map.of("Namespace", 1, "ServiceAccount", 2, "ConfigMap", 2, "Secret", 1, "Service", 2,
                "StatefulSet", 1, "PodDisruptionBudget", 1, "Deployment", 1, "Job", 1), kinds);
        objects.stream().filter(o -> !o.get("kind").asText().equals("Namespace"))
                .forEach(o -> assertEquals("vipwarden", o.at("/metadata/namespace").asText(), name(o) + " namespace"));
    }

    @Test
    void shouldRunThreeCoordinatorsThatCanFindEachOtherBeforeTheyAreReady() throws IOException {
        JsonNode sts = one("StatefulSet", "vipwarden-coordinator");
        assertEquals(3, sts.at("/spec/replicas").asInt());
        assertEquals("Parallel", sts.at("/spec/podManagementPolicy").asText(),
                "OrderedReady would wait for pod 0 to be ready, which needs quorum, which needs the others");
        JsonNode svc = one("Service", sts.at("/spec/serviceName").asText());
        assertEquals("None", svc.at("/spec/clusterIP").asText(), "the StatefulSet's Service must be headless");
        assertTrue(svc.at("/spec/publishNotReadyAddresses").asBoolean(),
                "members must resolve each other's DNS names before they are ready");
        assertTrue(selects(svc.at("/spec/selector"), sts.at("/spec/template/metadata/labels")));
        assertTrue(selects(sts.at("/spec/selector/matchLabels"), sts.at("/spec/template/metadata/labels")));

        JsonNode config = YAML.readTree(configFile("vipwarden-coordinator-config", "coordinator.yaml"));
        List<String> members = new ArrayList<>();
        config.get("cluster.members").forEach(m -> members.add(m.asText()));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            expected.add("vipwarden-coordinator-" + i + "." + svc.at("/metadata/name").asText() + ".vipwarden.svc.cluster.local:"
                    + config.get("cluster.port").asInt());
        }
        assertEquals(expected, members, "the TCP-IP member list must be the pods' stable DNS names");
        for (int i = 0; i < 3; i++) {
            String self = config.get("cluster.host").asText().replace("__POD_NAME__", "vipwarden-coordinator-" + i)
                    + ":" + config.get("cluster.port").asInt();
            assertTrue(members.contains(self), "the coordinator refuses a cluster.host:cluster.port missing from "
                    + "cluster.members: " + self);
        }
        assertEquals(3, config.get("cluster.coordinator.count").asInt(), "quorum is a majority of the configured count");
        assertTrue(port(svc, "hazelcast") == config.get("cluster.port").asInt());
    }

    @Test
    void shouldKeepQuorumThroughVoluntaryDisruptions() {
        JsonNode sts = one("StatefulSet", "vipwarden-coordinator");
        JsonNode pdb = objects.stream().filter(o -> o.get("kind").asText().equals("PodDisruptionBudget")).findFirst().orElseThrow();
        int replicas = sts.at("/spec/replicas").asInt();
        int maxUnavailable = pdb.at("/spec/maxUnavailable").asInt();
        assertEquals(1, maxUnavailable);
        assertTrue(replicas - maxUnavailable >= replicas / 2 + 1, "a drain must leave a majority");
        assertTrue(selects(pdb.at("/spec/selector/matchLabels"), sts.at("/spec/template/metadata/labels")));
        JsonNode anti = sts.at("/spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0");
        assertEquals("kubernetes.io/hostname", anti.at("/topologyKey").asText(), "one coordinator per Kubernetes node");
    }

    @Test
    void shouldProbeReadyzForReadinessAndHealthzForLiveness() {
        for (JsonNode workload : List.of(one("StatefulSet", "vipwarden-coordinator"), one("Deployment", "vipwarden-gateway"))) {
            JsonNode c = workload.at("/spec/template/spec/containers/0");
            assertEquals("/readyz", c.at("/readinessProbe/httpGet/path").asText(), name(workload));
            assertEquals("/healthz", c.at("/livenessProbe/httpGet/path").asText(), name(workload));
            assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean(), name(workload));
            assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true), name(workload));
            assertTrue(workload.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean(), name(workload));
            assertEquals("/metrics", workload.at("/spec/template/metadata/annotations/prometheus.io~1path").asText());
        }
    }

    @Test
    void shouldServeTheGatewayAndConfigureItFromAConfigMap() throws IOException {
        JsonNode deployment = one("Deployment", "vipwarden-gateway");
        JsonNode svc = one("Service", "vipwarden-gateway");
        assertTrue(selects(svc.at("/spec/selector"), deployment.at("/spec/template/metadata/labels")));
        JsonNode config = YAML.readTree(configFile("vipwarden-gateway-config", "gateway.yaml"));
        assertEquals("0.0.0.0", config.get("http.host").asText(), "in a pod the gateway must listen beyond loopback");
        assertEquals(config.get("http.port").asInt(), port(svc, "http"));
        config.get("auth.tokens").forEach(t -> assertTrue(t.get("sha256").asText().matches("[0-9a-f]{64}"),
                "tokens only as SHA-256 hashes"));
    }

    @Test
    void shouldReferenceOnlyConfigMapsAndSecretsThatExist() {
        for (JsonNode workload : objects) {
            JsonNode spec = workload.at("/spec/template/spec");
            if (spec.isMissingNode()) {
                continue;
            }
            for (JsonNode v : spec.path("volumes")) {
                if (v.has("configMap")) {
                    one("ConfigMap", v.at("/configMap/name").asText());
                }
            }
            for (JsonNode c : spec.path("containers")) {
                for (JsonNode from : c.path("envFrom")) {
                    if (from.has("secretRef") && !from.at("/secretRef/optional").asBoolean(false)) {
                        one("Secret", from.at("/secretRef/name").asText());
                    }
                }
            }
        }
    }

    @Test
    void shouldCreateTheTopicsTopicNamesSpecifies() {
        String script = one("Job", "vipwarden-kafka-topics").at("/spec/template/spec/containers/0/args/0").asText();
        Map<String, TopicSpec> created = new TreeMap<>();
        Matcher m = CREATE.matcher(script);
        while (m.find()) {
            Map<String, String> configs = new HashMap<>();
            for (String kv : m.group(3).trim().split(" ")) {
                if (!kv.isBlank()) {
                    configs.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            created.put(m.group(1), new TopicSpec(m.group(1), Integer.parseInt(m.group(2)), configs));
        }
        Map<String, TopicSpec> expected = new TreeMap<>();
        TopicNames.defaults().specs(12).forEach(s -> expected.put(s.name(), s));
        assertEquals(expected, created, "the Job must create exactly TopicNames.specs(12)");
    }

    private static int port(JsonNode service, String name) {
        for (JsonNode p : service.at("/spec/ports")) {
            if (p.get("name").asText().equals(name)) {
                return p.get("port").asInt();
            }
        }
        throw new AssertionError(name(service) + " has no port " + name);
    }

    private static String configFile(String configMap, String key) {
        String text = one("ConfigMap", configMap).at("/data/" + key).asText();
        assertFalse(text.isBlank(), configMap + " has no " + key);
        return text;
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.size() == 0) {
            return false;
        }
        var it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode one(String kind, String name) {
        List<JsonNode> found = objects.stream()
                .filter(o -> o.get("kind").asText().equals(kind) && o.at("/metadata/name").asText().equals(name)).toList();
        assertEquals(1, found.size(), "expected exactly one " + kind + " " + name);
        return found.get(0);
    }

    private static String name(JsonNode o) {
        return o.get("kind").asText() + "/" + o.at("/metadata/name").asText();
    }
}
