package io.vipwarden.events;

/**
 * Everything that travels on a vipwarden topic. The concrete record decides the CloudEvents
 * {@code type} through {@link EventType#of(Message)}.
 */
public sealed interface Message permits NodeEvent, Command, OperatorRequest, AuditEvent, HavipState {
    /** The Kafka record key this message is published under. */
    String key();
}
