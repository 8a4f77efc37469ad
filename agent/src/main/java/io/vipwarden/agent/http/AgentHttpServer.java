package io.vipwarden.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vipwarden.agent.metrics.AgentMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The agent's small HTTP endpoint (the JDK's server, one thread): {@code GET /metrics} (Prometheus
 * text), {@code GET /healthz} (JSON status), and {@code POST /notify} with one notify line as the
 * body, which is how {@code ./vipwarden agent notify} hands a notify script's arguments to the
 * running agent. {@code /notify} answers only to loopback clients.
 */
public final class AgentHttpServer implements AutoCloseable {
    private static final int MAX_NOTIFY_BYTES = 1024;

    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * @param status   the /healthz JSON body
     * @param notify   takes a notify line; false when it is malformed
     */
    public AgentHttpServer(String bindAddress, int port, AgentMetrics metrics, Supplier<String> status,
            Predicate<String> notify) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vipwarden-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> {
            if (!method(exchange, "GET")) {
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
            metrics.write(body);
            respond(exchange, 200, metrics.contentType(), body.toByteArray());
        });
        server.createContext("/healthz", exchange -> {
            if (method(exchange, "GET")) {
                respond(exchange, 200, "application/json", status.get().getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/notify", exchange -> {
            if (!method(exchange, "POST")) {
                return;
            }
            if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                respond(exchange, 403, "text/plain", "notify is accepted from loopback only\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_NOTIFY_BYTES + 1);
            String line = new String(body, StandardCharsets.UTF_8).trim();
            if (body.length > MAX_NOTIFY_BYTES || !notify.test(line)) {
                respond(exchange, 400, "text/plain", ("not a keepalived notify line (TYPE NAME STATE PRIORITY): "
                        + (line.length() > 100 ? line.substring(0, 100) : line) + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            respond(exchange, 202, "text/plain", "accepted\n".getBytes(StandardCharsets.UTF_8));
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static boolean method(HttpExchange exchange, String method) throws IOException {
        if (exchange.getRequestMethod().equalsIgnoreCase(method)) {
            return true;
        }
        respond(exchange, 405, "text/plain", ("use " + method + "\n").getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
