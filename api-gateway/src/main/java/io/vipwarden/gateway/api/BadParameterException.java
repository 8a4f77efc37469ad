package io.vipwarden.gateway.api;

/** A request parameter or body field that cannot be used: answered 400 with the field named. */
public final class BadParameterException extends RuntimeException {
    private final String field;

    public BadParameterException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
