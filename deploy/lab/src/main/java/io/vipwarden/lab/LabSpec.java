package io.vipwarden.lab;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The shape of one lab: how many nodes share the VIP and how their keepalived is tuned.
 *
 * <p>Node {@code i} (1-based) gets the address {@code 192.0.2.(10+i)/24} and priority
 * {@code 100 - 10*(i-1)}; every node starts as {@code state BACKUP} with {@code nopreempt}, so the
 * first node wins the first election (shortest skew) and nobody takes the VIP back afterwards.
 * Only 192.0.2.0/24 (TEST-NET-1) is ever used.
 *
 * @param nodeCount          nodes sharing the VIP, 2 or 3 (the cloud pair and the private-cloud triple)
 * @param vrrpVersion        2 or 3
 * @param advertIntSeconds   {@code advert_int}; whole seconds for VRRPv2, hundredths allowed for VRRPv3
 * @param vip                the virtual IP, inside 192.0.2.0/24 and not a node address
 * @param virtualRouterId    {@code virtual_router_id}, 1..255
 * @param garpMasterDelaySeconds   {@code garp_master_delay}: second burst of gratuitous ARPs after becoming MASTER
 * @param garpMasterRefreshSeconds {@code garp_master_refresh}: periodic gratuitous ARP while MASTER
 * @param tapNotifyFifo      whether the lab itself reads each node's notify FIFO; turn off when an
 *                           agent reads it (a FIFO has one consumer: two readers would split the lines)
 */
public record LabSpec(int nodeCount, int vrrpVersion, BigDecimal advertIntSeconds, String vip,
                      int virtualRouterId, int garpMasterDelaySeconds, int garpMasterRefreshSeconds,
                      boolean tapNotifyFifo) {

    /** Every address the lab hands out lives here. */
    public static final String NETWORK_PREFIX = "192.0.2.";
    public static final int PREFIX_LENGTH = 24;
    private static final Pattern VIP_FORM = Pattern.compile("192\\.0\\.2\\.(\\d{1,3})");

    public LabSpec {
        List<String> problems = new ArrayList<>();
        if (nodeCount < 2 || nodeCount > 3) {
            problems.add("nodeCount must be 2 or 3, got " + nodeCount);
        }
        if (vrrpVersion != 2 && vrrpVersion != 3) {
            problems.add("vrrpVersion must be 2 or 3, got " + vrrpVersion);
        }
        if (advertIntSeconds == null || advertIntSeconds.signum() <= 0) {
            problems.add("advertIntSeconds must be positive, got " + advertIntSeconds);
        } else if (vrrpVersion == 2 && advertIntSeconds.stripTrailingZeros().scale() > 0) {
            problems.add("VRRPv2 advert_int is whole seconds, got " + advertIntSeconds);
        } else if (advertIntSeconds.stripTrailingZeros().scale() > 2) {
            problems.add("VRRPv3 advert_int has hundredths at most, got " + advertIntSeconds);
        }
        var vipMatch = vip == null ? null : VIP_FORM.matcher(vip);
        if (vipMatch == null || !vipMatch.matches()) {
            problems.add("vip must be an address in 192.0.2.0/24, got " + vip);
        } else {
            int host = Integer.parseInt(vipMatch.group(1));
            if (host < 1 || host > 254 || (host > 10 && host <= 10 + Math.max(nodeCount, 0))) {
                problems.add("vip must be a free host address in 192.0.2.0/24 (not .0, .255 or a node), got " + vip);
            }
        }
        if (virtualRouterId < 1 || virtualRouterId > 255) {
            problems.add("virtualRouterId must be 1..255, got " + virtualRouterId);
        }
        if (garpMasterDelaySeconds < 0 || garpMasterRefreshSeconds < 0) {
            problems.add("garp delays must not be negative, got " + garpMasterDelaySeconds + " and " + garpMasterRefreshSeconds);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** A cloud-style pair as the vendors' guides configure it: VRRPv2, advert_int 1. */
    public static LabSpec pair() {
        return new LabSpec(2, 2, BigDecimal.ONE, NETWORK_PREFIX + "100", 51, 1, 5, true);
    }

    public LabSpec withNodes(int count) {
        return new LabSpec(count, vrrpVersion, advertIntSeconds, vip, virtualRouterId,
                garpMasterDelaySeconds, garpMasterRefreshSeconds, tapNotifyFifo);
    }

    public LabSpec withVrrp(int version, BigDecimal advertInt) {
        return new LabSpec(nodeCount, version, advertInt, vip, virtualRouterId,
                garpMasterDelaySeconds, garpMasterRefreshSeconds, tapNotifyFifo);
    }

    public LabSpec withFifoTap(boolean tap) {
        return new LabSpec(nodeCount, vrrpVersion, advertIntSeconds, vip, virtualRouterId,
                garpMasterDelaySeconds, garpMasterRefreshSeconds, tap);
    }

    /** The address of node {@code index} (1-based). */
    public String nodeAddress(int index) {
        if (index < 1 || index > nodeCount) {
            throw new IllegalArgumentException("node index must be 1.." + nodeCount + ", got " + index);
        }
        return NETWORK_PREFIX + (10 + index);
    }

    /** The configured priority of node {@code index}: distinct, so the first election is deterministic. */
    public int nodePriority(int index) {
        return 100 - 10 * (index - 1);
    }

    /**
     * keepalived's master-down interval for the node with the given priority: 3 x advert_int plus
     * the skew time ((256 - priority)/256 x advert_int for v3, (256 - priority)/256 s for v2).
     */
    public double masterDownSeconds(int priority) {
        double advert = advertIntSeconds.doubleValue();
        double skew = vrrpVersion == 2 ? (256 - priority) / 256.0 : (256 - priority) * advert / 256.0;
        return 3 * advert + skew;
    }
}
