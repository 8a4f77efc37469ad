package io.vipwarden.agent.spool;

import io.vipwarden.agent.metrics.AgentMetrics;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.EventType;
import io.vipwarden.events.Heartbeat;
import io.vipwarden.events.NodeEvent;
import io.vipwarden.messaging.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers, wraps and spools every node event, and sends the spool to Kafka in order on its own thread
 * ({@code vipwarden-outbox}). While the broker is unreachable it probes with the oldest event alone and
 * pipelines again once that is confirmed; should the broker fail in the middle of a batch, events after
 * the failed one that Kafka did confirm are not sent twice, so order then yields to exactly-once and
 * readers order by {@code sequence}. An event is acknowledged in the spool only when Kafka confirmed it, so a
 * broker outage or an agent restart loses nothing; while the broker is away the sender retries every
 * {@code retryBackoffMs}. Events carry this agent start's incarnation and a sequence that grows by one
 * per event (a dropped heartbeat leaves a gap, which readers can see).
 */
public final class Outbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final int BATCH = 256;

    private final DiskSpool spool;
    private final EventPublisher publisher;
    private final EventCodec codec;
    private final String topic;
    private final String source;
    private final String incarnation;
    private final Clock clock;
    private final long retryBackoffMs;
    private final AgentMetrics metrics;
    private final AtomicLong sequence = new AtomicLong();
    private final Object signal = new Object();
    private final Thread sender;
    private volatile boolean running = true;
    private volatile boolean connected;

    public Outbox(DiskSpool spool, EventPublisher publisher, EventCodec codec, String topic, String source,
            String incarnation, Clock clock, long retryBackoffMs, AgentMetrics metrics) {
        this.spool = spool;
        this.publisher = publisher;
        this.codec = codec;
        this.topic = topic;
        this.source = source;
        this.incarnation = incarnation;
        this.clock = clock;
        this.retryBackoffMs = retryBackoffMs;
        this.metrics = metrics;
        this.sender = new Thread(this::sendLoop, "vipwarden-outbox");
        this.sender.setDaemon(true);
    }

    public Outbox start() {
        sender.start();
        return this;
    }

    public String incarnation() {
        return incarnation;
    }

    /** Whether the last send attempt reached Kafka. */
    public boolean connected() {
        return connected;
    }

    /**
     * Builds the event with the next sequence number and spools it. Sequencing and spooling happen
     * under one lock, so the spool (and Kafka) see events in sequence order.
     */
    public void emit(LongFunction<? extends NodeEvent> event) {
        boolean stored;
        EventType type;
        synchronized (this) {
            NodeEvent e = event.apply(sequence.incrementAndGet());
            type = EventType.of(e);
            Envelope envelope = Envelope.wrap(source, e, clock);
            stored = spool.append(e instanceof Heartbeat ? DiskSpool.Kind.HEARTBEAT : DiskSpool.Kind.EVENT,
                    envelope.key(), codec.encode(envelope));
        }
        if (!stored) {
            metrics.spoolDropped(type);
        }
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void sendLoop() {
        while (running) {
            try {
                sendOnce();
            } catch (RuntimeException e) {
                // a spool that cannot be read or written is logged and retried, never a silent dead sender
                log.error("outbox: {}; retrying in {} ms", e.toString(), retryBackoffMs, e);
                await(retryBackoffMs);
            }
        }
    }

    private void sendOnce() {
        // While the broker is away, probe with one event: a batch sent into an outage can fail at its
        // head and succeed at its tail when the broker returns mid-way, which would break the order.
        List<DiskSpool.Entry> batch = spool.peek(connected ? BATCH : 1);
        if (batch.isEmpty()) {
            await(1000);
            return;
        }
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>(batch.size());
        for (DiskSpool.Entry entry : batch) {
            sends.add(publisher.send(record(entry)));
        }
        boolean failed = false;
        for (int i = 0; i < batch.size(); i++) {
            try {
                sends.get(i).get();
                spool.ack(batch.get(i));
                metrics.published();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                return;
            } catch (ExecutionException e) {
                if (!failed) {
                    log.warn("cannot deliver to {} ({} event(s) spooled, retrying every {} ms): {}", topic,
                            spool.pendingEntries(), retryBackoffMs, e.getCause().toString());
                }
                failed = true;
            }
        }
        spool.commit();
        metrics.spool(spool.pendingBytes(), spool.pendingEntries());
        if (failed == connected) {
            connected = !failed;
            if (connected) {
                log.info("delivering to {}", topic);
            }
        }
        if (failed) {
            await(retryBackoffMs);
        }
    }

    private void await(long ms) {
        synchronized (signal) {
            try {
                if (running) {
                    signal.wait(ms);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private ProducerRecord<byte[], byte[]> record(DiskSpool.Entry entry) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventPublisher.CONTENT_TYPE_HEADER, EventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, entry.key().getBytes(StandardCharsets.UTF_8), entry.value(), headers);
    }

    /** Keeps sending for up to {@code drain}, then stops; what is not confirmed stays in the spool for the next start. */
    public void close(Duration drain) {
        long deadline = System.nanoTime() + drain.toNanos();
        while (connected && spool.pendingEntries() > 0 && System.nanoTime() < deadline) {
            synchronized (signal) {
                signal.notifyAll();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        // Closing the producer fails the sends still waiting, which releases the sender; interrupting it
        // instead would leave Kafka's client and the spool file in an undefined state.
        publisher.producer().close(Duration.ofMillis(500));
        try {
            sender.join(drain.toMillis() + 5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = spool.pendingEntries();
        if (left > 0) {
            log.info("{} event(s) stay spooled for the next start", left);
        }
        spool.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
