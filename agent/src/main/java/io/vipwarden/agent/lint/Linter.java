package io.vipwarden.agent.lint;

import io.vipwarden.agent.keepalived.ConfNode;
import io.vipwarden.agent.keepalived.ConfProblem;
import io.vipwarden.agent.keepalived.KeepalivedConf;
import io.vipwarden.agent.keepalived.KeepalivedConf.ScriptDef;
import io.vipwarden.agent.keepalived.KeepalivedConf.TrackFileDef;
import io.vipwarden.agent.keepalived.VrrpInstanceConf;
import io.vipwarden.events.LintFinding;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed keepalived configuration against what cloud HaVips need and what keepalived itself
 * accepts ({@link LintRule}). Pure: everything about the node comes in through {@link LintContext}
 * (except whether notify scripts exist, which is read from the file system).
 */
public final class Linter {
    private final LintContext context;
    private final List<LintFinding> findings = new ArrayList<>();

    private Linter(LintContext context) {
        this.context = context;
    }

    /** The findings, ordered by file and line. */
    public static List<LintFinding> lint(KeepalivedConf conf, LintContext context) {
        Linter linter = new Linter(context);
        linter.run(conf);
        List<LintFinding> out = new ArrayList<>(linter.findings);
        out.sort(Comparator.comparing(LintFinding::file, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingInt(LintFinding::line));
        return List.copyOf(out);
    }

    public static boolean hasError(List<LintFinding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == LintFinding.Severity.ERROR);
    }

    private void add(LintRule rule, String file, int line, String message, String hint) {
        findings.add(new LintFinding(rule.id(), rule.severity(), file, line, message, hint));
    }

    private void add(LintRule rule, ConfNode node, String message, String hint) {
        add(rule, node.file(), node.line(), message, hint);
    }

    private void run(KeepalivedConf conf) {
        for (ConfProblem p : conf.problems()) {
            add(LintRule.PARSE, p.file(), p.line(), p.message(), "fix the include path or close the block");
        }
        structure(conf.nodes(), Keywords.TOP_LEVEL, "top level");
        if (conf.globalDefs() != null) {
            conf.globalDefs().child("vrrp_strict").ifPresent(n -> add(LintRule.VRRP_STRICT, n,
                    "vrrp_strict is set in global_defs",
                    "remove vrrp_strict: it refuses unicast_peer and authentication, which cloud HaVips need"));
        }
        Set<String> usedScripts = new HashSet<>();
        for (ConfNode n : conf.nodes()) {
            if ("vrrp_sync_group".equals(n.keyword())) {
                n.blockEntries("track_script").forEach(s -> usedScripts.add(s.keyword()));
            }
        }
        for (ScriptDef script : conf.scripts().values()) {
            checkScript(script);
        }
        for (TrackFileDef def : conf.trackFileDefs().values()) {
            checkTrackFile(def);
        }
        String vrrpVersion = conf.globalDef("vrrp_version");
        for (VrrpInstanceConf instance : conf.instances()) {
            usedScripts.addAll(instance.trackScripts());
            checkInstance(conf, instance, vrrpVersion);
        }
        for (ScriptDef script : conf.scripts().values()) {
            if (!usedScripts.contains(script.name())) {
                add(LintRule.SCRIPT_UNUSED, script.node(), "vrrp_script " + script.name() + " is never tracked",
                        "add it to an instance's track_script block, or delete it");
            }
        }
    }

    /** Anonymous blocks, stray braces and unknown keywords, where keepalived reports them. */
    private void structure(List<ConfNode> nodes, Set<String> known, String where) {
        for (ConfNode n : nodes) {
            if (n.keyword() == null) {
                add(LintRule.BLOCK_WITHOUT_KEYWORD, n, "'{' with no keyword before it",
                        "put the block's keyword (e.g. 'vrrp_instance NAME') on the same line as '{'");
                // keepalived drops the brace and reads what follows at the level the brace appeared
                structure(n.children(), known, where);
                if (n.closeLine() > 0) {
                    add(LintRule.STRAY_CLOSE_BRACE, n.file(), n.closeLine(), "'}' closes no block",
                            "remove the brace together with the keyword-less '{' it was meant to close");
                }
                continue;
            }
            if (n.keyword().equals("}")) {
                add(LintRule.STRAY_CLOSE_BRACE, n, "'}' closes no block", "remove it or add the missing block opener");
                continue;
            }
            if (known != null && !known.contains(n.keyword())) {
                add(LintRule.UNKNOWN_KEYWORD, n, "unknown keyword '" + n.keyword() + "' in " + where,
                        "check the spelling against keepalived.conf(5); keepalived ignores this line");
            }
            if (!n.isBlock()) {
                continue;
            }
            switch (n.keyword()) {
                case "global_defs" -> structure(n.children(), Keywords.GLOBAL_DEFS, "global_defs");
                case "vrrp_instance" -> structure(n.children(), Keywords.VRRP_INSTANCE, "vrrp_instance");
                case "vrrp_script" -> structure(n.children(), Keywords.VRRP_SCRIPT, "vrrp_script");
                case "track_file", "vrrp_track_file" -> {
                    if (where.equals("top level")) {
                        structure(n.children(), Keywords.TRACK_FILE, "track_file");
                    }
                }
                case "authentication" -> structure(n.children(), Set.of("auth_type", "auth_pass"), "authentication");
                default -> structureLists(n.children());
            }
        }
    }

