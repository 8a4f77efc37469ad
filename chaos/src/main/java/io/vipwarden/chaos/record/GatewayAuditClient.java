package io.vipwarden.chaos.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vipwarden.chaos.run.ChaosStack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the gateway's whole audit trail as an auditor would: {@code GET /api/v1/audit} in NDJSON,
 * page after page through {@code X-Next-Cursor}. The token is sent as a Bearer header, never logged.
 */
public final class GatewayAuditClient implements ChaosStack.AuditSource {
    private static final int PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param baseUrl e.g. {@code http://127.0.0.1:9470}; @param token a reader's API token, or null when open */
    public GatewayAuditClient(String baseUrl, String token) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.token = token;
    }

    @Override
    public List<String> auditIds() throws IOException {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            String query = "api/v1/audit?format=ndjson&limit=" + PAGE
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(query)).timeout(Duration.ofSeconds(10));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the gateway's audit trail", e);
            }
            if (response.statusCode() != 200) {
                throw new IOException("the gateway answered " + response.statusCode() + " to " + query + ": "
                        + response.body());
            }
            for (String line : response.body().split("\n")) {
                if (!line.isBlank()) {
                    JsonNode event = JSON.readTree(line);
                    // the stored JSON is the envelope as published; its data holds the audit event
                    JsonNode id = event.has("data") ? event.path("data").path("auditId") : event.path("auditId");
                    if (!id.isMissingNode() && !id.isNull()) {
                        ids.add(id.asText());
                    }
                }
            }
            cursor = response.headers().firstValue("X-Next-Cursor").orElse(null);
        } while (cursor != null);
        return ids;
    }
}
