package io.vipwarden.testbed.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an RPC-style request the way the Alibaba Cloud API gateway does: known AccessKeyId,
 * HMAC-SHA1 signature version 1.0 over the canonicalized parameters, a timestamp within the allowed
 * skew, and a SignatureNonce not seen within that window (replay protection).
 */
final class SignatureVerifier {
    private final Map<String, String> secrets;
    private final Duration maxSkew;
    private final Clock clock;
    /** nonce -> when it was first seen; entries older than maxSkew cannot be replayed anyway. */
    private final LinkedHashMap<String, Instant> seenNonces = new LinkedHashMap<>();

    SignatureVerifier(Map<String, String> secrets, Duration maxSkew, Clock clock) {
        this.secrets = Map.copyOf(secrets);
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    /** Throws {@link ApiError} with the gateway's code when the request must be refused. */
    void verify(String httpMethod, Map<String, String> params) {
        for (String required : new String[] {"AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "Timestamp"}) {
            if (params.get(required) == null || params.get(required).isEmpty()) {
                throw ApiError.missing(required);
            }
        }
        String secret = secrets.get(params.get("AccessKeyId"));
        if (secret == null) {
            throw new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        if (!"HMAC-SHA1".equals(params.get("SignatureMethod"))) {
            throw new ApiError(400, "InvalidSignatureMethod", "Specified signature method is not supported: "
                    + params.get("SignatureMethod"));
        }
        String stringToSign = stringToSign(httpMethod, params);
        byte[] expected = hmacSha1(secret + "&", stringToSign);
        byte[] given;
        try {
            given = Base64.getDecoder().decode(params.get("Signature"));
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, given)) {
            // The real gateway returns its string to sign; the SDK compares it with its own to tell a
            // wrong secret (same string) from a canonicalization bug (different string).
            throw new ApiError(400, "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign);
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(params.get("Timestamp"));
        } catch (DateTimeParseException e) {
            throw new ApiError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
        }
        Instant now = clock.instant();
        if (Duration.between(timestamp, now).abs().compareTo(maxSkew) > 0) {
            throw new ApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
        rememberNonce(params.get("SignatureNonce"), now);
    }

    private synchronized void rememberNonce(String nonce, Instant now) {
        for (Iterator<Instant> it = seenNonces.values().iterator(); it.hasNext(); ) {
            if (Duration.between(it.next(), now).compareTo(maxSkew.multipliedBy(2)) > 0) {
                it.remove();
            } else {
                break;
            }
        }
        if (seenNonces.putIfAbsent(nonce, now) != null) {
            throw new ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
    }

    /** {@code METHOD&%2F&percentEncode(sorted percent-encoded k=v pairs joined by &)}, Signature excluded. */
    static String stringToSign(String httpMethod, Map<String, String> params) {
        TreeMap<String, String> sorted = new TreeMap<>(params);
        sorted.remove("Signature");
        String canonical = sorted.entrySet().stream()
                .map(e -> percentEncode(e.getKey()) + "=" + percentEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        return httpMethod + "&" + percentEncode("/") + "&" + percentEncode(canonical);
    }

    /** RFC 3986 unreserved characters kept, everything else %XX in upper-case hex. */
    static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    static byte[] hmacSha1(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
