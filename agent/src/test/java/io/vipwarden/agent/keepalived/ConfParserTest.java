package io.vipwarden.agent.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.agent.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfParserTest {
    @Test
    void shouldReadTheAlibabaTwoNodeGuideConfig() throws Exception {
        KeepalivedConf conf = KeepalivedConf.load(TestFiles.keepalived("alibaba-node-a.conf"));
        assertTrue(conf.problems().isEmpty(), conf.problems().toString());
        assertEquals("node-a", conf.globalDef("router_id"));
        assertEquals("/run/vipwarden/notify.fifo", conf.globalDef("vrrp_notify_fifo"));
        VrrpInstanceConf vi = conf.instance("VI_1").orElseThrow();
        assertEquals("BACKUP", vi.state());
        assertEquals("eth0", vi.iface());
        assertEquals("51", vi.virtualRouterId());
        assertEquals("100", vi.priority());
        assertEquals("1", vi.advertInt());
        assertTrue(vi.nopreempt());
        assertEquals("192.0.2.11", vi.unicastSrcIp(), "a trailing # comment is not part of the value");
        assertEquals(List.of("192.0.2.12"), vi.unicastPeers());
        assertEquals(List.of("192.0.2.100/24 dev eth0"), vi.vips());
        assertEquals(List.of("192.0.2.100"), vi.vipAddresses());
        assertEquals("1", vi.garpMasterDelay());
        assertEquals("5", vi.garpMasterRefresh());
        assertEquals(List.of("vipwarden_fence"), vi.trackFiles());
        assertEquals(13, vi.node().line());
        assertEquals(32, vi.node().closeLine());
        assertEquals(22, vi.lineOf("unicast_src_ip"));
        KeepalivedConf.TrackFileDef fence = conf.trackFileDefs().get("vipwarden_fence");
        assertEquals("/var/lib/vipwarden/fence/VI_1", fence.file(), "quotes are removed");
        assertTrue(fence.fences());
    }

    @Test
    void shouldReadTheTencentConfigWithTrackScriptAndAuthentication() throws Exception {
        KeepalivedConf conf = KeepalivedConf.load(TestFiles.keepalived("tencent-node-a.conf"));
        VrrpInstanceConf vi = conf.instance("VI_1").orElseThrow();
        assertEquals(List.of("chk_nginx"), vi.trackScripts());
        assertEquals("PASS", vi.authType());
        assertEquals("vipw1234", vi.authPass());
        KeepalivedConf.ScriptDef script = conf.scripts().get("chk_nginx");
        assertEquals("/usr/bin/pgrep nginx", script.script(), "a quoted string keeps its spaces");
        assertEquals("-30", script.weight());
        assertEquals("2", script.interval());
        assertEquals(conf.instanceWithVip("198.51.100.200").orElseThrow().name(), "VI_1");
    }

    @Test
    void shouldFollowIncludeGlobsRelativeToTheIncludingFile() throws Exception {
        KeepalivedConf conf = KeepalivedConf.load(TestFiles.keepalived("private-cloud/keepalived.conf"));
        assertTrue(conf.problems().isEmpty(), conf.problems().toString());
        assertEquals(List.of("VI_EXT", "VI_INT"), conf.instances().stream().map(VrrpInstanceConf::name).toList());
        VrrpInstanceConf ext = conf.instance("VI_EXT").orElseThrow();
        assertEquals(List.of("203.0.113.2", "203.0.113.3"), ext.unicastPeers());
        assertEquals(List.of("192.0.2.0/24 via 203.0.113.254 dev eth0"), ext.virtualRoutes());
        VrrpInstanceConf internal = conf.instance("VI_INT").orElseThrow();
        assertTrue(internal.node().file().endsWith("conf.d/vi-int.conf"), internal.node().file());
        assertEquals(6, internal.node().line(), "lines count in the included file");
        assertEquals(2, conf.files().size());
        assertTrue(conf.trackFileDefs().containsKey("fence_int"));
    }

    @Test
    void shouldReadOneLineBlocksBangCommentsAndNotifySettings() {
        KeepalivedConf conf = KeepalivedConf.parse("""
                vrrp_instance VI_9 { ! a comment
                  virtual_ipaddress { 192.0.2.9 }
                  unicast_peer { 192.0.2.1 }
                  notify "/usr/local/bin/notify.sh arg"
                  preempt_delay 30
                }
                vrrp_sync_group G1 {
                  group {
                    VI_9
                  }
                }
                """, "inline.conf");
        VrrpInstanceConf vi = conf.instance("VI_9").orElseThrow();
        assertEquals(List.of("192.0.2.9"), vi.vips());
        assertEquals(List.of("192.0.2.1"), vi.unicastPeers());
        assertEquals(Map.of("notify", "/usr/local/bin/notify.sh arg"), vi.notifyScripts());
        assertEquals("30", vi.preemptDelay());
        assertFalse(vi.nopreempt());
        assertEquals(Map.of("G1", List.of("VI_9")), conf.syncGroups());
    }

    @Test
    void shouldKeepKeywordlessBlocksStrayBracesAndUnclosedBlocksAsProblemsNotCrashes() {
        KeepalivedConf conf = KeepalivedConf.parse("""
                {
                  foo
                }
                }
                vrrp_instance VI_1 {
                  state BACKUP
                """, "bad.conf");
        ConfNode anonymous = conf.nodes().get(0);
        assertNull(anonymous.keyword());
        assertEquals(1, anonymous.line());
        assertEquals(3, anonymous.closeLine());
        assertEquals("}", conf.nodes().get(1).keyword());
        assertEquals(4, conf.nodes().get(1).line());
        assertEquals(1, conf.problems().size());
        assertEquals("unclosed-block", conf.problems().get(0).kind());
        assertEquals(5, conf.problems().get(0).line());
    }

    @Test
    void shouldReportAnIncludeThatMatchesNothing(@TempDir Path dir) throws Exception {
        Path main = dir.resolve("keepalived.conf");
        Files.writeString(main, "include missing/*.conf\ninclude other.conf\n");
        Files.writeString(dir.resolve("other.conf"), "global_defs {\n router_id x\n}\n");
        KeepalivedConf conf = KeepalivedConf.load(main);
        assertEquals("x", conf.globalDef("router_id"));
        assertEquals(1, conf.problems().size());
        assertTrue(conf.problems().get(0).message().contains("matches no file"));
    }
}
