package io.vipwarden.sandbox.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.events.VrrpState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedVrrpGroupTest {
    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();
    private final List<String> announced = new ArrayList<>();
    private SimulatedVrrpGroup group;
    private Instant now = Instant.parse("2026-11-22T00:00:00Z");

    @BeforeEach
    void setUp() {
        SimulatedNode a = new SimulatedNode("a", "i-1", "192.0.2.11", 100, null, null, dir.resolve("fence-a"));
        SimulatedNode b = new SimulatedNode("b", "i-2", "192.0.2.12", 90, null, null, dir.resolve("fence-b"));
        group = new SimulatedVrrpGroup("VI_1", "192.0.2.10", 51, Duration.ofSeconds(1), List.of(a, b),
                new SimulatedVrrpGroup.VrrpListener() {
                    @Override
                    public void notifyLine(SimulatedNode node, String line) {
                        lines.add(node.nodeId() + " " + line);
                    }

                    @Override
                    public void announced(SimulatedNode node, String vip) {
                        announced.add(node.nodeId());
                    }
                });
    }

    private void runFor(Duration d) {
        Instant end = now.plus(d);
        while (now.isBefore(end)) {
            now = now.plusMillis(50);
            group.tick(now);
        }
    }

    @Test
    void shouldElectTheHigherPriorityNodeAfterTheMasterDownInterval() {
        runFor(Duration.ofMillis(3000));
        assertTrue(group.masters().isEmpty(), "nobody is master before 3 x advert_int + skew");
        runFor(Duration.ofMillis(1000));
        assertEquals(List.of("a"), group.masters().stream().map(SimulatedNode::nodeId).toList());
        assertTrue(lines.contains("a INSTANCE \"VI_1\" MASTER 100"), lines.toString());
        assertEquals(List.of("a"), announced);
    }

    @Test
    void shouldFailOverWhenTheMasterIsKilledWithoutANotification() {
        runFor(Duration.ofSeconds(5));
        lines.clear();
        group.kill("a");
        runFor(Duration.ofMillis(3000));
        assertTrue(group.masters().isEmpty());
        runFor(Duration.ofMillis(1000));
        assertEquals("b", group.masters().get(0).nodeId());
        assertEquals(List.of("b INSTANCE \"VI_1\" MASTER 90"), lines, "a killed keepalived says nothing");
    }

    @Test
    void shouldSplitBrainWhenAdvertsAreDroppedAndYieldWithoutReannouncingWhenHealed() {
        runFor(Duration.ofSeconds(5));
        group.blockAdverts(true);
        runFor(Duration.ofSeconds(5));
        assertEquals(2, group.masters().size());
        group.blockAdverts(false);
        announced.clear();
        runFor(Duration.ofMillis(200));
        assertEquals(List.of("a"), group.masters().stream().map(SimulatedNode::nodeId).toList());
        assertTrue(announced.isEmpty(), "the surviving master sends no new gratuitous ARP after a heal");
        assertTrue(group.reannounce("a", now));
        assertEquals(List.of("a"), announced);
    }

    @Test
    void shouldGoToFaultAndReleaseTheVipWhileTheTrackFileIsNonZero() throws Exception {
        runFor(Duration.ofSeconds(5));
        Files.writeString(dir.resolve("fence-a"), "1\n");
        runFor(Duration.ofMillis(100));
        assertEquals(VrrpState.FAULT, group.node("a").state());
        runFor(Duration.ofSeconds(4));
        assertEquals("b", group.masters().get(0).nodeId());
        Files.writeString(dir.resolve("fence-a"), "0\n");
        runFor(Duration.ofSeconds(5));
        assertEquals(VrrpState.BACKUP, group.node("a").state(), "nopreempt: the unfenced node stays BACKUP");
        assertEquals("b", group.masters().get(0).nodeId());
    }

    @Test
    void shouldHandOverAtOnceOnAGracefulStop() {
        runFor(Duration.ofSeconds(5));
        group.stop("a", now);
        runFor(Duration.ofMillis(100));
        assertEquals("b", group.masters().get(0).nodeId());
        assertTrue(lines.contains("a INSTANCE \"VI_1\" STOP 0"), lines.toString());
    }

    @Test
    void shouldWriteTheJsonDumpInKeepalivedsLayout() {
        runFor(Duration.ofSeconds(5));
        String dump = group.jsonDump(group.node("a"));
        assertTrue(dump.startsWith("[{\"data\":{\"iname\":\"VI_1\""), dump);
        assertTrue(dump.contains("\"state\":2"), dump);
        assertTrue(dump.contains("\"effective_priority\":100"), dump);
    }
}
