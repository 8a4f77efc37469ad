package io.vipwarden.coordinator.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /metrics} (Prometheus text), {@code /healthz} (the process runs) and {@code /readyz}
 * (200 only while this member may decide: quorum and Kafka). The JDK's HTTP server keeps the
 * coordinator free of a web framework for three small endpoints.
 */
public final class HttpEndpoints implements AutoCloseable {
    private final HttpServer server;

    /** @param readiness null when ready, else the reason it is not */
    public HttpEndpoints(String host, int port, PrometheusRegistry registry, Supplier<String> readiness,
            String threadName) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        server.createContext("/metrics", ex -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.write(out, registry.scrape());
            respond(ex, 200, writer.getContentType(), out.toByteArray());
        });
        server.createContext("/healthz", ex -> respond(ex, 200, "text/plain", "ok\n".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/readyz", ex -> {
            String notReady = readiness.get();
            respond(ex, notReady == null ? 200 : 503, "text/plain",
                    (notReady == null ? "ready\n" : "not ready: " + notReady + "\n").getBytes(StandardCharsets.UTF_8));
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
