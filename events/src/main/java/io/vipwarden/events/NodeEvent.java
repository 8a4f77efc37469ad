package io.vipwarden.events;

/**
 * What an agent publishes on {@code node-events}, keyed by HaVip id. {@code incarnation} is new on
 * every agent start and {@code sequence} grows by one per event of that incarnation, so a reader
 * sees gaps, duplicates and restarts.
 */
public sealed interface NodeEvent extends Message
        permits Heartbeat, VrrpTransition, HealthChange, ConfigReport, CommandResult {
    String havipId();

    String nodeId();

    String incarnation();

    long sequence();

    @Override
    default String key() {
        return havipId();
    }
}
