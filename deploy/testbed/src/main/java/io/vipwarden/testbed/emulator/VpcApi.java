package io.vipwarden.testbed.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The emulated VPC API (version 2016-04-28) for HaVips: the state behind the wire and one method per
 * action. Thread-safe (every entry point is synchronized: the emulator is not about throughput).
 * Time comes from the injected clock; asynchronous transitions (Associating to InUse, Unassociating
 * to Available/InUse) complete when a read or write sees that their delay has passed.
 */
final class VpcApi {
    /** Parameters every RPC request carries that are not part of an action's own input. */
    private static final Set<String> COMMON_PARAMS = Set.of("Action", "Version", "Format", "RegionId", "AccessKeyId",
            "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "SignatureType", "Timestamp",
            "ClientToken", "OwnerId", "OwnerAccount", "ResourceOwnerId", "ResourceOwnerAccount");
    static final String API_VERSION = "2016-04-28";
    private static final int MAX_TOKENS = 10_000;

    private final Clock clock;
    private final String regionId;
    private final Map<String, VpcState.Vpc> vpcs = new LinkedHashMap<>();
    private final Map<String, VpcState.VSwitch> vSwitches = new LinkedHashMap<>();
    private final Map<String, VpcState.Instance> instances = new LinkedHashMap<>();
    private final Map<String, HaVip> haVips = new LinkedHashMap<>();
    private final LinkedHashMap<String, TokenUse> tokens = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenUse> eldest) {
            return size() > MAX_TOKENS;
        }
    };
    private volatile Duration associationDelay;
    private volatile int maxAssociatedInstances;

    VpcApi(VpcState initial, Clock clock, Duration associationDelay, int maxAssociatedInstances) {
        this.clock = clock;
        this.regionId = initial.regionId();
        this.associationDelay = associationDelay;
        this.maxAssociatedInstances = maxAssociatedInstances;
        initial.vpcs().forEach(v -> vpcs.put(v.vpcId(), v));
        initial.vSwitches().forEach(v -> vSwitches.put(v.vSwitchId(), v));
        initial.instances().forEach(i -> instances.put(i.instanceId(), i));
        for (VpcState.SavedHaVip saved : initial.haVips()) {
            VpcState.VSwitch vsw = vSwitches.get(saved.vSwitchId());
            if (vsw == null) {
                throw new IllegalArgumentException("HaVip " + saved.haVipId() + " names unknown vSwitch " + saved.vSwitchId());
            }
            HaVip h = new HaVip(saved.haVipId(), vsw, saved.ipAddress(), saved.createTime());
            h.name = saved.name();
            h.description = saved.description();
            h.associated.addAll(saved.associatedInstances());
            h.master = saved.masterInstanceId();
            if (h.master != null) {
                h.lastAnnounce.put(h.master, clock.instant());
            }
            haVips.put(h.id, h);
        }
    }

    void setAssociationDelay(Duration delay) {
        this.associationDelay = delay;
    }

    void setMaxAssociatedInstances(int max) {
        this.maxAssociatedInstances = max;
    }

    Duration associationDelay() {
        return associationDelay;
    }

    int maxAssociatedInstances() {
        return maxAssociatedInstances;
    }

    /**
     * Runs one action; the result is the JSON body, starting with {@code requestId} (or, for a
     * repeated ClientToken, the first call's whole answer). Throws {@link ApiError}.
     */
    synchronized Map<String, Object> handle(String action, Map<String, String> params, String requestId) {
        String version = params.get("Version");
        if (!API_VERSION.equals(version)) {
            throw new ApiError(400, "InvalidVersion", "Specified parameter Version is not valid: " + version);
        }
        String token = params.get("ClientToken");
        String fingerprint = action + fingerprintOf(params);
        if (token != null && !token.isEmpty()) {
            TokenUse earlier = tokens.get(token);
            if (earlier != null) {
                if (!earlier.fingerprint.equals(fingerprint)) {
                    throw new ApiError(400, "IdempotentParameterMismatch",
                            "The request uses the same client token as a previous, but non-identical request.");
                }
                return earlier.response;
            }
        }
        Map<String, Object> result = switch (action) {
            case "CreateHaVip" -> createHaVip(params);
            case "DeleteHaVip" -> deleteHaVip(params);
            case "DescribeHaVips" -> describeHaVips(params);
            case "AssociateHaVip" -> associateHaVip(params);
            case "UnassociateHaVip" -> unassociateHaVip(params);
            case "ModifyHaVipAttribute" -> modifyHaVipAttribute(params);
            default -> throw new ApiError(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method: " + action);
        };
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("RequestId", requestId);
        response.putAll(result);
        if (token != null && !token.isEmpty() && !action.startsWith("Describe")) {
            tokens.put(token, new TokenUse(fingerprint, response));
        }
        return response;
    }

    private static String fingerprintOf(Map<String, String> params) {
        return new TreeMap<>(params).entrySet().stream()
                .filter(e -> !COMMON_PARAMS.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&", "?", ""));
    }

    private Map<String, Object> createHaVip(Map<String, String> p) {
        String vSwitchId = required(p, "VSwitchId");
        VpcState.VSwitch vsw = vSwitches.get(vSwitchId);
        if (vsw == null) {
            throw new ApiError(404, "InvalidVSwitchId.NotFound", "The specified VSwitchId does not exist: " + vSwitchId);
        }
        Cidr cidr = Cidr.parse(vsw.cidrBlock());
        Set<Long> used = haVips.values().stream().filter(h -> h.vSwitch.vSwitchId().equals(vSwitchId))
                .map(h -> Cidr.toLong(h.ip)).collect(Collectors.toSet());
        String ip = p.get("IpAddress");
        if (ip != null && !ip.isEmpty()) {
            Long address = Cidr.tryParseAddress(ip);
            if (address == null || !cidr.usable(address)) {
                throw new ApiError(400, "InvalidIpAddress.NotInVSwitch",
                        "The specified IpAddress " + ip + " is not a usable address of vSwitch " + vSwitchId
                                + " (" + vsw.cidrBlock() + ").");
            }
            if (used.contains(address)) {
                throw new ApiError(400, "InvalidIpAddress.AlreadyUsed", "The specified IpAddress is already in use: " + ip);
            }
        } else {
            ip = cidr.firstFree(used);
            if (ip == null) {
                throw new ApiError(400, "QuotaExceeded.PrivateIpAddress", "There is no free address left in vSwitch " + vSwitchId);
            }
        }
        String id = newId("havip-");
        HaVip h = new HaVip(id, vsw, ip, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        h.name = p.get("Name");
        h.description = p.get("Description");
        haVips.put(id, h);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("HaVipId", id);
        out.put("IpAddress", ip);
        return out;
    }

    private Map<String, Object> deleteHaVip(Map<String, String> p) {
        HaVip h = existing(required(p, "HaVipId"));
        if (!"Available".equals(h.status())) {
            throw incorrectStatus(h);
        }
        haVips.remove(h.id);
        return new LinkedHashMap<>();
    }

    private Map<String, Object> modifyHaVipAttribute(Map<String, String> p) {
        HaVip h = existing(required(p, "HaVipId"));
        if (p.containsKey("Name")) {
            h.name = p.get("Name");
        }
        if (p.containsKey("Description")) {
            h.description = p.get("Description");
        }
        return new LinkedHashMap<>();
    }

    private Map<String, Object> associateHaVip(Map<String, String> p) {
        HaVip h = existing(required(p, "HaVipId"));
        String instanceId = required(p, "InstanceId");
        String type = p.getOrDefault("InstanceType", "EcsInstance");
        if (!type.equals("EcsInstance") && !type.equals("NetworkInterface")) {
            throw ApiError.invalid("InstanceType", type);
        }
        VpcState.Instance instance = instances.get(instanceId);
        if (instance == null) {
            throw new ApiError(404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist: " + instanceId);
        }
        if (h.pending != null) {
            throw conflict(h);
        }
        if (!instance.vSwitchId().equals(h.vSwitch.vSwitchId())) {
            throw new ApiError(400, "InvalidInstanceId.VSwitchMismatch",
                    "The HaVip and the instance must belong to the same vSwitch.");
        }
        if (h.associated.contains(instanceId)) {
            throw new ApiError(400, "InvalidInstanceId.AlreadyAssociated",
                    "The instance " + instanceId + " is already associated with " + h.id);
        }
        if (h.associated.size() >= maxAssociatedInstances) {
            throw new ApiError(400, "CountLimitExceeded.HaVipOnECSInstance",
                    "The amount of Instance associated with the specified HaVip reach its limits ("
                            + maxAssociatedInstances + ").");
        }
        h.associatedType = type;
        h.pending = new Pending(true, instanceId, clock.instant().plus(associationDelay));
        return new LinkedHashMap<>();
    }

    private Map<String, Object> unassociateHaVip(Map<String, String> p) {
        HaVip h = existing(required(p, "HaVipId"));
        String instanceId = required(p, "InstanceId");
        String force = p.getOrDefault("Force", "False");
        if (!force.equalsIgnoreCase("True") && !force.equalsIgnoreCase("False")) {
            throw ApiError.invalid("Force", force);
        }
        if (h.pending != null) {
            throw conflict(h);
        }
        if (!h.associated.contains(instanceId)) {
            throw new ApiError(400, "InvalidInstanceId.NotAssociated",
                    "The instance " + instanceId + " is not associated with " + h.id);
        }
        if (instanceId.equals(h.master) && !force.equalsIgnoreCase("True")) {
            throw new ApiError(400, "Forbidden.UnassociateMasterInstance",
                    "The instance " + instanceId + " holds the HaVip now; unassociate it with Force=True.");
        }
        h.pending = new Pending(false, instanceId, clock.instant().plus(associationDelay));
        return new LinkedHashMap<>();
    }

    private Map<String, Object> describeHaVips(Map<String, String> p) {
        int pageNumber = intParam(p, "PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = intParam(p, "PageSize", 10, 1, 50);
        Predicate<HaVip> filter = filters(p);
        List<HaVip> matching = haVips.values().stream().filter(filter).toList();
        List<Map<String, Object>> page = matching.stream().skip((long) (pageNumber - 1) * pageSize).limit(pageSize)
                .map(this::view).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("PageNumber", pageNumber);
        out.put("PageSize", pageSize);
        out.put("TotalCount", matching.size());
        out.put("HaVips", Map.of("HaVip", page));
        return out;
    }

    private Predicate<HaVip> filters(Map<String, String> p) {
        Map<Integer, String> keys = new TreeMap<>();
        Map<Integer, List<String>> values = new HashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(p).entrySet()) {
            String[] parts = e.getKey().split("\\.");
            if (!parts[0].equals("Filter")) {
                continue;
            }
            int n = index(e.getKey(), parts, 1);
            if (parts.length == 3 && parts[2].equals("Key")) {
                keys.put(n, e.getValue());
            } else if (parts.length == 4 && parts[2].equals("Value")) {
                index(e.getKey(), parts, 3);
                values.computeIfAbsent(n, k -> new ArrayList<>()).add(e.getValue());
            } else {
                throw ApiError.invalid(e.getKey(), e.getValue());
            }
        }
        Predicate<HaVip> all = h -> true;
        for (Map.Entry<Integer, String> key : keys.entrySet()) {
            List<String> wanted = values.getOrDefault(key.getKey(), List.of());
            java.util.function.Function<HaVip, String> field = switch (key.getValue()) {
                case "HaVipId" -> h -> h.id;
                case "VpcId" -> h -> h.vSwitch.vpcId();
                case "VSwitchId" -> h -> h.vSwitch.vSwitchId();
                case "Status" -> HaVip::status;
                case "IpAddress" -> h -> h.ip;
                case "HaVipName" -> h -> h.name;
                default -> throw ApiError.invalid("Filter." + key.getKey() + ".Key", key.getValue());
            };
            all = all.and(h -> wanted.contains(field.apply(h)));
        }
        return all;
    }

    private static int index(String name, String[] parts, int at) {
        try {
            int n = Integer.parseInt(parts[at]);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // fall through to the error below
        }
        throw ApiError.invalid(name, "index must be a number from 1");
    }

    /** The announcement endpoint: the instance sent a gratuitous ARP for the HaVip's address. */
    synchronized Announcement announce(String havipIdOrIp, String instanceId) {
        HaVip h = haVips.get(havipIdOrIp);
        if (h == null) {
            h = haVips.values().stream().filter(x -> x.ip.equals(havipIdOrIp)).findFirst().orElse(null);
        }
        if (h == null) {
            return new Announcement(false, null, null, "no HaVip with id or address " + havipIdOrIp);
        }
        h.status();
        if (!h.associated.contains(instanceId)) {
            return new Announcement(false, h.id, h.master, instanceId + " is not associated with " + h.id
                    + ": the cloud ignores its ARP");
        }
        h.lastAnnounce.put(instanceId, clock.instant());
        h.master = instanceId;
        return new Announcement(true, h.id, h.master, "routed to " + instanceId);
    }

    /** Result of an announcement. */
    record Announcement(boolean accepted, String havipId, String masterInstanceId, String reason) {
    }

    synchronized void addInstance(String instanceId, String vSwitchId) {
        if (!vSwitches.containsKey(vSwitchId)) {
            throw new IllegalArgumentException("unknown vSwitch " + vSwitchId);
        }
        instances.put(instanceId, new VpcState.Instance(instanceId, vSwitchId));
    }

    /** The current state, associations in progress counted as done (what {@code --state} saves). */
    synchronized VpcState snapshot() {
        List<VpcState.SavedHaVip> saved = new ArrayList<>();
        for (HaVip h : haVips.values()) {
            h.status();
            Set<String> associated = new LinkedHashSet<>(h.associated);
            if (h.pending != null) {
                if (h.pending.associate) {
                    associated.add(h.pending.instanceId);
                } else {
                    associated.remove(h.pending.instanceId);
                }
            }
            String master = associated.contains(h.master) ? h.master : null;
            saved.add(new VpcState.SavedHaVip(h.id, h.vSwitch.vSwitchId(), h.ip, h.name, h.description, h.createTime,
                    List.copyOf(associated), master));
        }
        return new VpcState(regionId, List.copyOf(vpcs.values()), List.copyOf(vSwitches.values()),
                List.copyOf(instances.values()), saved);
    }

    private Map<String, Object> view(HaVip h) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("HaVipId", h.id);
        v.put("RegionId", regionId);
        v.put("VpcId", h.vSwitch.vpcId());
        v.put("VSwitchId", h.vSwitch.vSwitchId());
        v.put("IpAddress", h.ip);
        v.put("Status", h.status());
        v.put("MasterInstanceId", h.master == null ? "" : h.master);
        v.put("Name", h.name == null ? "" : h.name);
        v.put("Description", h.description == null ? "" : h.description);
        v.put("CreateTime", h.createTime);
        v.put("ChargeType", "PostPaid");
        v.put("AssociatedInstanceType", h.associated.isEmpty() ? "" : h.associatedType);
        v.put("AssociatedInstances", Map.of("associatedInstance", List.copyOf(h.associated)));
        v.put("AssociatedEipAddresses", Map.of("associatedEipAddresse", List.of()));
        return v;
    }

    private HaVip existing(String havipId) {
        HaVip h = haVips.get(havipId);
        if (h == null) {
            throw ApiError.havipNotFound(havipId);
        }
        h.status(); // completes a transition whose delay has passed before the action looks at it
        return h;
    }

    private static ApiError incorrectStatus(HaVip h) {
        return new ApiError(400, "IncorrectHaVipStatus",
                "HaVip can be operated by this action only when it's status is Available (" + h.id + " is " + h.status() + ").");
    }

    private static ApiError conflict(HaVip h) {
        return new ApiError(400, "OperationConflict",
                "The request conflicts with an operation still in progress on " + h.id + " (" + h.status() + "); retry later.");
    }

    private static String required(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw ApiError.missing(name);
        }
        return v;
    }

    private static int intParam(Map<String, String> p, String name, int dflt, int min, int max) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.invalid(name, v + " (expected " + min + ".." + max + ")");
    }

    private static String newId(String prefix) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 20; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private record TokenUse(String fingerprint, Map<String, Object> response) {
    }

    private record Pending(boolean associate, String instanceId, Instant completesAt) {
    }

    private final class HaVip {
        final String id;
        final VpcState.VSwitch vSwitch;
        final String ip;
        final String createTime;
        final Set<String> associated = new LinkedHashSet<>();
        final Map<String, Instant> lastAnnounce = new HashMap<>();
        String name;
        String description;
        String associatedType = "EcsInstance";
        String master;
        Pending pending;

        HaVip(String id, VpcState.VSwitch vSwitch, String ip, String createTime) {
            this.id = id;
            this.vSwitch = vSwitch;
            this.ip = ip;
            this.createTime = createTime;
        }

        /** Completes a due transition, then reports the status the API shows. */
        String status() {
            if (pending != null && !clock.instant().isBefore(pending.completesAt)) {
                if (pending.associate) {
                    associated.add(pending.instanceId);
                } else {
                    associated.remove(pending.instanceId);
                    lastAnnounce.remove(pending.instanceId);
                    if (Objects.equals(master, pending.instanceId)) {
                        // The cloud now routes to whichever remaining instance announced last, if any.
                        master = lastAnnounce.entrySet().stream().max(Map.Entry.comparingByValue())
                                .map(Map.Entry::getKey).orElse(null);
                    }
                }
                pending = null;
            }
            if (pending != null) {
                return pending.associate ? "Associating" : "Unassociating";
            }
            return associated.isEmpty() ? "Available" : "InUse";
        }
    }

    /** IPv4 CIDR arithmetic for address allocation. */
    private record Cidr(long network, int prefix) {
        static Cidr parse(String cidr) {
            String[] parts = cidr.split("/");
            return new Cidr(toLong(parts[0]), Integer.parseInt(parts[1]));
        }

        long size() {
            return 1L << (32 - prefix);
        }

        /** Alibaba reserves the first and the last three addresses of every vSwitch. */
        boolean usable(long address) {
            long offset = address - network;
            return offset >= 1 && offset < size() - 3;
        }

        String firstFree(Set<Long> used) {
            for (long a = network + 1; a < network + size() - 3; a++) {
                if (!used.contains(a)) {
                    return toString(a);
                }
            }
            return null;
        }

        static Long tryParseAddress(String ip) {
            try {
                return toLong(ip);
            } catch (RuntimeException e) {
                return null;
            }
        }

        static long toLong(String ip) {
            String[] o = ip.split("\\.");
            if (o.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            long v = 0;
            for (String part : o) {
                int n = Integer.parseInt(part);
                if (n < 0 || n > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + ip);
                }
                v = (v << 8) | n;
            }
            return v;
        }

        static String toString(long a) {
            return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
        }
    }
}
