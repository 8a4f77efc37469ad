package io.vipwarden.agent.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vipwarden.agent.config.AgentConfig.CheckConfig;
import io.vipwarden.events.HealthCheckResult;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health probes against real servers and processes on this machine (127.0.0.1 only). */
class HealthChecksIT {
    private HttpServer http;
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void startServer() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/health", exchange -> {
            byte[] body = ("{\"status\":\"" + (status.get() == 200 ? "ready" : "down") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    @AfterEach
    void stopServer() {
        http.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/health";
    }

    private static CheckConfig check(String name, String type, String url, String body, int port, List<String> command,
            String iface, long timeoutMs, int rise, int fall) {
        return new CheckConfig(name, type, url, 200, body, "127.0.0.1", port, command, iface, 100, timeoutMs, rise, fall);
    }

    @Test
    void shouldCheckHttpStatusAndBody() {
        assertTrue(new HttpProbe(url(), 200, "", 1000).run().ok());
        assertTrue(new HttpProbe(url(), 200, "ready", 1000).run().ok());
        Probe.Outcome wrongBody = new HttpProbe(url(), 200, "steady", 1000).run();
        assertFalse(wrongBody.ok());
        assertTrue(wrongBody.detail().contains("body"), wrongBody.detail());
        status.set(503);
        Probe.Outcome down = new HttpProbe(url(), 200, "", 1000).run();
        assertFalse(down.ok());
        assertEquals("HTTP 503, expected 200", down.detail());
    }

    @Test
    void shouldCheckTcpConnect() throws Exception {
        int closedPort;
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertTrue(new TcpProbe("127.0.0.1", server.getLocalPort(), 500).run().ok());
            closedPort = server.getLocalPort();
        }
        assertFalse(new TcpProbe("127.0.0.1", closedPort, 500).run().ok());
    }

    @Test
    void shouldCheckExitCodesAndKillWhatOverrunsItsTimeout() {
        assertTrue(new ExecProbe(List.of("true"), 2000).run().ok());
        Probe.Outcome failed = new ExecProbe(List.of("sh", "-c", "exit 3"), 2000).run();
        assertFalse(failed.ok());
        assertEquals("exit code 3", failed.detail());
        long start = System.nanoTime();
        Probe.Outcome slow = new ExecProbe(List.of("sleep", "30"), 300).run();
        assertFalse(slow.ok());
        assertTrue(slow.detail().startsWith("timed out"), slow.detail());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        assertFalse(new ExecProbe(List.of("/nonexistent/check"), 300).run().ok());
    }

    @Test
    void shouldReadTheInterfaceOperstate(@TempDir Path sys) throws Exception {
        Files.createDirectories(sys.resolve("eth9"));
        Files.writeString(sys.resolve("eth9/operstate"), "down\n");
        assertFalse(new LinkProbe(sys, "eth9").run().ok());
        Files.writeString(sys.resolve("eth9/operstate"), "up\n");
        assertTrue(new LinkProbe(sys, "eth9").run().ok());
        assertTrue(new LinkProbe(Path.of("/sys/class/net"), "lo").run().ok(), "loopback reports 'unknown'");
        assertFalse(new LinkProbe(Path.of("/sys/class/net"), "nonexistent0").run().ok());
    }

    @Test
    void shouldReportChangesAfterFallFailuresAndRiseSuccesses() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        List<Boolean> changes = new CopyOnWriteArrayList<>();
        try (HealthMonitor monitor = new HealthMonitor("havip-1",
                List.of(check("web", "http", url(), "ready", 0, List.of(), "", 500, 2, 2)), Path.of("/sys/class/net"),
                m -> changes.add(m.healthy()))) {
            monitor.start(scheduler);
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.equals(List.of(true)));
            status.set(500);
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.equals(List.of(true, false)));
            HealthCheckResult result = monitor.results().get(0);
            assertEquals("web", result.name());
            assertEquals("http", result.kind());
            assertFalse(result.healthy());
            status.set(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.equals(List.of(true, false, true)));
            assertTrue(monitor.healthy());
        } finally {
            scheduler.shutdownNow();
        }
    }
}
