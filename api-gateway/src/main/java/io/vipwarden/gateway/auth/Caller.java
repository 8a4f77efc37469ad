package io.vipwarden.gateway.auth;

/** The authenticated caller of a request; {@link #ANONYMOUS} for open endpoints without a token. */
public record Caller(String identity, Role role) {
    public static final Caller ANONYMOUS = new Caller("anonymous", null);

    public boolean may(Role required) {
        return role != null && role.covers(required);
    }
}
