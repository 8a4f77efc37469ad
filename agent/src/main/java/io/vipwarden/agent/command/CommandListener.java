package io.vipwarden.agent.command;

import io.vipwarden.events.Command;
import io.vipwarden.events.Envelope;
import io.vipwarden.messaging.EventReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this node's commands on its own thread ({@code vipwarden-commands}): {@code assign()}s only
 * the partition of the commands topic the node id hashes to (no consumer group, so thousands of
 * agents cause no rebalances), resumes from the offset it stored in the state directory (first start:
 * the end of the partition), and hands every command to the handler. Unreadable records go to the
 * dead-letter topic through {@link EventReader}.
 */
public final class CommandListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final String nodeId;
    private final Path offsetFile;
    private final Duration pollTimeout;
    private final long retryBackoffMs;
    private final EventReader reader;
    private final Consumer<Command> handler;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public CommandListener(Map<String, Object> consumerConfig, String topic, String nodeId, Path offsetFile,
            Duration pollTimeout, long retryBackoffMs, EventReader reader, Consumer<Command> handler) {
        this.consumerConfig = consumerConfig;
        this.topic = topic;
        this.nodeId = nodeId;
        this.offsetFile = offsetFile;
        this.pollTimeout = pollTimeout;
        this.retryBackoffMs = retryBackoffMs;
        this.reader = reader;
        this.handler = handler;
        this.thread = new Thread(this::run, "vipwarden-commands");
        this.thread.setDaemon(true);
    }

    public CommandListener start() {
        thread.start();
        return this;
    }

    /** True once the partition is assigned and the read position fixed: commands sent from now on are seen. */
    public boolean ready() {
        return ready;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig)) {
            consumer = c;
            TopicPartition partition = assign(c);
            if (partition == null) {
                return;
            }
            ready = true;
            while (running) {
                ConsumerRecords<byte[], byte[]> records = c.poll(pollTimeout);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    handle(record);
                    storeOffset(record.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("command listener stopped: {}", e.toString(), e);
        }
    }

    private TopicPartition assign(KafkaConsumer<byte[], byte[]> c) {
        boolean warned = false;
        while (running) {
            try {
                List<PartitionInfo> partitions = c.partitionsFor(topic, Duration.ofMillis(Math.max(1000, retryBackoffMs)));
                if (partitions == null || partitions.isEmpty()) {
                    log.warn("topic {} has no partitions yet; retrying", topic);
                    sleep();
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic, CommandPartition.of(nodeId, partitions.size()));
                c.assign(List.of(tp));
                Optional<Long> stored = storedOffset();
                if (stored.isPresent()) {
                    c.seek(tp, stored.get());
                } else {
                    c.seekToEnd(List.of(tp));
                }
                // resolve the position now, so a command sent after ready() is never skipped
                long position = c.position(tp, Duration.ofMillis(Math.max(5000, retryBackoffMs)));
                storeOffset(position);
                log.info("reading commands for {} from {} at offset {}", nodeId, tp, position);
                return tp;
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!warned) {
                    log.warn("cannot assign the commands partition yet ({}); retrying quietly", e.toString());
                    warned = true;
                }
                sleep();
            }
        }
        return null;
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() != null && !nodeId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
            return;
        }
        Optional<Envelope> envelope = reader.read(record);
        if (envelope.isEmpty()) {
            return;
        }
        if (!(envelope.get().data() instanceof Command command)) {
            reader.deadLetter(record, "not a command: " + envelope.get().type() + " on the commands topic");
            return;
        }
        try {
            handler.accept(command);
        } catch (RuntimeException e) {
            log.error("command {} for {} failed unexpectedly: {}", command.commandId(), command.havipId(), e.toString(), e);
        }
    }

    private Optional<Long> storedOffset() {
        try {
            if (Files.exists(offsetFile)) {
                String[] parts = Files.readString(offsetFile, StandardCharsets.UTF_8).trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(topic)) {
                    return Optional.of(Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            log.warn("ignoring unreadable commands offset file {}: {}", offsetFile, e.toString());
        }
        return Optional.empty();
    }

    private void storeOffset(long offset) {
        try {
            Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
            Files.writeString(tmp, topic + " " + offset + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, offsetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("cannot store the commands offset in {}: {}", offsetFile, e.toString());
        }
    }

    private void sleep() {
        synchronized (this) {
            try {
                if (running) {
                    wait(retryBackoffMs);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
