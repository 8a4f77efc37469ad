package io.vipwarden.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vipwarden.agent.config.AgentConfig.CheckConfig;
import io.vipwarden.agent.config.AgentConfig.HavipConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the agent's YAML configuration, checks every declared key ({@link ConfigKeys}) and reports
 * every problem at once. String values of the form {@code ${env:NAME}} or {@code ${file:PATH}} are
 * read from the environment or a file, so secrets never sit in the YAML.
 */
public final class ConfigLoader {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    private static final Pattern SECRET_KAFKA_KEY = Pattern.compile(".*(password|secret|jaas|token|credentials).*");

    private final Function<String, String> env;
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    /** @throws ConfigException listing every problem, including an unreadable file */
    public static AgentConfig load(Path file) throws ConfigException {
        return load(file, System::getenv);
    }

    public static AgentConfig load(Path file, Function<String, String> env) throws ConfigException {
        Map<String, Object> raw;
        try {
            raw = parseYaml(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot read " + file + ": " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(file + " is not a YAML map: " + e.getMessage()));
        }
        return fromMap(raw, env);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseYaml(String text) throws IOException {
        Object tree;
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            tree = PlainTree.read(parser);
        }
        if (tree == null) {
            return Map.of();
        }
        if (!(tree instanceof Map)) {
            throw new IllegalArgumentException("the top level must be a map of keys");
        }
        return (Map<String, Object>) tree;
    }

    public static AgentConfig fromMap(Map<String, Object> raw, Function<String, String> env) throws ConfigException {
        ConfigLoader loader = new ConfigLoader(env);
        AgentConfig config = loader.build(raw);
        if (!loader.problems.isEmpty()) {
            throw new ConfigException(loader.problems);
        }
        return config;
    }

    private AgentConfig build(Map<String, Object> raw) {
        Map<String, Object> v = section(raw, ConfigKeys.AGENT, "");
        List<HavipConfig> havips = new ArrayList<>();
        List<?> items = (List<?>) v.getOrDefault(ConfigKeys.HAVIPS.name(), List.of());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String where = "havips[" + i + "].";
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                problems.add(where.substring(0, where.length() - 1) + ": must be a map of havips keys");
                continue;
            }
            HavipConfig havip = havip(asStringMap(item), where);
            if (havip != null) {
                if (!ids.add(havip.id())) {
                    problems.add(where + "id: HaVip '" + havip.id() + "' is listed twice");
                }
                havips.add(havip);
            }
        }
        Map<String, String> kafka = new TreeMap<>();
        Object kafkaRaw = v.get(ConfigKeys.KAFKA.name());
        if (kafkaRaw instanceof Map<?, ?> m) {
            m.forEach((k, val) -> kafka.put(String.valueOf(k), resolve(String.valueOf(val), "kafka." + k)));
        } else if (kafkaRaw == null) {
            problems.add("kafka: required (a map with at least bootstrap.servers)");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new AgentConfig(
                str(v, ConfigKeys.NODE_ID), str(v, ConfigKeys.CLOUD_INSTANCE_ID), str(v, ConfigKeys.VPC_ID),
                str(v, ConfigKeys.TOPIC_PREFIX), kafka, Path.of(str(v, ConfigKeys.STATE_DIR)),
                Path.of(str(v, ConfigKeys.KEEPALIVED_CONFIG)), optionalPath(str(v, ConfigKeys.NOTIFY_FIFO)),
                Path.of(str(v, ConfigKeys.JSON_DUMP)), Path.of(str(v, ConfigKeys.PID_FILE)),
                (int) num(v, ConfigKeys.JSON_SIGNAL), num(v, ConfigKeys.STATE_POLL), num(v, ConfigKeys.FIFO_REOPEN),
                num(v, ConfigKeys.HEARTBEAT_INTERVAL), num(v, ConfigKeys.SPOOL_MAX), num(v, ConfigKeys.SPOOL_BACKOFF),
                str(v, ConfigKeys.HTTP_BIND), (int) num(v, ConfigKeys.HTTP_PORT), num(v, ConfigKeys.COMMANDS_POLL),
                str(v, ConfigKeys.REANNOUNCE_COMMAND), num(v, ConfigKeys.ACTION_TIMEOUT),
                num(v, ConfigKeys.FAILOVER_BUDGET), num(v, ConfigKeys.SHUTDOWN_TIMEOUT), havips);
    }

