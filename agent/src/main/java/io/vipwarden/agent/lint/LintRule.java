package io.vipwarden.agent.lint;

import io.vipwarden.events.LintFinding.Severity;

/** Every rule the keepalived.conf linter applies: its id, severity and what it is about. */
public enum LintRule {
    PARSE("parse", Severity.ERROR, "the file or an include cannot be read, or a block is never closed"),
    BLOCK_WITHOUT_KEYWORD("block-without-keyword", Severity.ERROR,
            "a '{' with no keyword before it: keepalived ignores the brace and reads the contents as top-level statements"),
    STRAY_CLOSE_BRACE("stray-close-brace", Severity.ERROR, "a '}' that closes no block"),
    UNKNOWN_KEYWORD("unknown-keyword", Severity.WARNING, "a keyword keepalived does not know in this block; it is ignored"),
    UNICAST_REQUIRED("unicast-required", Severity.ERROR,
            "an instance with no unicast_peer uses multicast, which cloud VPCs do not carry"),
    VRRP_STRICT("vrrp-strict", Severity.ERROR, "vrrp_strict forbids unicast peers and authentication; cloud setups break"),
    NOPREEMPT_WITH_MASTER("nopreempt-with-master", Severity.WARNING,
            "nopreempt only works with 'state BACKUP'; keepalived ignores it with 'state MASTER'"),
    UNICAST_PEER_MISSING("unicast-peer-missing", Severity.ERROR, "a node of the HaVip is missing from unicast_peer"),
    UNICAST_SRC_IP_MISSING("unicast-src-ip-missing", Severity.WARNING,
            "no unicast_src_ip: keepalived picks the interface's primary address, which may not be the one the peers expect"),
    UNICAST_SRC_IP_NOT_LOCAL("unicast-src-ip-not-local", Severity.ERROR, "unicast_src_ip is not an address of this node"),
    INTERFACE_NOT_FOUND("interface-not-found", Severity.ERROR, "the instance's interface does not exist on this node"),
    MULTIPLE_VIPS("multiple-vips", Severity.ERROR, "more than one address in virtual_ipaddress; a HaVip is one IPv4 address"),
    IPV6_VIP("ipv6-vip", Severity.ERROR, "an IPv6 address in virtual_ipaddress; a HaVip is one IPv4 address"),
    VIP_OUTSIDE_VSWITCH("vip-outside-vswitch", Severity.ERROR, "the VIP is not inside the configured vSwitch CIDR"),
    GARP_MASTER_DELAY_MISSING("garp-master-delay-missing", Severity.WARNING,
            "no garp_master_delay: the cloud may miss the one gratuitous ARP sent at takeover"),
    GARP_MASTER_REFRESH_MISSING("garp-master-refresh-missing", Severity.WARNING,
            "no garp_master_refresh: the cloud never re-learns the owner after a missed announcement"),
    ADVERT_INT_VRRPV2("advert-int-vrrpv2", Severity.ERROR,
            "advert_int that VRRPv2 cannot express (it must be a whole number of seconds, 1..255)"),
    FAILOVER_BUDGET("failover-budget", Severity.WARNING, "master-down time (3 x advert_int + skew) exceeds the failover budget"),
    AUTH_PASS_TRUNCATED("auth-pass-truncated", Severity.WARNING, "auth_pass longer than 8 characters; keepalived truncates it"),
    TRACK_SCRIPT_UNDEFINED("track-script-undefined", Severity.ERROR, "track_script names a vrrp_script that is not defined"),
    TRACK_FILE_UNDEFINED("track-file-undefined", Severity.ERROR, "track_file names a track_file that is not defined"),
    SCRIPT_UNUSED("script-unused", Severity.INFO, "a vrrp_script is defined but no instance or group tracks it"),
    NOTIFY_SCRIPT_MISSING("notify-script-missing", Severity.WARNING, "a notify script does not exist or is not executable"),
    PRIORITY_RANGE("priority-range", Severity.ERROR, "priority outside 1..254 (255 is reserved for the address owner)"),
    FENCE_TRACK_FILE_MISSING("fence-track-file-missing", Severity.WARNING,
            "the instance tracks no track_file with weight 0, so vipwarden cannot fence this node"),
    VALUE_RANGE("value-range", Severity.ERROR, "a value outside the range keepalived accepts"),
    VRRP_INSTANCE_NAME_MISSING("instance-name-missing", Severity.ERROR, "a vrrp_instance block without a name");

    private final String id;
    private final Severity severity;
    private final String description;

    LintRule(String id, Severity severity, String description) {
        this.id = id;
        this.severity = severity;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public String description() {
        return description;
    }
}
