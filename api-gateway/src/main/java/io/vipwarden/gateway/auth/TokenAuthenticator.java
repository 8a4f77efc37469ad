package io.vipwarden.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a bearer token to its grant. The presented token is hashed and compared with every
 * configured hash in constant time ({@link MessageDigest#isEqual}), always against all of them, so the
 * time taken says nothing about which or how many bytes matched.
 */
public final class TokenAuthenticator {
    private final List<TokenGrant> grants;

    public TokenAuthenticator(List<TokenGrant> grants) {
        this.grants = List.copyOf(grants);
    }

    /** @return the caller for the {@code Authorization} header value, empty when it is absent or unknown */
    public Optional<Caller> authenticate(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String value = authorizationHeader.trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return authenticateToken(value.substring(7).trim());
    }

    /** As {@link #authenticate(String)} for a bare token. */
    public Optional<Caller> authenticateToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        TokenGrant match = null;
        for (TokenGrant grant : grants) {
            if (MessageDigest.isEqual(presented, grant.hashForComparison()) && match == null) {
                match = grant;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.identity(), match.role()));
    }

    public boolean hasTokens() {
        return !grants.isEmpty();
    }

    /** The SHA-256 of a token in hex: what goes into the config for it. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
