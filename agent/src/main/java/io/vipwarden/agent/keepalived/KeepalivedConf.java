package io.vipwarden.agent.keepalived;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed keepalived configuration: {@code global_defs}, {@code vrrp_script} and {@code track_file}
 * definitions, {@code vrrp_sync_group}s and {@code vrrp_instance}s, plus the raw statements (for the
 * linter) and the problems the parser met.
 */
public record KeepalivedConf(
        Path mainFile,
        List<ConfNode> nodes,
        List<ConfProblem> problems,
        List<Path> files,
        ConfNode globalDefs,
        Map<String, ScriptDef> scripts,
        Map<String, TrackFileDef> trackFileDefs,
        Map<String, List<String>> syncGroups,
        List<VrrpInstanceConf> instances) {

    /** A {@code vrrp_script} definition. */
    public record ScriptDef(String name, String script, String interval, String weight, ConfNode node) {
    }

    /** A {@code track_file} definition: the file keepalived watches and the weight it applies. */
    public record TrackFileDef(String name, String file, String weight, ConfNode node) {
        /** Weight 0 means any non-zero value in the file puts tracking instances into FAULT: a fence. */
        public boolean fences() {
            return weight == null || weight.trim().equals("0");
        }
    }

    public static KeepalivedConf load(Path file) throws IOException {
        ConfParser.Result result = ConfParser.parseFile(file);
        return of(file, result);
    }

    public static KeepalivedConf parse(String text, String name) {
        return of(Path.of(name), ConfParser.parseString(text, name));
    }

    public Optional<VrrpInstanceConf> instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The instance whose {@code virtual_ipaddress} holds this address. */
    public Optional<VrrpInstanceConf> instanceWithVip(String vip) {
        return instances.stream().filter(i -> i.vipAddresses().contains(vip)).findFirst();
    }

    /** A global_defs setting's first argument, or null. */
    public String globalDef(String keyword) {
        return globalDefs == null ? null : globalDefs.childArg(keyword);
    }

    private static KeepalivedConf of(Path file, ConfParser.Result result) {
        ConfNode globalDefs = null;
        Map<String, ScriptDef> scripts = new LinkedHashMap<>();
        Map<String, TrackFileDef> trackFiles = new LinkedHashMap<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        List<VrrpInstanceConf> instances = new ArrayList<>();
        for (ConfNode n : result.nodes()) {
            if (n.keyword() == null || !n.isBlock()) {
                continue;
            }
            switch (n.keyword()) {
                case "global_defs" -> globalDefs = n;
                case "vrrp_script" -> {
                    if (n.arg() != null) {
                        scripts.put(n.arg(), new ScriptDef(n.arg(), joined(n, "script"), n.childArg("interval"),
                                n.childArg("weight"), n));
                    }
                }
                case "track_file", "vrrp_track_file" -> {
                    if (n.arg() != null) {
                        trackFiles.put(n.arg(), new TrackFileDef(n.arg(), n.childArg("file"),
                                n.childArg("weight"), n));
                    }
                }
                case "vrrp_sync_group" -> {
                    if (n.arg() != null) {
                        groups.put(n.arg(), n.blockEntries("group").stream().map(ConfNode::keyword).toList());
                    }
                }
                case "vrrp_instance" -> instances.add(instance(n));
                default -> {
                }
            }
        }
        return new KeepalivedConf(file, result.nodes(), result.problems(), result.files(), globalDefs, scripts,
                trackFiles, groups, instances);
    }

    private static String joined(ConfNode n, String keyword) {
        return n.child(keyword).map(c -> String.join(" ", c.args())).orElse(null);
    }

    private static List<String> entries(ConfNode n, String keyword) {
        return n.blockEntries(keyword).stream()
                .filter(c -> c.keyword() != null && !c.keyword().equals("}"))
                .map(c -> c.args().isEmpty() ? c.keyword() : c.keyword() + " " + String.join(" ", c.args()))
                .toList();
    }

    private static List<String> names(ConfNode n, String keyword) {
        return n.blockEntries(keyword).stream()
                .map(ConfNode::keyword)
                .filter(k -> k != null && !k.equals("}"))
                .toList();
    }

    private static VrrpInstanceConf instance(ConfNode n) {
        ConfNode auth = n.child("authentication").orElse(null);
        Map<String, String> notify = new LinkedHashMap<>();
        for (String key : List.of("notify", "notify_master", "notify_backup", "notify_fault", "notify_stop",
                "notify_deleted", "notify_master_rx_lower_pri")) {
            String cmd = joined(n, key);
            if (cmd != null) {
                notify.put(key, cmd);
            }
        }
        return new VrrpInstanceConf(
                n.arg() == null ? "" : n.arg(),
                n.childArg("state"),
                n.childArg("interface"),
                n.childArg("virtual_router_id"),
                n.childArg("priority"),
                n.childArg("advert_int"),
                n.child("nopreempt").isPresent(),
                n.childArg("preempt_delay"),
                n.childArg("unicast_src_ip"),
                names(n, "unicast_peer"),
                entries(n, "virtual_ipaddress"),
                entries(n, "virtual_routes"),
                names(n, "track_script"),
                names(n, "track_interface"),
                names(n, "track_file"),
                n.childArg("garp_master_delay"),
                n.childArg("garp_master_refresh"),
                auth == null ? null : auth.childArg("auth_type"),
                auth == null ? null : auth.childArg("auth_pass"),
                notify,
                n);
    }
}
