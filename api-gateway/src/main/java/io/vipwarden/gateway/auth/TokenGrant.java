package io.vipwarden.gateway.auth;

import java.util.HexFormat;
import java.util.Objects;

/**
 * One configured bearer token: only its SHA-256 hash is kept (hex, as {@code sha256sum} prints it), with
 * the role it grants and the identity recorded in the audit trail for what it does.
 */
public record TokenGrant(String identity, Role role, byte[] sha256) {
    public TokenGrant {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(role, "role");
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("sha256 must be 32 bytes");
        }
        sha256 = sha256.clone();
    }

    public static TokenGrant of(String identity, Role role, String sha256Hex) {
        return new TokenGrant(identity, role, HexFormat.of().parseHex(sha256Hex));
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    byte[] hashForComparison() {
        return sha256;
    }

    @Override
    public String toString() {
        // The hash is not the token, but it need not travel into logs either.
        return "TokenGrant[identity=" + identity + ", role=" + role + ", sha256=****]";
    }
}
