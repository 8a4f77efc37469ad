package io.vipwarden.gateway.sse;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vipwarden.gateway.metrics.GatewayMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live events as server-sent events. The Kafka reading threads {@link #publish} onto the local event
 * bus; each SSE connection is a local consumer on its own event loop that writes what matches its
 * HaVip filter. A client that cannot keep up loses events (counted) rather than growing the gateway's
 * memory.
 */
public final class LiveEvents {
    static final String ADDRESS = "vipwarden.gateway.live";
    private static final String EVENT = "event";
    private static final String HAVIP = "havip";

    private final Vertx vertx;
    private final GatewayMetrics metrics;
    private final long keepaliveMs;
    private final AtomicInteger clients = new AtomicInteger();

    public LiveEvents(Vertx vertx, GatewayMetrics metrics, long keepaliveMs) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.keepaliveMs = keepaliveMs;
    }

    /** Thread-safe; {@code event} is the SSE event name, {@code json} its data (one line). */
    public void publish(String event, String havipId, String json) {
        if (clients.get() == 0) {
            return; // e.g. a million audit events re-read at first start, with nobody watching
        }
        vertx.eventBus().publish(ADDRESS, json,
                new DeliveryOptions().setLocalOnly(true).addHeader(EVENT, event).addHeader(HAVIP, havipId));
    }

    public int clients() {
        return clients.get();
    }

    /** Serves one SSE stream; {@code havipFilter} null means every HaVip. */
    public void stream(RoutingContext ctx, String havipFilter) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": vipwarden live events\nretry: 2000\n\n");
        clients.incrementAndGet();
        MessageConsumer<String> consumer = vertx.eventBus().localConsumer(ADDRESS, message -> {
            String havip = message.headers().get(HAVIP);
            if (havipFilter != null && !havipFilter.equals(havip)) {
                return;
            }
            if (response.writeQueueFull()) {
                metrics.sseDropped();
                return;
            }
            response.write("event: " + message.headers().get(EVENT) + "\ndata: " + message.body() + "\n\n");
        });
        long timer = vertx.setPeriodic(keepaliveMs, id -> {
            if (!response.writeQueueFull()) {
                response.write(": keep-alive\n\n");
            }
        });
        response.closeHandler(v -> {
            clients.decrementAndGet();
            consumer.unregister();
            vertx.cancelTimer(timer);
        });
    }
}
