package io.vipwarden.coordinator.executor;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The {@code ClientToken} of every cloud call a coordinator makes: {@code vw-e<epoch>-<hash>}.
 *
 * <p>The cloud de-duplicates calls by token, so the same decision (action, epoch, instance and,
 * for the reconciler, the record's revision) always yields the same token and a retried call never
 * acts twice. The epoch is spelled out so that anyone reading the cloud's call log (an operator,
 * the chaos checker) can tell which epoch each call was made for. At most 56 characters, within
 * Alibaba's 64.
 */
public final class ClientTokens {
    /** Alibaba's limit on a ClientToken. */
    public static final int MAX_LENGTH = 64;
    private static final String PREFIX = "vw-e";

    private ClientTokens() {
    }

    /**
     * @param epoch the epoch the call is made for (>= 0)
     * @param parts what else identifies the decision (HaVip, action, instance, ...)
     */
    public static String of(long epoch, String... parts) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        StringBuilder key = new StringBuilder().append(epoch);
        for (String part : parts) {
            key.append('|').append(part);
        }
        String hash = UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8)).toString()
                .replace("-", "");
        return PREFIX + epoch + "-" + hash;
    }
}
