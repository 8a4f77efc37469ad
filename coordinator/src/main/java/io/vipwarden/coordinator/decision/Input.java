package io.vipwarden.coordinator.decision;

import io.vipwarden.events.NodeEvent;
import io.vipwarden.events.OperatorRequest;
import java.time.Instant;

/** What the engine decides on: an agent's event, an operator's request, or the passing of time. */
public sealed interface Input permits Input.FromNode, Input.FromOperator, Input.Tick {
    String havipId();

    /**
     * @param producedAt when the agent produced it (the envelope time), for decision latency
     */
    record FromNode(NodeEvent event, Instant producedAt) implements Input {
        @Override
        public String havipId() {
            return event.havipId();
        }
    }

    record FromOperator(OperatorRequest request, Instant producedAt) implements Input {
        @Override
        public String havipId() {
            return request.havipId();
        }
    }

    /** Time passed: liveness timeouts, hold-down expiry and rejoin timers are evaluated. */
    record Tick(String havipId) implements Input {
    }
}