    /** Inside list blocks (addresses, peers, names) only braces can be wrong. */
    private void structureLists(List<ConfNode> nodes) {
        structure(nodes, null, "block");
    }

    private void checkScript(ScriptDef script) {
        if (script.weight() != null) {
            range(script.node().child("weight").orElse(script.node()), script.weight(), -253, 253,
                    "vrrp_script " + script.name() + " weight");
        }
        if (script.interval() != null) {
            range(script.node().child("interval").orElse(script.node()), script.interval(), 1, Integer.MAX_VALUE,
                    "vrrp_script " + script.name() + " interval");
        }
    }

    private void checkTrackFile(TrackFileDef def) {
        if (def.weight() != null) {
            range(def.node().child("weight").orElse(def.node()), def.weight(), -254, 254,
                    "track_file " + def.name() + " weight");
        }
    }

    private void checkInstance(KeepalivedConf conf, VrrpInstanceConf in, String vrrpVersion) {
        ConfNode node = in.node();
        String name = in.name().isEmpty() ? "(unnamed)" : in.name();
        if (in.name().isEmpty()) {
            add(LintRule.VRRP_INSTANCE_NAME_MISSING, node, "vrrp_instance without a name",
                    "write 'vrrp_instance VI_1 {'");
        }
        if (in.virtualRouterId() == null) {
            add(LintRule.VALUE_RANGE, node, name + ": no virtual_router_id", "set virtual_router_id 1..255, unique per VPC");
        } else {
            range(node.child("virtual_router_id").orElseThrow(), in.virtualRouterId(), 1, 255,
                    name + " virtual_router_id");
        }
        checkPriority(in, name);
        checkAdvertInt(in, name, vrrpVersion);
        if (in.nopreempt() && "MASTER".equalsIgnoreCase(in.state())) {
            add(LintRule.NOPREEMPT_WITH_MASTER, in.node().child("nopreempt").orElseThrow(),
                    name + ": nopreempt with state MASTER is ignored by keepalived",
                    "use 'state BACKUP' on every node and let priority pick the first master");
        }
        checkUnicast(in, name);
        checkVips(in, name);
        if (in.garpMasterDelay() == null) {
            add(LintRule.GARP_MASTER_DELAY_MISSING, node, name + ": no garp_master_delay",
                    "add 'garp_master_delay 1' so a second gratuitous ARP follows the takeover");
        } else {
            range(node.child("garp_master_delay").orElseThrow(), in.garpMasterDelay(), 0, 1000,
                    name + " garp_master_delay");
        }
        if (in.garpMasterRefresh() == null && conf.globalDef("vrrp_garp_master_refresh") == null) {
            add(LintRule.GARP_MASTER_REFRESH_MISSING, node, name + ": no garp_master_refresh",
                    "add 'garp_master_refresh 5' so the master re-announces the VIP periodically");
        } else if (in.garpMasterRefresh() != null) {
            range(node.child("garp_master_refresh").orElseThrow(), in.garpMasterRefresh(), 0, Integer.MAX_VALUE,
                    name + " garp_master_refresh");
        }
        if (in.authPass() != null && in.authPass().length() > 8) {
            ConfNode passNode = node.child("authentication").flatMap(a -> a.child("auth_pass")).orElse(node);
            add(LintRule.AUTH_PASS_TRUNCATED, passNode,
                    name + ": auth_pass has " + in.authPass().length() + " characters; keepalived uses the first 8",
                    "shorten auth_pass to at most 8 characters on every node");
        }
        for (ConfNode ts : node.blockEntries("track_script")) {
            if (ts.keyword() != null && !ts.keyword().equals("}") && !conf.scripts().containsKey(ts.keyword())) {
                add(LintRule.TRACK_SCRIPT_UNDEFINED, ts, name + ": track_script '" + ts.keyword() + "' is not defined",
                        "define 'vrrp_script " + ts.keyword() + " { ... }' or fix the name");
            }
        }
        boolean fenceable = false;
        for (ConfNode tf : node.blockEntries("track_file")) {
            if (tf.keyword() == null || tf.keyword().equals("}")) {
                continue;
            }
            TrackFileDef def = conf.trackFileDefs().get(tf.keyword());
            if (def == null) {
                add(LintRule.TRACK_FILE_UNDEFINED, tf, name + ": track_file '" + tf.keyword() + "' is not defined",
                        "define 'track_file " + tf.keyword() + " { file PATH weight 0 }' or fix the name");
                continue;
            }
            String weight = tf.args().size() >= 2 && tf.args().get(0).equals("weight") ? tf.args().get(1) : def.weight();
            if (weight == null || weight.trim().equals("0")) {
                fenceable = true;
            }
        }
        if (!fenceable) {
            add(LintRule.FENCE_TRACK_FILE_MISSING, node, name + ": no track_file with weight 0",
                    "define 'track_file vipwarden_fence { file /var/lib/vipwarden/fence/" + name
                            + " weight 0 }' and list it in this instance's track_file block");
        }
        for (Map.Entry<String, String> e : in.notifyScripts().entrySet()) {
            checkNotifyScript(node.child(e.getKey()).orElse(node), name, e.getKey(), e.getValue());
        }
        if (in.iface() != null && context.localInterfaces().isPresent()
                && !context.localInterfaces().get().contains(in.iface())) {
            add(LintRule.INTERFACE_NOT_FOUND, node.child("interface").orElseThrow(),
                    name + ": interface " + in.iface() + " does not exist on this node",
                    "use one of " + context.localInterfaces().get());
        }
    }

