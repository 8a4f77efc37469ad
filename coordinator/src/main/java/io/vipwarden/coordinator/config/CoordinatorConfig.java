package io.vipwarden.coordinator.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vipwarden.coordinator.decision.EngineSettings;
import io.vipwarden.coordinator.store.ClusterSettings;
import io.vipwarden.events.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The coordinator's configuration: every key declared in {@link #KEYS} with its default, unit and
 * validation, plus three pass-through families whose keys are the libraries' own:
 * {@code hazelcast.*} (Hazelcast properties), {@code kafka.consumer.*} / {@code kafka.producer.*}
 * (Kafka client settings, prefix removed) and {@code cloud.*} (the cloud provider's settings).
 * The YAML may nest ({@code cluster: {port: 5701}}) or use dotted keys; both mean the same.
 */
public final class CoordinatorConfig {
    public static final List<ConfigKey> KEYS = List.of(
            ConfigKey.string("member.id", "coordinator-1",
                    "This member's name: in audit events (actor), logs, thread names and the Hazelcast instance name."),
            ConfigKey.string("cluster.name", "vipwarden", "Hazelcast cluster name; all coordinators of one fleet share it."),
            ConfigKey.string("cluster.host", "127.0.0.1", "Address this member binds and announces to the others."),
            ConfigKey.integer("cluster.port", 5701, "", 1, 65535, "Hazelcast member port."),
            ConfigKey.list("cluster.members", List.of("127.0.0.1:5701"),
                    "host:port of every coordinator (TCP-IP join; multicast is off)."),
            ConfigKey.integer("cluster.coordinator.count", 3, "", 1, 15,
                    "How many coordinators the deployment has. A member decides only while it sees a majority of them."),
            ConfigKey.string("kafka.bootstrap.servers", "127.0.0.1:9092", "Kafka bootstrap servers."),
            ConfigKey.string("kafka.topic.prefix", TopicNames.DEFAULT_PREFIX, "Topic name prefix: topics are <prefix>.node-events etc."),
            ConfigKey.string("kafka.group.id", "vipwarden-coordinators",
                    "Consumer group shared by all coordinators on node-events and requests."),
            ConfigKey.integer("heartbeat.interval.ms", 1000, "ms", 50, 600_000,
                    "Agents' heartbeat interval, used when a heartbeat does not carry its own."),
            ConfigKey.integer("heartbeat.missed.count", 3, "", 1, 100,
                    "A member is dead after this many heartbeat intervals without any event from it."),
            ConfigKey.integer("holddown.ms", 30_000, "ms", 0, 86_400_000,
                    "After a failover, no automatic failover of the same HaVip for this long."),
            ConfigKey.integer("failover.budget.count", 3, "", 1, 1000,
                    "Automatic failovers allowed per window; one more freezes the HaVip until an operator acknowledges."),
            ConfigKey.integer("failover.budget.window.ms", 600_000, "ms", 1000, 604_800_000,
                    "The sliding window of the failover budget."),
            ConfigKey.integer("rejoin.after.ms", 30_000, "ms", 0, 86_400_000,
                    "A fenced node that stays healthy and not MASTER this long is unfenced and associated again as standby."),
            ConfigKey.integer("refence.after.ms", 5_000, "ms", 100, 600_000,
                    "A fenced node still claiming MASTER gets its Fence command again after this long."),
            ConfigKey.integer("tick.interval.ms", 500, "ms", 50, 60_000,
                    "How often liveness timeouts, hold-downs and rejoin timers are evaluated."),
            ConfigKey.integer("reconcile.interval.ms", 5_000, "ms", 100, 3_600_000,
                    "How often the desired state is compared with the cloud's and the agents' (also after every change)."),
            ConfigKey.integer("executor.threads", 2, "", 1, 64, "Worker threads running cloud calls."),
            ConfigKey.string("http.host", "127.0.0.1", "Address of /metrics, /healthz and /readyz."),
            ConfigKey.integer("http.port", 9471, "", 0, 65535, "Port of /metrics, /healthz and /readyz (0: any free port)."),
            ConfigKey.choice("cloud.provider", "arp", Set.of("arp", "alibaba", "tencent"),
                    "Where HaVips live: 'alibaba' or 'tencent' (VPC API) or 'arp' (no cloud API: fencing through agents only)."));

    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-]+:\\d{1,5}");

    static {
        KEYS.forEach(k -> BY_NAME.put(k.name(), k));
    }

    private final Map<String, Object> values;
    private final Map<String, String> hazelcast;
    private final Map<String, String> kafkaConsumer;
    private final Map<String, String> kafkaProducer;
    private final Map<String, String> cloud;

    private CoordinatorConfig(Map<String, Object> values, Map<String, String> hazelcast,
            Map<String, String> kafkaConsumer, Map<String, String> kafkaProducer, Map<String, String> cloud) {
        this.values = values;
        this.hazelcast = hazelcast;
        this.kafkaConsumer = kafkaConsumer;
        this.kafkaProducer = kafkaProducer;
        this.cloud = cloud;
    }

    /** Reads and validates a YAML file. */
    public static CoordinatorConfig load(Path file) throws ConfigException {
        Object root;
        try {
            byte[] bytes = Files.readAllBytes(file);
            // An empty file (or one with comments only) means "all defaults".
            root = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines()
                    .allMatch(l -> l.isBlank() || l.trim().startsWith("#"))
                    ? null : new ObjectMapper(new YAMLFactory()).readValue(bytes, Object.class);
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot read " + file + ": " + e.getMessage()));
        }
        if (root == null) {
            root = Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(List.of(file + ": must be a YAML mapping of keys to values"));
        }
        return fromMap(map);
    }

    /** Validates settings given as a map (nested or dotted keys); every problem is reported at once. */
    public static CoordinatorConfig fromMap(Map<?, ?> raw) throws ConfigException {
        Map<String, Object> flat = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        flatten("", raw, flat, problems);
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> hazelcast = new TreeMap<>();
        Map<String, String> consumer = new TreeMap<>();
        Map<String, String> producer = new TreeMap<>();
        Map<String, String> cloud = new TreeMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String key = e.getKey();
            if (BY_NAME.containsKey(key)) {
                continue;
            }
            String value = e.getValue() == null ? null : String.valueOf(e.getValue());
            if (key.startsWith("hazelcast.")) {
                hazelcast.put(key, value);
            } else if (key.startsWith("kafka.consumer.")) {
                consumer.put(key.substring("kafka.consumer.".length()), value);
            } else if (key.startsWith("kafka.producer.")) {
                producer.put(key.substring("kafka.producer.".length()), value);
            } else if (key.startsWith("cloud.")) {
                cloud.put(key.substring("cloud.".length()), value);
            } else {
                problems.add(key + ": unknown key (declared keys: see --help or the README; pass-through prefixes: "
                        + "hazelcast., kafka.consumer., kafka.producer., cloud.)");
            }
        }
        for (ConfigKey k : KEYS) {
            values.put(k.name(), k.parse(flat.get(k.name()), problems));
        }
        @SuppressWarnings("unchecked")
        List<String> members = (List<String>) values.get("cluster.members");
        for (String m : members) {
            if (!HOST_PORT.matcher(m).matches()) {
                problems.add("cluster.members: '" + m + "' is not host:port");
            }
        }
        String self = values.get("cluster.host") + ":" + values.get("cluster.port");
        if (!members.contains(self)) {
            problems.add("cluster.members: must contain this member's own cluster.host:cluster.port (" + self + "), got "
                    + members);
        }
        long count = (Long) values.get("cluster.coordinator.count");
        if (members.size() > count) {
            problems.add("cluster.coordinator.count: " + count + " is less than the " + members.size()
                    + " members listed in cluster.members");
        }
        try {
            TopicNames.withPrefix(values.get("kafka.topic.prefix").toString());
        } catch (IllegalArgumentException e) {
            problems.add("kafka.topic.prefix: " + e.getMessage());
        }
        if (!values.get("member.id").toString().matches("[A-Za-z0-9._-]{1,64}")) {
            problems.add("member.id: must be 1-64 letters, digits, '.', '_' or '-', got '" + values.get("member.id") + "'");
        }
        if ((Long) values.get("holddown.ms") >= (Long) values.get("failover.budget.window.ms")) {
            problems.add("holddown.ms: must be shorter than failover.budget.window.ms, or the budget can never be spent");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new CoordinatorConfig(values, Map.copyOf(hazelcast), Map.copyOf(consumer), Map.copyOf(producer),
                Map.copyOf(cloud));
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out, List<String> problems) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, out, problems);
            } else if (out.put(key, e.getValue()) != null) {
                problems.add(key + ": given twice");
            }
        }
    }

    // ---- typed views -----------------------------------------------------------------------------

    public String memberId() {
        return (String) values.get("member.id");
    }

    @SuppressWarnings("unchecked")
    public ClusterSettings cluster() {
        return new ClusterSettings((String) values.get("cluster.name"), memberId(), (String) values.get("cluster.host"),
                intValue("cluster.port"), (List<String>) values.get("cluster.members"),
                intValue("cluster.coordinator.count"), hazelcast);
    }

    public String kafkaBootstrapServers() {
        return (String) values.get("kafka.bootstrap.servers");
    }

    public TopicNames topics() {
        return TopicNames.withPrefix((String) values.get("kafka.topic.prefix"));
    }

    public String groupId() {
        return (String) values.get("kafka.group.id");
    }

    public Map<String, String> kafkaConsumer() {
        return kafkaConsumer;
    }

    public Map<String, String> kafkaProducer() {
        return kafkaProducer;
    }

    public EngineSettings engine() {
        return new EngineSettings(millis("heartbeat.interval.ms"), intValue("heartbeat.missed.count"),
                millis("holddown.ms"), intValue("failover.budget.count"), millis("failover.budget.window.ms"),
                millis("rejoin.after.ms"), millis("refence.after.ms"));
    }

    public Duration tickInterval() {
        return millis("tick.interval.ms");
    }

    public Duration reconcileInterval() {
        return millis("reconcile.interval.ms");
    }

    public int executorThreads() {
        return intValue("executor.threads");
    }

    public String httpHost() {
        return (String) values.get("http.host");
    }

    public int httpPort() {
        return intValue("http.port");
    }

    public String cloudProvider() {
        return (String) values.get("cloud.provider");
    }

    /** The provider's own settings: every {@code cloud.*} key except {@code cloud.provider}, prefix removed. */
    public Map<String, String> cloud() {
        return cloud;
    }

    /** Every setting with its effective value, secrets masked: what the coordinator logs at start. */
    public Map<String, String> effective() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, String.valueOf(v)));
        hazelcast.forEach((k, v) -> out.put(k, mask(k, v)));
        kafkaConsumer.forEach((k, v) -> out.put("kafka.consumer." + k, mask(k, v)));
        kafkaProducer.forEach((k, v) -> out.put("kafka.producer." + k, mask(k, v)));
        cloud.forEach((k, v) -> out.put("cloud." + k, mask(k, v)));
        return out;
    }

    static String mask(String key, String value) {
        String k = key.toLowerCase();
        boolean secret = k.contains("secret") || k.contains("password") || k.contains("sasl.jaas") || k.endsWith(".key")
                || k.contains("token");
        return secret && value != null ? "******" : value;
    }

    private int intValue(String key) {
        return ((Long) values.get(key)).intValue();
    }

    private Duration millis(String key) {
        return Duration.ofMillis((Long) values.get(key));
    }
}
