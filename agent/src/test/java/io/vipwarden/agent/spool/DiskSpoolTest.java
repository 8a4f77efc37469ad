package io.vipwarden.agent.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.agent.spool.DiskSpool.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> values(List<DiskSpool.Entry> entries) {
        return entries.stream().map(e -> new String(e.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void shouldReplayUnacknowledgedEntriesInOrderAfterARestart() throws Exception {
        try (DiskSpool spool = DiskSpool.open(dir, 1 << 20)) {
            for (int i = 1; i <= 5; i++) {
                spool.append(Kind.EVENT, "havip-1", bytes("e" + i));
            }
            List<DiskSpool.Entry> first = spool.peek(2);
            first.forEach(spool::ack);
            spool.commit();
        }
        try (DiskSpool spool = DiskSpool.open(dir, 1 << 20)) {
            List<DiskSpool.Entry> rest = spool.peek(100);
            assertEquals(List.of("e3", "e4", "e5"), values(rest));
            assertEquals("havip-1", rest.get(0).key());
            assertEquals(3, spool.pendingEntries());
        }
    }

    @Test
    void shouldSkipEntriesAcknowledgedOutOfOrderAndStartAFreshFileWhenAllAreDelivered() throws Exception {
        try (DiskSpool spool = DiskSpool.open(dir, 1 << 20)) {
            spool.append(Kind.EVENT, "a", bytes("1"));
            spool.append(Kind.EVENT, "b", bytes("2"));
            spool.append(Kind.EVENT, "c", bytes("3"));
            List<DiskSpool.Entry> all = spool.peek(10);
            spool.ack(all.get(1));
            assertEquals(List.of("1", "3"), values(spool.peek(10)));
            spool.ack(all.get(0));
            spool.ack(all.get(2));
            spool.commit();
            assertEquals(0, spool.pendingBytes());
            assertEquals(0, spool.pendingEntries());
            spool.append(Kind.EVENT, "d", bytes("4"));
            assertEquals(List.of("4"), values(spool.peek(10)));
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("spool-")).count());
        }
    }

    @Test
    void shouldDropOldestHeartbeatsFirstAndNeverOtherEventsWhenFull() throws Exception {
        byte[] payload = new byte[1000];
        try (DiskSpool spool = DiskSpool.open(dir, 64 * 1024)) {
            spool.append(Kind.EVENT, "t", bytes("transition-1"));
            int stored = 0;
            for (int i = 0; i < 200; i++) {
                if (spool.append(Kind.HEARTBEAT, "h", payload)) {
                    stored++;
                }
            }
            spool.append(Kind.EVENT, "t", bytes("transition-2"));
            assertTrue(spool.droppedHeartbeats() > 0);
            assertTrue(spool.pendingBytes() <= 64 * 1024, "bounded: " + spool.pendingBytes());
            List<String> kept = values(spool.peek(Integer.MAX_VALUE).stream().filter(e -> e.kind() == Kind.EVENT).toList());
            assertEquals(List.of("transition-1", "transition-2"), kept);
            long heartbeatsLeft = spool.peek(Integer.MAX_VALUE).stream().filter(e -> e.kind() == Kind.HEARTBEAT).count();
            assertEquals(200, heartbeatsLeft + spool.droppedHeartbeats(), "every heartbeat is either kept or counted");
            assertTrue(stored > 0);
            // transitions beyond the bound are kept, not dropped
            for (int i = 0; i < 100; i++) {
                spool.append(Kind.EVENT, "t", payload);
            }
            assertEquals(102, spool.peek(Integer.MAX_VALUE).stream().filter(e -> e.kind() == Kind.EVENT).count());
            assertTrue(spool.overBound() > 0);
        }
    }

    @Test
    void shouldCutATornEntryLeftByACrashMidWrite() throws Exception {
        try (DiskSpool spool = DiskSpool.open(dir, 1 << 20)) {
            spool.append(Kind.EVENT, "k", bytes("whole"));
        }
        Path log = dir.resolve("spool-0.log");
        Files.write(log, new byte[] {0, 0, 0, 50, 1, 2, 3}, StandardOpenOption.APPEND);
        try (DiskSpool spool = DiskSpool.open(dir, 1 << 20)) {
            assertEquals(List.of("whole"), values(spool.peek(10)));
            spool.append(Kind.EVENT, "k", bytes("next"));
            assertEquals(List.of("whole", "next"), values(spool.peek(10)));
        }
        assertFalse(Files.size(log) == 0);
    }
}