    private void checkPriority(VrrpInstanceConf in, String name) {
        if (in.priority() == null) {
            return;
        }
        ConfNode p = in.node().child("priority").orElseThrow();
        Integer value = integer(in.priority());
        if (value == null) {
            add(LintRule.VALUE_RANGE, p, name + ": priority '" + in.priority() + "' is not a number",
                    "set priority to a whole number 1..254");
        } else if (value < 1 || value > 254) {
            add(LintRule.PRIORITY_RANGE, p, name + ": priority " + value + " outside 1..254",
                    "use 1..254; the highest-priority node becomes master");
        }
    }

    private void checkAdvertInt(VrrpInstanceConf in, String name, String vrrpVersion) {
        if (in.advertInt() == null) {
            return;
        }
        ConfNode a = in.node().child("advert_int").orElseThrow();
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(in.advertInt().trim());
        } catch (NumberFormatException e) {
            add(LintRule.VALUE_RANGE, a, name + ": advert_int '" + in.advertInt() + "' is not a number",
                    "set advert_int in seconds, e.g. 1");
            return;
        }
        boolean v3 = "3".equals(in.node().childArg("version")) || "3".equals(vrrpVersion);
        if (v3) {
            if (seconds.compareTo(new BigDecimal("0.01")) < 0 || seconds.compareTo(new BigDecimal("40.95")) > 0
                    || seconds.scale() > 2) {
                add(LintRule.VALUE_RANGE, a, name + ": advert_int " + seconds + " outside VRRPv3's 0.01..40.95 s",
                        "use hundredths of a second between 0.01 and 40.95");
            }
        } else if (seconds.stripTrailingZeros().scale() > 0 || seconds.compareTo(BigDecimal.ONE) < 0
                || seconds.compareTo(new BigDecimal(255)) > 0) {
            add(LintRule.ADVERT_INT_VRRPV2, a, name + ": VRRPv2 cannot express advert_int " + in.advertInt()
                    + " (keepalived rounds it)", "use a whole number of seconds 1..255, or 'version 3' for sub-second adverts");
        }
        int priority = VrrpInstanceConf.intOr(in.priority(), 100);
        priority = Math.max(1, Math.min(255, priority));
        double advert = seconds.doubleValue();
        double skew = v3 ? (256 - priority) * advert / 256.0 : (256 - priority) / 256.0;
        long masterDownMs = Math.round((3 * advert + skew) * 1000);
        if (masterDownMs > context.failoverBudgetMs()) {
            add(LintRule.FAILOVER_BUDGET, a, name + ": master-down time " + masterDownMs + " ms exceeds the budget of "
                    + context.failoverBudgetMs() + " ms", "lower advert_int (3 x advert_int + skew must fit the budget)");
        }
    }

    private void checkUnicast(VrrpInstanceConf in, String name) {
        ConfNode node = in.node();
        if (in.unicastPeers().isEmpty()) {
            add(LintRule.UNICAST_REQUIRED, node, name + ": no unicast_peer, so VRRP adverts go to multicast",
                    "add 'unicast_src_ip THIS_NODE' and 'unicast_peer { OTHER_NODES }'; cloud VPCs drop multicast");
        }
        if (in.unicastSrcIp() == null) {
            if (!in.unicastPeers().isEmpty()) {
                add(LintRule.UNICAST_SRC_IP_MISSING, node, name + ": unicast_peer without unicast_src_ip",
                        "add 'unicast_src_ip' with this node's address on " + (in.iface() == null ? "the interface" : in.iface()));
            }
        } else if (context.localAddresses().isPresent()
                && !context.localAddresses().get().contains(in.unicastSrcIp())) {
            add(LintRule.UNICAST_SRC_IP_NOT_LOCAL, node.child("unicast_src_ip").orElseThrow(),
                    name + ": unicast_src_ip " + in.unicastSrcIp() + " is not an address of this node",
                    "use this node's address; it has " + context.localAddresses().get());
        }
        List<String> expected = context.peersFor(in.name());
        for (String peer : expected) {
            if (peer.equals(in.unicastSrcIp())
                    || context.localAddresses().map(a -> a.contains(peer)).orElse(false)) {
                continue;
            }
            if (!in.unicastPeers().contains(peer)) {
                ConfNode at = node.child("unicast_peer").orElse(node);
                add(LintRule.UNICAST_PEER_MISSING, at, name + ": peer " + peer + " is missing from unicast_peer",
                        "list every other node of the HaVip in unicast_peer");
            }
        }
    }

    private void checkVips(VrrpInstanceConf in, String name) {
        List<ConfNode> entries = in.node().blockEntries("virtual_ipaddress").stream()
                .filter(e -> e.keyword() != null && !e.keyword().equals("}")).toList();
        if (entries.size() > 1) {
            add(LintRule.MULTIPLE_VIPS, entries.get(1), name + ": " + entries.size() + " addresses in virtual_ipaddress",
                    "one HaVip per instance: move the other addresses to their own instances (and HaVips)");
        }
        String cidr = context.cidrFor(in.name());
        for (ConfNode e : entries) {
            String address = VrrpInstanceConf.address(e.keyword());
            if (address.contains(":")) {
                add(LintRule.IPV6_VIP, e, name + ": IPv6 address " + address + " in virtual_ipaddress",
                        "a HaVip is one IPv4 address; put IPv6 in virtual_ipaddress_excluded or its own instance");
            } else if (!Ipv4.isIpv4(address)) {
                add(LintRule.VALUE_RANGE, e, name + ": '" + address + "' is not an IPv4 address",
                        "write the HaVip's address, e.g. 192.0.2.10/24");
            } else if (cidr != null && !Ipv4.inCidr(address, cidr)) {
                add(LintRule.VIP_OUTSIDE_VSWITCH, e, name + ": VIP " + address + " is outside the vSwitch " + cidr,
                        "use the HaVip's address, which the cloud allocates inside the vSwitch");
            }
        }
    }

    private void checkNotifyScript(ConfNode at, String name, String key, String command) {
        String program = command.trim().split("\\s+")[0];
        if (program.isEmpty() || !program.startsWith("/")) {
            return;
        }
        Path path = Path.of(program);
        if (!Files.exists(path)) {
            add(LintRule.NOTIFY_SCRIPT_MISSING, at, name + ": " + key + " script " + program + " does not exist",
                    "install the script or remove the " + key + " line (prefer notify_fifo)");
        } else if (!Files.isExecutable(path)) {
            add(LintRule.NOTIFY_SCRIPT_MISSING, at, name + ": " + key + " script " + program + " is not executable",
                    "chmod +x " + program);
        }
    }

    private void range(ConfNode at, String raw, long min, long max, String what) {
        Integer value = integer(raw);
        if (value == null) {
            add(LintRule.VALUE_RANGE, at, what + " '" + raw + "' is not a whole number",
                    "use a whole number in [" + min + ", " + max + "]");
        } else if (value < min || value > max) {
            add(LintRule.VALUE_RANGE, at, what + " " + value + " outside [" + min + ", " + max + "]",
                    "use a value in [" + min + ", " + (max == Integer.MAX_VALUE ? "..." : max) + "]");
        }
    }

    private static Integer integer(String raw) {
        try {
            return Integer.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
