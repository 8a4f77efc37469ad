package io.vipwarden.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one place where topic names are made. Every topic is {@code <prefix>.<thing>}; the prefix is
 * configurable (default {@value #DEFAULT_PREFIX}) so several installations can share a cluster.
 */
public final class TopicNames {
    public static final String DEFAULT_PREFIX = "vipwarden";
    private static final Pattern VALID_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    private final String prefix;

    private TopicNames(String prefix) {
        this.prefix = prefix;
    }

    public static TopicNames defaults() {
        return new TopicNames(DEFAULT_PREFIX);
    }

    /** @throws IllegalArgumentException when the prefix is not a legal Kafka topic name part */
    public static TopicNames withPrefix(String prefix) {
        Objects.requireNonNull(prefix, "topic prefix");
        if (!VALID_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix
                    + "' must be 1-200 characters of letters, digits, '.', '_' or '-'");
        }
        return new TopicNames(prefix);
    }

    public String prefix() {
        return prefix;
    }

    /** Agents to coordinators: heartbeats, VRRP transitions, health changes, config reports, command results. Key: HaVip id. */
    public String nodeEvents() {
        return prefix + ".node-events";
    }

    /** Coordinators to agents: fence, unfence, remap, re-announce. Key: node id. */
    public String commands() {
        return prefix + ".commands";
    }

    /** Gateway to coordinators: operator switchover, maintenance and acknowledge requests. Key: HaVip id. */
    public String requests() {
        return prefix + ".requests";
    }

    /** Every decision and action with its reason and inputs; never expires. Key: HaVip id. */
    public String audit() {
        return prefix + ".audit";
    }

    /** Compacted: the latest state of each HaVip. Key: HaVip id. */
    public String havipState() {
        return prefix + ".havip-state";
    }

    /** Records that could not be read, with the reason. Key: the original key. */
    public String deadLetter() {
        return prefix + ".dead-letter";
    }

    /** The topics with their partition counts and configs, as a deployment should create them. */
    public List<TopicSpec> specs(int defaultPartitions) {
        Map<String, String> forever = Map.of("retention.ms", "-1", "retention.bytes", "-1");
        return List.of(
                new TopicSpec(nodeEvents(), defaultPartitions, Map.of("retention.ms", "86400000")),
                // stored uncompressed whatever the coordinators' producers use: every agent reads this topic, and
                // an lz4 batch would make each of them load the lz4 codec (~1 MiB resident, BENCHMARKS.md)
                new TopicSpec(commands(), defaultPartitions,
                        Map.of("retention.ms", "86400000", "compression.type", "uncompressed")),
                new TopicSpec(requests(), defaultPartitions, Map.of("retention.ms", "604800000")),
                new TopicSpec(audit(), defaultPartitions, forever),
                new TopicSpec(havipState(), defaultPartitions,
                        Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0")),
                new TopicSpec(deadLetter(), 1, Map.of("retention.ms", "2592000000")));
    }

    /** A topic as it should be created: name, partitions and topic-level configs (Kafka's own keys). */
    public record TopicSpec(String name, int partitions, Map<String, String> configs) {
        public TopicSpec {
            Objects.requireNonNull(name, "name");
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
            }
            configs = Map.copyOf(configs);
        }
    }
}
