package io.vipwarden.agent;

import io.vipwarden.agent.config.AgentConfig;
import io.vipwarden.agent.config.AgentConfig.HavipConfig;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.MalformedEventException;
import io.vipwarden.events.Message;
import io.vipwarden.messaging.KafkaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Agents, FIFOs and readers for the agent's integration tests. */
public final class AgentTestSupport {
    private AgentTestSupport() {
    }

    /** A real named pipe, as keepalived's notify_fifo is. */
    public static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
        return path;
    }

    /**
     * A config for a node of the Alibaba two-node fixture (VI_1, VIP 192.0.2.100), fast intervals, an
     * ephemeral HTTP port, short Kafka timeouts so a stopped broker is noticed quickly.
     */
    public static AgentConfig config(Path dir, String nodeId, String bootstrap, String topicPrefix, Path fifo)
            throws IOException {
        Path conf = dir.resolve("keepalived.conf");
        if (!Files.exists(conf)) {
            Files.copy(TestFiles.keepalived("alibaba-node-a.conf"), conf);
        }
        HavipConfig havip = new HavipConfig("havip-" + nodeId, "VI_1", "192.0.2.100", dir.resolve("fence/VI_1"), "",
                List.of("192.0.2.12"), "192.0.2.0/24", List.of());
        Map<String, String> kafka = Map.of("bootstrap.servers", bootstrap, "delivery.timeout.ms", "3000",
                "request.timeout.ms", "1000", "max.block.ms", "2000", "linger.ms", "0", "fetch.max.wait.ms", "500",
                "reconnect.backoff.max.ms", "300", "retry.backoff.max.ms", "300", "default.api.timeout.ms", "5000");
        return new AgentConfig(nodeId, "i-" + nodeId, "vpc-test", topicPrefix, kafka, dir.resolve("state"), conf, fifo,
                dir.resolve("keepalived.json"), dir.resolve("keepalived.pid"), 0, 200, 100, 500, 1024 * 1024, 200,
                "127.0.0.1", 0, 200, "", 5000, 10_000, 1000, List.of(havip));
    }

    /** A reader of a whole topic from the beginning, without a group. */
    public static final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final EventCodec codec = new EventCodec();
        private final List<Envelope> seen = new ArrayList<>();

        public TopicReader(String bootstrap, String topic) {
            consumer = new KafkaConsumer<>(KafkaSettings.consumer(bootstrap, "test-" + UUID.randomUUID(), null,
                    Map.of("default.api.timeout.ms", 20_000)));
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }

        /** Everything read so far, in partition order (tests use one key, so one partition). */
        public synchronized List<Envelope> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                try {
                    seen.add(codec.decode(r.value()));
                } catch (MalformedEventException e) {
                    throw new AssertionError("agent wrote an unreadable record: " + e.getMessage());
                }
            });
            return List.copyOf(seen);
        }

        public <T extends Message> List<T> poll(Class<T> type) {
            return poll().stream().map(Envelope::data).filter(type::isInstance).map(type::cast).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
