package io.vipwarden.coordinator.executor;

import io.vipwarden.coordinator.decision.Action.NodeCommand;
import io.vipwarden.coordinator.decision.EngineSettings;
import io.vipwarden.coordinator.decision.HavipRecord;
import io.vipwarden.coordinator.decision.MemberView;
import io.vipwarden.coordinator.metrics.CoordinatorMetrics;
import io.vipwarden.coordinator.store.CloudBinding;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.Command;
import io.vipwarden.events.Envelope;
import io.vipwarden.events.Fence;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.Message;
import io.vipwarden.events.Reannounce;
import io.vipwarden.events.Remap;
import io.vipwarden.events.TopicNames;
import io.vipwarden.events.Unfence;
import io.vipwarden.messaging.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the coordinator tells the world: commands to agents ({@code commands}, key node id),
 * audit events ({@code audit}) and the latest HaVip state ({@code havip-state}), through the
 * project's {@link EventPublisher}. A failed publish is logged once here, with the HaVip and node.
 */
public final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final EventPublisher publisher;
    private final TopicNames topics;
    private final String memberId;
    private final String source;
    private final Clock clock;
    private final CoordinatorMetrics metrics;
    private final Consumer<Boolean> kafkaHealth;

    /** @param kafkaHealth told false when a publish fails, true when one succeeds */
    private volatile Function<String, CloudBinding> cloudBindings = id -> null;
    private final ConcurrentHashMap<String, Object> stateLocks = new ConcurrentHashMap<>();

    public Outbox(EventPublisher publisher, TopicNames topics, String memberId, Clock clock, CoordinatorMetrics metrics,
            Consumer<Boolean> kafkaHealth) {
        this.publisher = publisher;
        this.topics = topics;
        this.memberId = memberId;
        this.source = "/vipwarden/coordinator/" + memberId;
        this.clock = clock;
        this.metrics = metrics;
        this.kafkaHealth = kafkaHealth;
    }

    public String memberId() {
        return memberId;
    }

    /** Publishes the command and its COMMAND_ISSUED audit; the future completes when Kafka has the command. */
    public CompletableFuture<?> command(NodeCommand c, Map<String, String> inputs) {
        String id = UUID.randomUUID().toString();
        Command command = switch (c.kind()) {
            case FENCE -> new Fence(id, c.havipId(), c.nodeId(), c.epoch(), memberId, c.reason());
            case UNFENCE -> new Unfence(id, c.havipId(), c.nodeId(), c.epoch(), memberId, c.reason());
            case REMAP -> new Remap(id, c.havipId(), c.nodeId(), c.epoch(), memberId, c.reason(), c.previousOwner());
            case REANNOUNCE -> new Reannounce(id, c.havipId(), c.nodeId(), c.epoch(), memberId, c.reason());
        };
        metrics.command(c.kind().name());
        CompletableFuture<?> sent = publish(topics.commands(), command);
        audit(c.havipId(), c.nodeId(), AuditEvent.Type.COMMAND_ISSUED, c.epoch(), c.kind() + " " + id + ": "
                + c.reason(), "ISSUED", inputs);
        return sent;
    }

    public CompletableFuture<?> audit(String havipId, String nodeId, AuditEvent.Type type, Long epoch, String reason,
            String outcome, Map<String, String> inputs) {
        return publish(topics.audit(), new AuditEvent(UUID.randomUUID().toString(), havipId, nodeId, type, memberId,
                epoch, reason, outcome, inputs, clock.instant()));
    }

    /** Where {@link #state} finds the cloud binding last observed for a HaVip (null: not known). */
    public void cloudBindings(Function<String, CloudBinding> source) {
        this.cloudBindings = source;
    }

    /**
     * Publishes the HaVip's state as {@code r} has it, with the cloud binding known now. States of one
     * HaVip leave this member one at a time, in the order their records were taken.
     */
    public CompletableFuture<?> state(HavipRecord r, EngineSettings settings) {
        return state(r.havipId(), () -> r, settings);
    }

    /**
     * Publishes the HaVip's state as {@code latest} has it at the moment of sending. For a writer that is
     * not the one deciding (the reconciler, after a cloud call): a record it read before a slow cloud call
     * may be older than one published meanwhile, and the compacted topic keeps whichever comes last.
     * Taking the record under the HaVip's publish lock means the newest record goes out last.
     */
    public CompletableFuture<?> state(String havipId, Supplier<HavipRecord> latest, EngineSettings settings) {
        synchronized (stateLocks.computeIfAbsent(havipId, id -> new Object())) {
            HavipRecord r = latest.get();
            if (r == null) {
                return CompletableFuture.completedFuture(null);
            }
            Instant now = clock.instant();
            CloudBinding cloud = cloudBindings.apply(r.havipId());
            return publish(topics.havipState(), new HavipState(r.havipId(), r.vip(), r.vpcId(), r.phase(), r.ownerNode(),
                    r.epoch(), r.members().values().stream().map(m -> member(m, now, settings)).toList(),
                    cloud == null ? null : cloud.associated(), cloud == null ? null : cloud.master(),
                    r.maintenance(), r.frozen(), r.holdDownUntil(), r.lastFailoverAt(), r.lastReason(), now));
        }
    }

    private static HavipState.Member member(MemberView m, Instant now, EngineSettings settings) {
        return new HavipState.Member(m.nodeId(), m.cloudInstanceId(), m.vrrpState(), m.priority(), m.healthy(),
                m.alive(now, settings), m.fenced(), m.lastSeen());
    }

    private CompletableFuture<?> publish(String topic, Message message) {
        return publisher.publish(topic, Envelope.wrap(source, message, clock)).whenComplete((md, error) -> {
            kafkaHealth.accept(error == null);
            if (error != null) {
                log.error("could not publish {} for {} to {}: {}", message.getClass().getSimpleName(), message.key(),
                        topic, error.toString());
            }
        });
    }
}