    private HavipConfig havip(Map<String, Object> raw, String where) {
        int before = problems.size();
        Map<String, Object> v = section(raw, ConfigKeys.HAVIP, where);
        List<CheckConfig> checks = new ArrayList<>();
        List<?> items = (List<?>) v.getOrDefault(ConfigKeys.HAVIP_CHECKS.name(), List.of());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String at = where + "checks[" + i + "].";
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                problems.add(at.substring(0, at.length() - 1) + ": must be a map of checks keys");
                continue;
            }
            CheckConfig check = check(asStringMap(item), at);
            if (check != null) {
                if (!names.add(check.name())) {
                    problems.add(at + "name: check '" + check.name() + "' is listed twice");
                }
                checks.add(check);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        if (str(v, ConfigKeys.HAVIP_INSTANCE).isEmpty() && str(v, ConfigKeys.HAVIP_VIP).isEmpty()) {
            problems.add(where + "vrrp.instance: set vrrp.instance or vip, so the HaVip can be found in keepalived.conf");
        }
        if (!str(v, ConfigKeys.HAVIP_TRACK_FILE).isEmpty() && !str(v, ConfigKeys.HAVIP_FENCE_SCRIPT).isEmpty()) {
            problems.add(where + "fence.script: set fence.track-file.path or fence.script, not both");
        }
        @SuppressWarnings("unchecked")
        List<String> peers = (List<String>) v.get(ConfigKeys.HAVIP_PEERS.name());
        return new HavipConfig(str(v, ConfigKeys.HAVIP_ID), str(v, ConfigKeys.HAVIP_INSTANCE),
                str(v, ConfigKeys.HAVIP_VIP), optionalPath(str(v, ConfigKeys.HAVIP_TRACK_FILE)),
                str(v, ConfigKeys.HAVIP_FENCE_SCRIPT), peers, str(v, ConfigKeys.HAVIP_CIDR), checks);
    }

