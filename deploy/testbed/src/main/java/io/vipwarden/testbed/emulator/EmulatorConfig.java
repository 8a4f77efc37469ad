package io.vipwarden.testbed.emulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link AliyunVpcEmulator} runs. Immutable; start from {@link #defaults()} and change with the
 * {@code with...} methods, each of which validates its value at once.
 *
 * @param host                   address to bind (loopback by default; the emulator has no TLS)
 * @param port                   TCP port, 0 for an ephemeral one
 * @param stateFile              where VPCs, vSwitches, instances and HaVips are loaded from and saved
 *                               to; null = the default topology, kept in memory only
 * @param credentials            AccessKeyId to AccessKeySecret pairs it accepts
 * @param associationDelay       how long AssociateHaVip stays Associating (and UnassociateHaVip
 *                               Unassociating) before it completes
 * @param maxAssociatedInstances instances one HaVip may be associated with (Alibaba allows 2)
 * @param maxTimestampSkew       requests whose Timestamp is further from now are refused
 * @param clock                  time source (tests may inject one)
 */
public record EmulatorConfig(String host, int port, Path stateFile, Map<String, String> credentials,
        Duration associationDelay, int maxAssociatedInstances, Duration maxTimestampSkew, Clock clock) {

    /** The documented development AccessKeyId, accepted when ALIBABA_CLOUD_ACCESS_KEY_ID is unset. */
    public static final String DEV_ACCESS_KEY_ID = "LTAIvipwardenDevKey";
    /** The documented development AccessKeySecret that goes with {@link #DEV_ACCESS_KEY_ID}. */
    public static final String DEV_ACCESS_KEY_SECRET = "vipwarden-dev-secret-not-for-production";

    public EmulatorConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        credentials = Map.copyOf(credentials);
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("the emulator needs at least one access key");
        }
        if (associationDelay.isNegative()) {
            throw new IllegalArgumentException("associationDelay must be >= 0, got " + associationDelay);
        }
        if (maxAssociatedInstances < 1) {
            throw new IllegalArgumentException("maxAssociatedInstances must be >= 1, got " + maxAssociatedInstances);
        }
        if (maxTimestampSkew.isNegative() || maxTimestampSkew.isZero()) {
            throw new IllegalArgumentException("maxTimestampSkew must be > 0, got " + maxTimestampSkew);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * Loopback, an ephemeral port, the default topology, the credentials from the environment (or the
     * development pair), association delay 1 s, 2 instances per HaVip, 15 minutes of timestamp skew.
     */
    public static EmulatorConfig defaults() {
        return new EmulatorConfig("127.0.0.1", 0, null, credentialsFromEnvironment(System.getenv()),
                Duration.ofSeconds(1), 2, Duration.ofMinutes(15), Clock.systemUTC());
    }

    /** {@code ALIBABA_CLOUD_ACCESS_KEY_ID}/{@code _SECRET} when both are set, else the development pair. */
    public static Map<String, String> credentialsFromEnvironment(Map<String, String> env) {
        String id = env.get("ALIBABA_CLOUD_ACCESS_KEY_ID");
        String secret = env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            return Map.of(id, secret);
        }
        return Map.of(DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET);
    }

    public EmulatorConfig withHost(String value) {
        return new EmulatorConfig(value, port, stateFile, credentials, associationDelay, maxAssociatedInstances, maxTimestampSkew, clock);
    }

    public EmulatorConfig withPort(int value) {
        return new EmulatorConfig(host, value, stateFile, credentials, associationDelay, maxAssociatedInstances, maxTimestampSkew, clock);
    }

    public EmulatorConfig withStateFile(Path value) {
        return new EmulatorConfig(host, port, value, credentials, associationDelay, maxAssociatedInstances, maxTimestampSkew, clock);
    }

    public EmulatorConfig withCredentials(Map<String, String> value) {
        return new EmulatorConfig(host, port, stateFile, value, associationDelay, maxAssociatedInstances, maxTimestampSkew, clock);
    }

    public EmulatorConfig withAssociationDelay(Duration value) {
        return new EmulatorConfig(host, port, stateFile, credentials, value, maxAssociatedInstances, maxTimestampSkew, clock);
    }

    public EmulatorConfig withMaxAssociatedInstances(int value) {
        return new EmulatorConfig(host, port, stateFile, credentials, associationDelay, value, maxTimestampSkew, clock);
    }

    public EmulatorConfig withMaxTimestampSkew(Duration value) {
        return new EmulatorConfig(host, port, stateFile, credentials, associationDelay, maxAssociatedInstances, value, clock);
    }

    public EmulatorConfig withClock(Clock value) {
        return new EmulatorConfig(host, port, stateFile, credentials, associationDelay, maxAssociatedInstances, maxTimestampSkew, value);
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "EmulatorConfig[host=" + host + ", port=" + port + ", stateFile=" + stateFile + ", accessKeyIds="
                + credentials.keySet() + ", associationDelay=" + associationDelay + ", maxAssociatedInstances="
                + maxAssociatedInstances + ", maxTimestampSkew=" + maxTimestampSkew + "]";
    }
}
