package io.vipwarden.cloud;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An access key pair. Read from the environment or from a file; {@link #toString()} masks the
 * secret and most of the id, so it can never leak into a log line.
 */
public record CloudCredentials(String accessKeyId, String accessKeySecret) {
    /** Keys of a credentials file (Java properties; an INI file with a [default] section also reads). */
    public static final String FILE_ID_KEY = "access_key_id";
    public static final String FILE_SECRET_KEY = "access_key_secret";

    public CloudCredentials {
        if (accessKeyId == null || accessKeyId.isBlank() || accessKeySecret == null || accessKeySecret.isBlank()) {
            throw new IllegalArgumentException("access key id and secret must both be set");
        }
    }

    /**
     * The pair from environment variables {@code idVariable}/{@code secretVariable} when both are set,
     * else from {@code file} (when given); null with a problem added when neither works.
     */
    public static CloudCredentials resolve(Map<String, String> env, String idVariable, String secretVariable, Path file,
            List<String> problems) {
        String id = env.get(idVariable);
        String secret = env.get(secretVariable);
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            return new CloudCredentials(id.trim(), secret.trim());
        }
        if (file == null) {
            problems.add("no credentials: set " + idVariable + " and " + secretVariable + ", or a credentials file");
            return null;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            problems.add("cannot read credentials file " + file + ": " + e.getMessage());
            return null;
        }
        String fileId = p.getProperty(FILE_ID_KEY);
        String fileSecret = p.getProperty(FILE_SECRET_KEY);
        if (fileId == null || fileId.isBlank() || fileSecret == null || fileSecret.isBlank()) {
            problems.add("credentials file " + file + " must set " + FILE_ID_KEY + " and " + FILE_SECRET_KEY);
            return null;
        }
        return new CloudCredentials(fileId.trim(), fileSecret.trim());
    }

    @Override
    public String toString() {
        String shown = accessKeyId.length() <= 4 ? "****" : accessKeyId.substring(0, 4) + "****";
        return "CloudCredentials[accessKeyId=" + shown + ", accessKeySecret=****]";
    }
}
