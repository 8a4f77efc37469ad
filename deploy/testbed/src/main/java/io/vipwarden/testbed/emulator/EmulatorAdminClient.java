package io.vipwarden.testbed.emulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client of the emulator-only endpoints under {@code /emulator/} (announcements, faults, call log,
 * settings, state), for the sandbox, the namespace lab and the chaos tests: nobody hand-writes HTTP.
 * Every method throws {@link IOException} when the emulator is unreachable or refuses the request.
 */
public final class EmulatorAdminClient {
    private final URI base;
    private final HttpClient http;

    /** @param baseUrl e.g. {@code http://127.0.0.1:18080} ({@link AliyunVpcEmulator#baseUrl()}) */
    public EmulatorAdminClient(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Result of an announcement: whether the cloud now routes the VIP to the instance, and why. */
    public record Announcement(boolean accepted, String havipId, String masterInstanceId, String reason) {
    }

    /**
     * The instance sent a gratuitous ARP for the HaVip (by id, or by its IP address). Ignored by the
     * cloud, and so by the emulator, when the instance is not associated with the HaVip.
     */
    public Announcement announce(String havipIdOrIp, String instanceId) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put(havipIdOrIp.startsWith("havip-") ? "havipId" : "ip", havipIdOrIp);
        body.put("instanceId", instanceId);
        HttpResponse<String> response = send("POST", "announce", body);
        if (response.statusCode() == 404) {
            JsonNode node = VpcState.JSON.readTree(response.body());
            return new Announcement(false, null, null, node.path("reason").asText());
        }
        return VpcState.JSON.readValue(checked(response), Announcement.class);
    }

    /** Replaces the injected faults ({@link Faults#none()} clears them). */
    public Faults setFaults(Faults faults) throws IOException {
        return VpcState.JSON.readValue(checked(send("POST", "faults", faults)), Faults.class);
    }

    public Faults faults() throws IOException {
        return VpcState.JSON.readValue(checked(send("GET", "faults", null)), Faults.class);
    }

    /** Every API call received since start (or the last {@link #clearCalls()}), oldest first. */
    public List<CallRecord> calls() throws IOException {
        JsonNode node = VpcState.JSON.readTree(checked(send("GET", "calls", null)));
        return VpcState.JSON.convertValue(node.get("calls"), new TypeReference<List<CallRecord>>() { });
    }

    public void clearCalls() throws IOException {
        checked(send("DELETE", "calls", null));
    }

    /** How long association (and unassociation) stays in progress from now on. */
    public void setAssociationDelay(Duration delay) throws IOException {
        checked(send("POST", "settings", Map.of("associationDelayMs", delay.toMillis())));
    }

    public void setMaxAssociatedInstances(int max) throws IOException {
        checked(send("POST", "settings", Map.of("maxAssociatedInstances", max)));
    }

    public void addInstance(String instanceId, String vSwitchId) throws IOException {
        checked(send("POST", "instances", Map.of("instanceId", instanceId, "vSwitchId", vSwitchId)));
    }

    public VpcState state() throws IOException {
        return VpcState.JSON.readValue(checked(send("GET", "state", null)), VpcState.class);
    }

    /** Whether the emulator answers at all. */
    public boolean healthy() {
        try {
            return send("GET", "health", null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<String> send(String method, String what, Object body) throws IOException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(VpcState.JSON.writeValueAsBytes(body));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("emulator/" + what))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .method(method, publisher)
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the emulator", e);
        }
    }

    private static String checked(HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException("emulator answered " + response.statusCode() + " to " + response.request().method()
                    + " " + response.request().uri() + ": " + response.body());
        }
        return response.body();
    }
}
