package io.vipwarden.agent.keepalived;

import java.util.List;
import java.util.Map;

/**
 * One {@code vrrp_instance} block, with the settings vipwarden cares about. Numbers keepalived would
 * refuse are kept as the raw text ({@code null} when absent) so the linter can say what is wrong.
 *
 * @param vips           {@code virtual_ipaddress} entries, address with optional /prefix, as written
 * @param trackScripts   names in {@code track_script}
 * @param trackFiles     names in {@code track_file}
 * @param notifyScripts  notify settings ({@code notify}, {@code notify_master}, ...) to their command lines
 * @param node           the block itself, for line numbers
 */
public record VrrpInstanceConf(
        String name,
        String state,
        String iface,
        String virtualRouterId,
        String priority,
        String advertInt,
        boolean nopreempt,
        String preemptDelay,
        String unicastSrcIp,
        List<String> unicastPeers,
        List<String> vips,
        List<String> virtualRoutes,
        List<String> trackScripts,
        List<String> trackInterfaces,
        List<String> trackFiles,
        String garpMasterDelay,
        String garpMasterRefresh,
        String authType,
        String authPass,
        Map<String, String> notifyScripts,
        ConfNode node) {

    /** The VIP addresses without prefix length or options. */
    public List<String> vipAddresses() {
        return vips.stream().map(VrrpInstanceConf::address).toList();
    }

    /** {@code 192.0.2.10/24 dev eth0} -> {@code 192.0.2.10}. */
    public static String address(String entry) {
        String first = entry.trim().split("\\s+")[0];
        int slash = first.indexOf('/');
        return slash < 0 ? first : first.substring(0, slash);
    }

    /** Integer value of a numeric setting, or the fallback when absent or not a number. */
    public static int intOr(String raw, int fallback) {
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The line of the first statement with this keyword inside the block, or the block's line. */
    public int lineOf(String keyword) {
        return node.child(keyword).map(ConfNode::line).orElse(node.line());
    }
}
