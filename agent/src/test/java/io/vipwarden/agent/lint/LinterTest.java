package io.vipwarden.agent.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.agent.TestFiles;
import io.vipwarden.agent.keepalived.KeepalivedConf;
import io.vipwarden.events.LintFinding;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LinterTest {
    private static List<LintFinding> lintResource(String name, LintContext context) throws Exception {
        return Linter.lint(KeepalivedConf.load(TestFiles.keepalived(name)), context);
    }

    private static List<LintFinding> lint(String text, LintContext context) {
        return Linter.lint(KeepalivedConf.parse(text, "inline.conf"), context);
    }

    private static void assertFinding(List<LintFinding> findings, LintRule rule, int line) {
        assertTrue(findings.stream().anyMatch(f -> f.ruleId().equals(rule.id()) && f.line() == line),
                "expected " + rule.id() + " on line " + line + " in\n" + LintReport.text(findings));
        LintFinding f = findings.stream().filter(x -> x.ruleId().equals(rule.id()) && x.line() == line).findFirst()
                .orElseThrow();
        assertEquals(rule.severity(), f.severity());
        assertFalse(f.hint() == null || f.hint().isBlank(), "every finding says how to fix it");
    }

    private static Set<String> rules(List<LintFinding> findings) {
        return findings.stream().map(LintFinding::ruleId).collect(Collectors.toSet());
    }

    private static final String GOOD_INSTANCE = """
            track_file fence { file /tmp/fence weight 0 }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 100
                advert_int 1
                garp_master_delay 1
                garp_master_refresh 5
                unicast_src_ip 192.0.2.11
                unicast_peer {
                    192.0.2.12
                }
                virtual_ipaddress {
                    192.0.2.100/24
                }
                track_file {
                    fence
                }
            }
            """;

    @Test
    void shouldFindNothingWrongInTheVendorGuideConfigs() throws Exception {
        for (String name : List.of("alibaba-node-a.conf", "tencent-node-a.conf", "private-cloud/keepalived.conf")) {
            List<LintFinding> findings = lintResource(name, LintContext.fileOnly());
            assertTrue(findings.isEmpty(), name + ":\n" + LintReport.text(findings));
        }
        assertTrue(lint(GOOD_INSTANCE, LintContext.fileOnly()).isEmpty());
    }

    @Test
    void shouldReportEveryCloudMistakeOnItsLine() throws Exception {
        List<LintFinding> f = lintResource("broken-cloud.conf", LintContext.fileOnly());
        assertFinding(f, LintRule.VRRP_STRICT, 4);
        assertFinding(f, LintRule.SCRIPT_UNUSED, 7);
        assertFinding(f, LintRule.VALUE_RANGE, 10);
        assertFinding(f, LintRule.UNICAST_REQUIRED, 13);
        assertFinding(f, LintRule.GARP_MASTER_DELAY_MISSING, 13);
        assertFinding(f, LintRule.GARP_MASTER_REFRESH_MISSING, 13);
        assertFinding(f, LintRule.FENCE_TRACK_FILE_MISSING, 13);
        assertFinding(f, LintRule.VALUE_RANGE, 16);
        assertFinding(f, LintRule.NOPREEMPT_WITH_MASTER, 17);
        assertFinding(f, LintRule.PRIORITY_RANGE, 18);
        assertFinding(f, LintRule.ADVERT_INT_VRRPV2, 19);
        assertFinding(f, LintRule.AUTH_PASS_TRUNCATED, 22);
        assertFinding(f, LintRule.MULTIPLE_VIPS, 26);
        assertFinding(f, LintRule.TRACK_SCRIPT_UNDEFINED, 29);
        assertFinding(f, LintRule.NOTIFY_SCRIPT_MISSING, 31);
        assertFinding(f, LintRule.UNKNOWN_KEYWORD, 32);
        assertFinding(f, LintRule.BLOCK_WITHOUT_KEYWORD, 35);
        assertFinding(f, LintRule.UNKNOWN_KEYWORD, 36);
        assertFinding(f, LintRule.STRAY_CLOSE_BRACE, 37);
        assertTrue(Linter.hasError(f));
    }

    @Test
    void shouldReportIpv6VipsUndefinedTrackFilesSlowAdvertsAndStrayBraces() throws Exception {
        List<LintFinding> f = lintResource("broken-tracking.conf", LintContext.fileOnly());
        assertFinding(f, LintRule.FENCE_TRACK_FILE_MISSING, 2);
        assertFinding(f, LintRule.PRIORITY_RANGE, 6);
        assertFinding(f, LintRule.FAILOVER_BUDGET, 7);
        assertFinding(f, LintRule.IPV6_VIP, 15);
        assertFinding(f, LintRule.TRACK_FILE_UNDEFINED, 18);
        assertFinding(f, LintRule.STRAY_CLOSE_BRACE, 21);
    }

    @Test
    void shouldCheckPeersSourceAddressAndInterfaceAgainstThisNode() {
        LintContext context = new LintContext(Optional.of(Set.of("192.0.2.99", "127.0.0.1")), Optional.of(Set.of("lo", "ens5")),
                Map.of("VI_1", List.of("192.0.2.11", "192.0.2.12", "192.0.2.13")), Map.of(), 10_000);
        List<LintFinding> f = lint(GOOD_INSTANCE, context);
        assertFinding(f, LintRule.UNICAST_SRC_IP_NOT_LOCAL, 10);
        assertFinding(f, LintRule.INTERFACE_NOT_FOUND, 4);
        assertFinding(f, LintRule.UNICAST_PEER_MISSING, 11);
        assertEquals(1, f.stream().filter(x -> x.ruleId().equals(LintRule.UNICAST_PEER_MISSING.id())).count(),
                "only 192.0.2.13 is missing: .11 is this node's unicast_src_ip, .12 is listed");
        LintContext here = new LintContext(Optional.of(Set.of("192.0.2.11")), Optional.of(Set.of("eth0")),
                Map.of("*", List.of("192.0.2.11", "192.0.2.12")), Map.of(), 10_000);
        assertTrue(lint(GOOD_INSTANCE, here).isEmpty(), LintReport.text(lint(GOOD_INSTANCE, here)));
    }

    @Test
    void shouldWarnWhenUnicastSrcIpIsMissing() {
        List<LintFinding> f = lint(GOOD_INSTANCE.replace("    unicast_src_ip 192.0.2.11\n", ""), LintContext.fileOnly());
        assertFinding(f, LintRule.UNICAST_SRC_IP_MISSING, 2);
    }

    @Test
    void shouldCheckTheVipAgainstTheVswitchCidr() {
        LintContext inside = new LintContext(Optional.empty(), Optional.empty(), Map.of(), Map.of("VI_1", "192.0.2.0/24"), 10_000);
        assertTrue(lint(GOOD_INSTANCE, inside).isEmpty());
        LintContext outside = new LintContext(Optional.empty(), Optional.empty(), Map.of(), Map.of("*", "198.51.100.0/24"), 10_000);
        assertFinding(lint(GOOD_INSTANCE, outside), LintRule.VIP_OUTSIDE_VSWITCH, 15);
    }

    @Test
    void shouldAcceptSubSecondAdvertsOnlyWithVrrpV3() {
        String v3 = GOOD_INSTANCE.replace("advert_int 1", "advert_int 0.5\n    version 3");
        assertTrue(lint(v3, LintContext.fileOnly()).isEmpty(), LintReport.text(lint(v3, LintContext.fileOnly())));
        String v2 = GOOD_INSTANCE.replace("advert_int 1", "advert_int 0.5");
        assertFinding(lint(v2, LintContext.fileOnly()), LintRule.ADVERT_INT_VRRPV2, 7);
        String tooBig = GOOD_INSTANCE.replace("advert_int 1", "advert_int 41\n    version 3");
        assertFinding(lint(tooBig, LintContext.fileOnly()), LintRule.VALUE_RANGE, 7);
    }

    @Test
    void shouldReportParseProblemsAndNamelessInstances() {
        List<LintFinding> f = lint("vrrp_instance {\n  state BACKUP\n}\nvrrp_instance VI_2 {\n", LintContext.fileOnly());
        assertFinding(f, LintRule.VRRP_INSTANCE_NAME_MISSING, 1);
        assertFinding(f, LintRule.PARSE, 4);
    }

    @Test
    void shouldHaveATestForEveryRule() {
        // Every rule appears in at least one of the fixtures above; this guards new rules against being untested.
        EnumSet<LintRule> covered = EnumSet.noneOf(LintRule.class);
        try {
            for (String name : List.of("broken-cloud.conf", "broken-tracking.conf")) {
                rules(lintResource(name, LintContext.fileOnly())).forEach(id -> covered.addAll(
                        Arrays.stream(LintRule.values()).filter(r -> r.id().equals(id)).toList()));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        covered.addAll(List.of(LintRule.UNICAST_SRC_IP_NOT_LOCAL, LintRule.INTERFACE_NOT_FOUND,
                LintRule.UNICAST_PEER_MISSING, LintRule.UNICAST_SRC_IP_MISSING, LintRule.VIP_OUTSIDE_VSWITCH,
                LintRule.VRRP_INSTANCE_NAME_MISSING, LintRule.PARSE));
        assertEquals(EnumSet.allOf(LintRule.class), covered);
    }

    @Test
    void shouldPrintTextAndJson() throws Exception {
        List<LintFinding> f = lintResource("broken-tracking.conf", LintContext.fileOnly());
        String text = LintReport.text(f);
        assertTrue(text.contains("broken-tracking.conf:15: error [ipv6-vip]"), text);
        assertTrue(text.contains("    fix: "), text);
        String json = LintReport.json(f);
        assertTrue(json.contains("\"ruleId\" : \"ipv6-vip\""), json);
        assertTrue(json.contains("\"line\" : 15"), json);
    }
}
