package io.vipwarden.agent.config;

import static io.vipwarden.agent.config.ConfigKey.Type.INT;
import static io.vipwarden.agent.config.ConfigKey.Type.LIST;
import static io.vipwarden.agent.config.ConfigKey.Type.LONG;
import static io.vipwarden.agent.config.ConfigKey.Type.MAP;
import static io.vipwarden.agent.config.ConfigKey.Type.STRING;
import static io.vipwarden.agent.config.ConfigKey.Type.STRING_LIST;

import io.vipwarden.agent.lint.Ipv4;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every key of the agent's YAML configuration, declared once. The README's config reference is
 * this list; {@link ConfigLoader} validates against it.
 */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private static Optional<String> id(Object v) {
        return ID.matcher(v.toString()).matches() ? Optional.empty()
                : Optional.of("must be 1-128 letters, digits, '.', '_', ':' or '-', got '" + v + "'");
    }

    // --- top level -------------------------------------------------------------------------------
    public static final ConfigKey NODE_ID = ConfigKey.required("node.id", STRING,
            "This node's id: the Kafka key of its commands and the nodeId of its events.").validate(ConfigKeys::id);
    public static final ConfigKey CLOUD_INSTANCE_ID = ConfigKey.of("cloud.instance.id", STRING, "",
            "The ECS/CVM instance (or ENI) id the cloud knows this node by; reported in heartbeats.");
    public static final ConfigKey VPC_ID = ConfigKey.of("vpc.id", STRING, "",
            "The VPC this node is in; lets the coordinator check virtual_router_id uniqueness per VPC.");
    public static final ConfigKey TOPIC_PREFIX = ConfigKey.of("topic.prefix", STRING, "vipwarden",
            "Prefix of every Kafka topic (<prefix>.node-events, <prefix>.commands).")
            .validate(v -> Pattern.matches("[a-zA-Z0-9._-]{1,200}", v.toString()) ? Optional.empty()
                    : Optional.of("must be 1-200 letters, digits, '.', '_' or '-'"));
    public static final ConfigKey KAFKA = ConfigKey.of("kafka", MAP, null,
            "Kafka client settings, Kafka's own keys unrenamed (bootstrap.servers is required; "
                    + "security.protocol, sasl.*, ssl.*, delivery.timeout.ms, ...). Values may be ${env:NAME} or ${file:PATH}. "
                    + "The agent's own defaults, for a small footprint: metric.reporters empty (no JMX), "
                    + "enable.metrics.push false (its metrics are on /metrics) and compression.type none.")
            .validate(v -> ((java.util.Map<?, ?>) v).containsKey("bootstrap.servers") ? Optional.empty()
                    : Optional.of("must contain bootstrap.servers"));
    public static final ConfigKey STATE_DIR = ConfigKey.of("state.dir", STRING, "/var/lib/vipwarden/agent",
            "Directory for the event spool, the highest epochs seen and the commands offset; survives restarts.");
    public static final ConfigKey KEEPALIVED_CONFIG = ConfigKey.of("keepalived.config.path", STRING,
            "/etc/keepalived/keepalived.conf", "keepalived's configuration file (parsed, linted, mapped to HaVips).");
    public static final ConfigKey NOTIFY_FIFO = ConfigKey.of("keepalived.notify-fifo.path", STRING, "",
            "The FIFO named by notify_fifo in global_defs; empty: no FIFO (use 'agent notify' from notify scripts).");
    public static final ConfigKey JSON_DUMP = ConfigKey.of("keepalived.json-dump.path", STRING, "/tmp/keepalived.json",
            "Where keepalived writes its JSON state dump.");
    public static final ConfigKey PID_FILE = ConfigKey.of("keepalived.pid-file.path", STRING, "/run/keepalived.pid",
            "keepalived's pid file: the process the dump signal and the default re-announce (SIGHUP) go to.");
    public static final ConfigKey JSON_SIGNAL = ConfigKey.of("keepalived.json-signal", INT, 36,
            "Signal number that makes keepalived write the JSON dump ('keepalived --signum=JSON'); 0: never "
                    + "signal, just read the file when it changes.").range(0, 64);
    public static final ConfigKey STATE_POLL = ConfigKey.of("keepalived.state-poll.interval.ms", LONG, 5000L,
            "How often the JSON state dump is requested and reconciled with the FIFO.").range(100, 3_600_000);
    public static final ConfigKey FIFO_REOPEN = ConfigKey.of("keepalived.fifo-reopen.backoff.ms", LONG, 1000L,
            "Pause before reopening the FIFO after keepalived closed it (restart) or it went missing.").range(10, 60_000);
    public static final ConfigKey HEARTBEAT_INTERVAL = ConfigKey.of("heartbeat.interval.ms", LONG, 1000L,
            "How often one Heartbeat per HaVip is published.").range(100, 600_000);
    public static final ConfigKey SPOOL_MAX = ConfigKey.of("spool.max.bytes", LONG, 16L * 1024 * 1024,
            "Bound of the disk spool of unsent events; when full, heartbeats are dropped first, transitions never.")
            .range(64 * 1024, 1L << 40);
    public static final ConfigKey SPOOL_BACKOFF = ConfigKey.of("spool.retry.backoff.ms", LONG, 1000L,
            "Pause between attempts to send the spool while the broker is unreachable.").range(10, 600_000);
    public static final ConfigKey HTTP_BIND = ConfigKey.of("http.bind.address", STRING, "127.0.0.1",
            "Address of /metrics, /healthz and POST /notify. Keep it on loopback unless Prometheus scrapes remotely.");
    public static final ConfigKey HTTP_PORT = ConfigKey.of("http.port", INT, 9466,
            "Port of /metrics, /healthz and POST /notify ('agent notify' posts here); 0 picks a free port.")
            .range(0, 65535);
    public static final ConfigKey COMMANDS_POLL = ConfigKey.of("commands.poll.timeout.ms", LONG, 1000L,
            "Longest wait of one poll of the commands partition.").range(10, 60_000);
    public static final ConfigKey REANNOUNCE_COMMAND = ConfigKey.of("reannounce.command", STRING, "",
            "Command run for a Reannounce, with {vip} {interface} {instance} {havip} replaced; empty: send SIGHUP "
                    + "to keepalived (a reload makes a MASTER send gratuitous ARP again).");
    public static final ConfigKey ACTION_TIMEOUT = ConfigKey.of("action.timeout.ms", LONG, 10_000L,
            "Longest run of a fence script or re-announce command before it is killed and the command FAILED.")
            .range(100, 600_000);
    public static final ConfigKey FAILOVER_BUDGET = ConfigKey.of("lint.failover-budget.ms", LONG, 10_000L,
            "Lint warns when keepalived's master-down time (3 x advert_int + skew) exceeds this.").range(100, 3_600_000);
    public static final ConfigKey SHUTDOWN_TIMEOUT = ConfigKey.of("shutdown.timeout.ms", LONG, 5000L,
            "On stop, how long to keep sending the spool before closing the producer (unsent events stay spooled).")
            .range(0, 600_000);
    public static final ConfigKey HAVIPS = ConfigKey.required("havips", LIST,
            "The HaVips this node serves: a list of maps with the havips.* keys.")
            .validate(v -> ((List<?>) v).isEmpty() ? Optional.of("must list at least one HaVip") : Optional.empty());

    public static final List<ConfigKey> AGENT = List.of(NODE_ID, CLOUD_INSTANCE_ID, VPC_ID, TOPIC_PREFIX, KAFKA,
            STATE_DIR, KEEPALIVED_CONFIG, NOTIFY_FIFO, JSON_DUMP, PID_FILE, JSON_SIGNAL, STATE_POLL, FIFO_REOPEN,
            HEARTBEAT_INTERVAL, SPOOL_MAX, SPOOL_BACKOFF, HTTP_BIND, HTTP_PORT, COMMANDS_POLL, REANNOUNCE_COMMAND,
            ACTION_TIMEOUT, FAILOVER_BUDGET, SHUTDOWN_TIMEOUT, HAVIPS);

    // --- havips[] ---------------------------------------------------------------------------------
    public static final ConfigKey HAVIP_ID = ConfigKey.required("id", STRING,
            "The HaVip id (e.g. havip-bp1...): the Kafka key of its events.").validate(ConfigKeys::id);
    public static final ConfigKey HAVIP_INSTANCE = ConfigKey.of("vrrp.instance", STRING, "",
            "The vrrp_instance carrying this HaVip; empty: the instance whose virtual_ipaddress holds 'vip'.");
    public static final ConfigKey HAVIP_VIP = ConfigKey.of("vip", STRING, "",
            "The HaVip's IPv4 address (to find the instance, and for the vSwitch check).")
            .validate(v -> v.toString().isEmpty() || Ipv4.isIpv4(v.toString()) ? Optional.empty()
                    : Optional.of("must be an IPv4 address, got '" + v + "'"));
    public static final ConfigKey HAVIP_TRACK_FILE = ConfigKey.of("fence.track-file.path", STRING, "",
            "The file of the instance's weight-0 track_file: Fence writes 1 (instance goes to FAULT), Unfence 0.");
    public static final ConfigKey HAVIP_FENCE_SCRIPT = ConfigKey.of("fence.script", STRING, "",
            "Instead of the track file: run this with arguments 'fence|unfence HAVIP EPOCH'; exit 0 is success.");
    public static final ConfigKey HAVIP_PEERS = ConfigKey.of("peers", STRING_LIST, List.of(),
            "Addresses of the HaVip's other nodes; lint checks they are all in unicast_peer.");
    public static final ConfigKey HAVIP_CIDR = ConfigKey.of("vswitch.cidr", STRING, "",
            "The vSwitch/subnet CIDR of the HaVip; lint checks the VIP lies in it.")
            .validate(v -> v.toString().isEmpty() || Ipv4.isCidr(v.toString()) ? Optional.empty()
                    : Optional.of("must be an IPv4 CIDR like 192.0.2.0/24, got '" + v + "'"));
    public static final ConfigKey HAVIP_CHECKS = ConfigKey.of("checks", LIST, List.of(),
            "Health checks of this HaVip's service: a list of maps with the checks.* keys.");

    public static final List<ConfigKey> HAVIP = List.of(HAVIP_ID, HAVIP_INSTANCE, HAVIP_VIP, HAVIP_TRACK_FILE,
            HAVIP_FENCE_SCRIPT, HAVIP_PEERS, HAVIP_CIDR, HAVIP_CHECKS);

    // --- havips[].checks[] -------------------------------------------------------------------------
    public static final ConfigKey CHECK_NAME = ConfigKey.required("name", STRING, "Name of the check, unique per HaVip.")
            .validate(ConfigKeys::id);
    public static final ConfigKey CHECK_TYPE = ConfigKey.required("type", STRING,
            "http (status and optional body match), tcp (connect), exec (exit code 0), link (interface operstate up).")
            .oneOf("http", "tcp", "exec", "link");
    public static final ConfigKey CHECK_URL = ConfigKey.of("url", STRING, "", "http: the URL to GET.");
    public static final ConfigKey CHECK_STATUS = ConfigKey.of("expect.status", INT, 200,
            "http: the status code that means healthy.").range(100, 599);
    public static final ConfigKey CHECK_BODY = ConfigKey.of("expect.body", STRING, "",
            "http: a substring the body must contain; empty: any body.");
    public static final ConfigKey CHECK_HOST = ConfigKey.of("host", STRING, "127.0.0.1", "tcp: host to connect to.");
    public static final ConfigKey CHECK_PORT = ConfigKey.of("port", INT, 0, "tcp: port to connect to.").range(0, 65535);
    public static final ConfigKey CHECK_COMMAND = ConfigKey.of("command", STRING_LIST, List.of(),
            "exec: program and arguments (no shell); exit code 0 is healthy.");
    public static final ConfigKey CHECK_INTERFACE = ConfigKey.of("interface", STRING, "",
            "link: interface whose /sys/class/net/IF/operstate must be 'up'.");
    public static final ConfigKey CHECK_INTERVAL = ConfigKey.of("interval.ms", LONG, 2000L, "Time between runs.")
            .range(50, 3_600_000);
    public static final ConfigKey CHECK_TIMEOUT = ConfigKey.of("timeout.ms", LONG, 1000L,
            "Longest run; longer counts as a failure.").range(10, 600_000);
    public static final ConfigKey CHECK_RISE = ConfigKey.of("rise", INT, 2,
            "Consecutive successes that make an unhealthy check healthy.").range(1, 100);
    public static final ConfigKey CHECK_FALL = ConfigKey.of("fall", INT, 2,
            "Consecutive failures that make a healthy check unhealthy.").range(1, 100);

    public static final List<ConfigKey> CHECK = List.of(CHECK_NAME, CHECK_TYPE, CHECK_URL, CHECK_STATUS, CHECK_BODY,
            CHECK_HOST, CHECK_PORT, CHECK_COMMAND, CHECK_INTERFACE, CHECK_INTERVAL, CHECK_TIMEOUT, CHECK_RISE,
            CHECK_FALL);
}
