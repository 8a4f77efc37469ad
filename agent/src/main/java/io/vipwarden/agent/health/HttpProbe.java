package io.vipwarden.agent.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** GET a URL: healthy when the status matches and (optionally) the body contains a string. */
final class HttpProbe implements Probe {
    private static final int MAX_BODY = 64 * 1024;
    private final String url;
    private final int expectStatus;
    private final String expectBody;
    private final int timeoutMs;

    HttpProbe(String url, int expectStatus, String expectBody, long timeoutMs) {
        this.url = url;
        this.expectStatus = expectStatus;
        this.expectBody = expectBody == null ? "" : expectBody;
        this.timeoutMs = (int) timeoutMs;
    }

    @Override
    public Outcome run() {
        HttpURLConnection conn = null;
        try {
            conn = (HttpURLConnection) URI.create(url).toURL().openConnection();
            conn.setConnectTimeout(timeoutMs);
            conn.setReadTimeout(timeoutMs);
            conn.setInstanceFollowRedirects(false);
            conn.setUseCaches(false);
            int status = conn.getResponseCode();
            if (status != expectStatus) {
                drain(conn);
                return new Outcome(false, "HTTP " + status + ", expected " + expectStatus);
            }
            if (!expectBody.isEmpty()) {
                String body = read(conn);
                if (!body.contains(expectBody)) {
                    return new Outcome(false, "HTTP " + status + ", body does not contain '" + expectBody + "'");
                }
            } else {
                drain(conn);
            }
            return new Outcome(true, "HTTP " + status);
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(false, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (conn != null) {
                conn.disconnect();
            }
        }
    }

    private static String read(HttpURLConnection conn) throws IOException {
        try (InputStream in = conn.getInputStream()) {
            return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        }
    }

    private static void drain(HttpURLConnection conn) {
        try (InputStream in = conn.getResponseCode() >= 400 ? conn.getErrorStream() : conn.getInputStream()) {
            if (in != null) {
                in.readNBytes(MAX_BODY);
            }
        } catch (IOException ignored) {
            // the verdict is already decided; the body only matters for connection reuse
        }
    }
}
