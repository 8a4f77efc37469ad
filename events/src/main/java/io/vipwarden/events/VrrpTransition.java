package io.vipwarden.events;

import static io.vipwarden.events.ValidationSupport.nonNegative;
import static io.vipwarden.events.ValidationSupport.required;

/**
 * A keepalived instance or group changed state.
 *
 * @param kind   INSTANCE or GROUP, as on the notify FIFO
 * @param from   the state the agent last knew (UNKNOWN right after start)
 * @param source where the agent learned it: the notify FIFO, the JSON state dump, a notify script, or
 *               its own check that keepalived's process is gone
 */
public record VrrpTransition(
        String havipId,
        String nodeId,
        String incarnation,
        long sequence,
        String cloudInstanceId,
        Kind kind,
        String vrrpInstance,
        VrrpState from,
        VrrpState to,
        int priority,
        Source source) implements NodeEvent {
    public enum Kind { INSTANCE, GROUP }

    /**
     * FIFO, JSON_DUMP, NOTIFY_SCRIPT: keepalived said so. PROCESS: the agent found keepalived's
     * process gone (pid file stale or missing after it had been running): every instance is STOP.
     */
    public enum Source { FIFO, JSON_DUMP, NOTIFY_SCRIPT, PROCESS }

    public VrrpTransition {
        required(havipId, "havipId");
        required(nodeId, "nodeId");
        required(incarnation, "incarnation");
        nonNegative(sequence, "sequence");
        required(kind, "kind");
        required(vrrpInstance, "vrrpInstance");
        required(from, "from");
        required(to, "to");
        required(source, "source");
    }
}