    private CheckConfig check(Map<String, Object> raw, String where) {
        int before = problems.size();
        Map<String, Object> v = section(raw, ConfigKeys.CHECK, where);
        if (problems.size() > before) {
            return null;
        }
        String type = str(v, ConfigKeys.CHECK_TYPE);
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) v.get(ConfigKeys.CHECK_COMMAND.name());
        switch (type) {
            case "http" -> {
                String url = str(v, ConfigKeys.CHECK_URL);
                if (!url.startsWith("http://") && !url.startsWith("https://")) {
                    problems.add(where + "url: an http check needs an http:// or https:// url, got '" + url + "'");
                }
            }
            case "tcp" -> {
                if (num(v, ConfigKeys.CHECK_PORT) == 0) {
                    problems.add(where + "port: a tcp check needs a port 1..65535");
                }
            }
            case "exec" -> {
                if (command.isEmpty()) {
                    problems.add(where + "command: an exec check needs a command (list: program, args...)");
                }
            }
            case "link" -> {
                if (str(v, ConfigKeys.CHECK_INTERFACE).isEmpty()) {
                    problems.add(where + "interface: a link check needs an interface name");
                }
            }
            default -> {
            }
        }
        if (num(v, ConfigKeys.CHECK_TIMEOUT) > num(v, ConfigKeys.CHECK_INTERVAL)) {
            problems.add(where + "timeout.ms: must not exceed interval.ms (" + num(v, ConfigKeys.CHECK_INTERVAL) + ")");
        }
        return new CheckConfig(str(v, ConfigKeys.CHECK_NAME), type, str(v, ConfigKeys.CHECK_URL),
                (int) num(v, ConfigKeys.CHECK_STATUS), str(v, ConfigKeys.CHECK_BODY), str(v, ConfigKeys.CHECK_HOST),
                (int) num(v, ConfigKeys.CHECK_PORT), command, str(v, ConfigKeys.CHECK_INTERFACE),
                num(v, ConfigKeys.CHECK_INTERVAL), num(v, ConfigKeys.CHECK_TIMEOUT), (int) num(v, ConfigKeys.CHECK_RISE),
                (int) num(v, ConfigKeys.CHECK_FALL));
    }

    /** Typed values of the declared keys (defaults filled in); unknown keys and bad values become problems. */
    private Map<String, Object> section(Map<String, Object> raw, List<ConfigKey> keys, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> declared = new HashSet<>();
        for (ConfigKey key : keys) {
            declared.add(key.name());
            Object value = raw.get(key.name());
            if (value == null) {
                if (key.required()) {
                    problems.add(where + key.name() + ": required (" + key.description() + ")");
                } else if (key.defaultValue() != null) {
                    out.put(key.name(), key.defaultValue());
                }
                continue;
            }
            Optional<Object> typed = convert(key, value, where);
            if (typed.isEmpty()) {
                continue;
            }
            Optional<String> problem = key.validator().apply(typed.get());
            if (problem.isPresent()) {
                problems.add(where + key.name() + ": " + problem.get());
            } else {
                out.put(key.name(), typed.get());
            }
        }
        for (String name : raw.keySet()) {
            if (!declared.contains(name)) {
                problems.add(where + name + ": unknown key" + suggestion(name, keys));
            }
        }
        return out;
    }

    private static String suggestion(String name, List<ConfigKey> keys) {
        String plain = name.replaceAll("[^a-z0-9]", "");
        return keys.stream().map(ConfigKey::name)
                .filter(k -> k.replaceAll("[^a-z0-9]", "").equals(plain) || k.startsWith(name) || name.startsWith(k))
                .findFirst().map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    private Optional<Object> convert(ConfigKey key, Object value, String where) {
        String at = where + key.name();
        switch (key.type()) {
            case STRING -> {
                if (value instanceof Map || value instanceof List) {
                    problems.add(at + ": must be a string");
                    return Optional.empty();
                }
                return Optional.of(resolve(String.valueOf(value), at));
            }
            case INT, LONG -> {
                String s = resolve(String.valueOf(value), at).trim();
                try {
                    long n = Long.parseLong(s);
                    if (key.type() == ConfigKey.Type.INT && (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE)) {
                        problems.add(at + ": must be a whole number, got '" + s + "'");
                        return Optional.empty();
                    }
                    return Optional.of(n);
                } catch (NumberFormatException e) {
                    problems.add(at + ": must be a whole number, got '" + s + "'");
                    return Optional.empty();
                }
            }
            case BOOLEAN -> {
                String s = String.valueOf(value);
                if (!s.equals("true") && !s.equals("false")) {
                    problems.add(at + ": must be true or false, got '" + s + "'");
                    return Optional.empty();
                }
                return Optional.of(Boolean.parseBoolean(s));
            }
            case STRING_LIST -> {
                if (value instanceof List<?> list) {
                    List<String> out = new ArrayList<>();
                    for (Object o : list) {
                        if (o instanceof Map || o instanceof List) {
                            problems.add(at + ": must be a list of strings");
                            return Optional.empty();
                        }
                        out.add(resolve(String.valueOf(o), at));
                    }
                    return Optional.of(List.copyOf(out));
                }
                problems.add(at + ": must be a list of strings");
                return Optional.empty();
            }
            case MAP -> {
                if (value instanceof Map<?, ?> m) {
                    return Optional.of(m);
                }
                problems.add(at + ": must be a map");
                return Optional.empty();
            }
            case LIST -> {
                if (value instanceof List<?> l) {
                    return Optional.of(l);
                }
                problems.add(at + ": must be a list");
                return Optional.empty();
            }
            default -> throw new IllegalStateException("unhandled type " + key.type());
        }
    }

    private String resolve(String value, String at) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1).equals("env")) {
                replacement = env.apply(m.group(2));
                if (replacement == null) {
                    problems.add(at + ": environment variable " + m.group(2) + " is not set");
                    replacement = "";
                }
            } else {
                try {
                    replacement = Files.readString(Path.of(m.group(2)), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    problems.add(at + ": cannot read " + m.group(2) + ": " + e.getMessage());
                    replacement = "";
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asStringMap(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String str(Map<String, Object> v, ConfigKey key) {
        Object o = v.get(key.name());
        return o == null ? "" : o.toString();
    }

    private static long num(Map<String, Object> v, ConfigKey key) {
        Object o = v.get(key.name());
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static Path optionalPath(String s) {
        return s == null || s.isEmpty() ? null : Path.of(s);
    }

    /** The effective configuration as text for the start-up log, with secrets masked. */
    public static String describe(AgentConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(ConfigKeys.NODE_ID.name(), c.nodeId());
        out.put(ConfigKeys.CLOUD_INSTANCE_ID.name(), c.cloudInstanceId());
        out.put(ConfigKeys.VPC_ID.name(), c.vpcId());
        out.put(ConfigKeys.TOPIC_PREFIX.name(), c.topicPrefix());
        Map<String, String> kafka = new TreeMap<>();
        c.kafka().forEach((k, v) -> kafka.put(k, isSecretKafkaKey(k) ? "******" : v));
        out.put(ConfigKeys.KAFKA.name(), kafka);
        out.put(ConfigKeys.STATE_DIR.name(), c.stateDir());
        out.put(ConfigKeys.KEEPALIVED_CONFIG.name(), c.keepalivedConfig());
        out.put(ConfigKeys.NOTIFY_FIFO.name(), c.notifyFifo() == null ? "" : c.notifyFifo());
        out.put(ConfigKeys.JSON_DUMP.name(), c.jsonDump());
        out.put(ConfigKeys.PID_FILE.name(), c.pidFile());
        out.put(ConfigKeys.JSON_SIGNAL.name(), c.jsonSignal());
        out.put(ConfigKeys.STATE_POLL.name(), c.statePollIntervalMs());
        out.put(ConfigKeys.FIFO_REOPEN.name(), c.fifoReopenBackoffMs());
        out.put(ConfigKeys.HEARTBEAT_INTERVAL.name(), c.heartbeatIntervalMs());
        out.put(ConfigKeys.SPOOL_MAX.name(), c.spoolMaxBytes());
        out.put(ConfigKeys.SPOOL_BACKOFF.name(), c.spoolRetryBackoffMs());
        out.put(ConfigKeys.HTTP_BIND.name(), c.httpBindAddress());
        out.put(ConfigKeys.HTTP_PORT.name(), c.httpPort());
        out.put(ConfigKeys.COMMANDS_POLL.name(), c.commandsPollTimeoutMs());
        out.put(ConfigKeys.REANNOUNCE_COMMAND.name(), c.reannounceCommand());
        out.put(ConfigKeys.ACTION_TIMEOUT.name(), c.actionTimeoutMs());
        out.put(ConfigKeys.FAILOVER_BUDGET.name(), c.failoverBudgetMs());
        out.put(ConfigKeys.SHUTDOWN_TIMEOUT.name(), c.shutdownTimeoutMs());
        out.put(ConfigKeys.HAVIPS.name(), c.havips());
        StringBuilder sb = new StringBuilder();
        out.forEach((k, v) -> sb.append("\n  ").append(k).append(" = ").append(v));
        return sb.toString();
    }

    /** Kafka keys whose values are credentials (passwords, JAAS configs, tokens). */
    public static boolean isSecretKafkaKey(String key) {
        return SECRET_KAFKA_KEY.matcher(key.toLowerCase()).matches();
    }
}
