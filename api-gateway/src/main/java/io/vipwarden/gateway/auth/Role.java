package io.vipwarden.gateway.auth;

/** What a token may do: a viewer reads, an operator also asks for switchovers, maintenance and acknowledgements. */
public enum Role {
    VIEWER,
    OPERATOR;

    /** Whether a caller with this role may do what {@code required} allows. */
    public boolean covers(Role required) {
        return this.ordinal() >= required.ordinal();
    }
}
