package io.vipwarden.bench.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vipwarden.bench.process.ChildProcess;
import io.vipwarden.bench.process.ServiceJvmOptions;
import io.vipwarden.testbed.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The real gateway, in its own JVM with the launcher's options, configured by a YAML file. */
final class GatewayProcess implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ChildProcess jvm;
    private final String baseUrl;
    private final HttpClient http;

    private GatewayProcess(ChildProcess jvm, String baseUrl, HttpClient http) {
        this.jvm = jvm;
        this.baseUrl = baseUrl;
        this.http = http;
    }

    /** Writes the gateway's config into {@code work} and returns its path. */
    static Path writeConfig(Path work, String bootstrap, String topicPrefix) throws IOException {
        int port = FreePorts.oneOnLoopback();
        Path config = work.resolve("gateway.yaml");
        Files.writeString(config, String.join("\n",
                "http.host: 127.0.0.1",
                "http.port: " + port,
                "kafka.bootstrap.servers: " + bootstrap,
                "topics.prefix: " + topicPrefix,
                "audit.dir: " + work.resolve("gateway-data"),
                "auth.read.open: true",
                // the default is true; a profiling run may switch it off to see what fsync costs
                "audit.fsync: " + System.getProperty("vipwarden.bench.audit.fsync", "true"),
                "") );
        return config;
    }

    static GatewayProcess start(Path root, Path config, Path log, HttpClient http) throws IOException {
        String yaml = Files.readString(config);
        String port = yaml.lines().filter(l -> l.startsWith("http.port:")).findFirst().orElseThrow()
                .substring("http.port:".length()).trim();
        ChildProcess jvm = ChildProcess.startJvm("the gateway",
                root.resolve("api-gateway/target/vipwarden-gateway.jar"), "io.vipwarden.gateway.GatewayMain", ServiceJvmOptions.gateway(),
                List.of("--config", config.toString()), log);
        return new GatewayProcess(jvm, "http://127.0.0.1:" + port, http);
    }

    long pid() {
        return jvm.pid();
    }

    String baseUrl() {
        return baseUrl;
    }

    private long firstAnswerNanos;

    /** When the gateway first answered over HTTP (any status), System.nanoTime(); 0 before that. */
    long firstAnswerNanos() {
        return firstAnswerNanos;
    }

    /** The number of audit events the gateway holds once it says READY, or -1 while it is not ready. */
    long readyAuditEvents() {
        jvm.requireAlive();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/readyz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (firstAnswerNanos == 0) {
                firstAnswerNanos = System.nanoTime();
            }
            if (r.statusCode() != 200) {
                return -1;
            }
            JsonNode body = MAPPER.readTree(r.body());
            return body.path("auditEvents").asLong(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until the gateway is ready with {@code expected} audit events; returns how long that took. */
    Duration awaitReady(long expected, long startNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = readyAuditEvents();
            if (seen >= expected) {
                return Duration.ofNanos(System.nanoTime() - startNanos);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the gateway did not become ready with " + expected + " audit events in "
                + timeout + " (last seen " + seen + "); its output:\n" + jvm.tail(30));
    }

    void stop() {
        jvm.stop(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        jvm.close();
    }
}
