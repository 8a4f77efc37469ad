package io.vipwarden.cloud.arp;

import io.vipwarden.cloud.CallGuard;
import io.vipwarden.cloud.CloudConfigException;
import io.vipwarden.cloud.CloudErrors;
import io.vipwarden.cloud.CloudException;
import io.vipwarden.cloud.HavipDescription;
import io.vipwarden.cloud.HavipProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For private clouds without an API: the VIP moves by gratuitous ARP alone, so there is nothing to
 * associate and fencing goes only through the agents. A HaVip is described from configuration (its
 * address and its servers) and from the agents' reports: the master is the server whose MASTER claim
 * is the most recent one still standing, as the last gratuitous ARP is the one the network follows.
 *
 * <p>Configuration keys:
 * <ul>
 *   <li>{@code cloud.arp.havips} — comma-separated HaVip ids</li>
 *   <li>{@code cloud.arp.havip.<id>.ip} — its IPv4 address</li>
 *   <li>{@code cloud.arp.havip.<id>.instances} — comma-separated node/instance ids that carry it</li>
 *   <li>{@code cloud.arp.havip.<id>.network} — optional network name, shown as the VPC id</li>
 *   <li>{@code cloud.arp.claim.ttl.ms} — a MASTER claim not repeated within this long no longer
 *       counts (default 15000; heartbeats repeat it)</li>
 * </ul>
 */
public final class ArpOnlyHavipProvider implements HavipProvider {
    public static final String HAVIPS = "cloud.arp.havips";
    public static final String CLAIM_TTL_MS = "cloud.arp.claim.ttl.ms";
    static final String PROVIDER = "arp";

    /** A HaVip as configured. */
    public record ArpHavip(String havipId, String ipAddress, String network, List<String> instances) {
        public ArpHavip {
            instances = List.copyOf(instances);
        }
    }

    private record Claim(boolean master, Instant at) {
    }

    private final Map<String, ArpHavip> havips = new LinkedHashMap<>();
    private final Map<String, Map<String, Claim>> claims = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration claimTtl;

    public ArpOnlyHavipProvider(List<ArpHavip> configured, Duration claimTtl, Clock clock) {
        configured.forEach(h -> havips.put(h.havipId(), h));
        this.claimTtl = claimTtl;
        this.clock = clock;
    }

    /** Reads the {@code cloud.arp.*} keys; throws listing every problem. */
    public static ArpOnlyHavipProvider fromConfig(Map<String, String> config, Clock clock) throws CloudConfigException {
        List<String> problems = new ArrayList<>();
        List<ArpHavip> list = new ArrayList<>();
        for (String id : split(config.get(HAVIPS))) {
            String prefix = "cloud.arp.havip." + id + ".";
            String ip = config.getOrDefault(prefix + "ip", "").trim();
            if (!isIpv4(ip)) {
                problems.add(prefix + "ip must be an IPv4 address, got '" + ip + "'");
            }
            List<String> instances = split(config.get(prefix + "instances"));
            if (instances.isEmpty()) {
                problems.add(prefix + "instances must list at least one instance");
            }
            list.add(new ArpHavip(id, ip, config.getOrDefault(prefix + "network", ""), instances));
        }
        if (list.isEmpty()) {
            problems.add(HAVIPS + " must list at least one HaVip id");
        }
        Duration ttl = Duration.ofSeconds(15);
        String rawTtl = config.get(CLAIM_TTL_MS);
        if (rawTtl != null && !rawTtl.isBlank()) {
            try {
                ttl = Duration.ofMillis(Long.parseLong(rawTtl.trim()));
                if (ttl.isNegative() || ttl.isZero()) {
                    problems.add(CLAIM_TTL_MS + " must be > 0, got " + rawTtl);
                }
            } catch (NumberFormatException e) {
                problems.add(CLAIM_TTL_MS + " must be a number of milliseconds, got '" + rawTtl + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new CloudConfigException(problems);
        }
        return new ArpOnlyHavipProvider(list, ttl, clock);
    }

    /**
     * What an agent reported about a HaVip on its node: whether keepalived there is MASTER, as of
     * {@code at}. Reports older than the latest one from the same instance are ignored (events can
     * arrive out of order); reports for unknown HaVips or instances are ignored too.
     *
     * @return whether the report was taken into account
     */
    public boolean report(String havipId, String instanceId, boolean master, Instant at) {
        ArpHavip h = havips.get(havipId);
        if (h == null || !h.instances().contains(instanceId)) {
            return false;
        }
        Map<String, Claim> byInstance = claims.computeIfAbsent(havipId, k -> new ConcurrentHashMap<>());
        Claim[] taken = new Claim[1];
        byInstance.compute(instanceId, (k, old) -> {
            taken[0] = old == null || !at.isBefore(old.at()) ? new Claim(master, at) : old;
            return taken[0];
        });
        return taken[0].at().equals(at) && taken[0].master() == master;
    }

    /** The instances whose MASTER claim still stands, most recent first (more than one = split brain). */
    public List<String> masterClaims(String havipId) {
        Instant oldest = clock.instant().minus(claimTtl);
        Map<String, Claim> byInstance = claims.getOrDefault(havipId, Map.of());
        return new HashMap<>(byInstance).entrySet().stream()
                .filter(e -> e.getValue().master() && !e.getValue().at().isBefore(oldest))
                .sorted(Comparator.comparing((Map.Entry<String, Claim> e) -> e.getValue().at()).reversed())
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public String name() {
        return PROVIDER;
    }

    @Override
    public boolean supportsAssociation() {
        return false;
    }

    /** Status is {@code InUse} while some server's MASTER claim stands, else {@code Available}. */
    @Override
    public HavipDescription describe(String havipId) throws CloudException {
        ArpHavip h = havips.get(havipId);
        if (h == null) {
            throw CloudErrors.exception(PROVIDER, "InvalidHaVipId.NotFound", "no ARP-only HaVip " + havipId + " is configured", null);
        }
        List<String> masters = masterClaims(havipId);
        String master = masters.isEmpty() ? null : masters.get(0);
        return new HavipDescription(h.havipId(), h.ipAddress(), h.network(), null, master == null ? "Available" : "InUse",
                h.instances(), master);
    }

    @Override
    public void associate(String havipId, String instanceId, String clientToken, CallGuard guard)
            throws CloudException {
        throw unsupported("associate");
    }

    @Override
    public void unassociate(String havipId, String instanceId, boolean force, String clientToken, CallGuard guard)
            throws CloudException {
        throw unsupported("unassociate");
    }

    private static CloudException unsupported(String what) {
        return CloudErrors.exception(PROVIDER, CloudErrors.UNSUPPORTED, "an ARP-only network has no API to " + what
                + " a HaVip: fence through the agents", null);
    }

    private static List<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean isIpv4(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
