package io.vipwarden.cloud;

/** A cloud call that failed for good (after retries for retryable codes), with the cloud's error code. */
public class CloudException extends Exception {
    private final String code;
    private final boolean retryable;

    public CloudException(String code, String message, boolean retryable, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    /** The cloud's error code (e.g. InvalidHaVipId.NotFound), or a vipwarden one such as "Timeout". */
    public String code() {
        return code;
    }

    /** Whether trying again later might succeed (the provider already retried within its timeout). */
    public boolean retryable() {
        return retryable;
    }
}
