package io.vipwarden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.EventCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditStoreTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private final ObjectMapper mapper = EventCodec.newMapper();

    @TempDir
    Path dir;

    private AuditStore.Incoming incoming(int partition, long offset, String havip, String node, AuditEvent.Type type,
            Instant at) throws IOException {
        AuditEvent e = new AuditEvent("a-" + partition + "-" + offset, havip, node, type, "coordinator-1", 1L,
                "reason " + offset, "EXECUTED", Map.of(), at);
        return new AuditStore.Incoming(partition, offset, e, mapper.writeValueAsBytes(e));
    }

    private List<String> ids(AuditPage page) throws IOException {
        List<String> ids = new ArrayList<>();
        for (AuditPage.Entry e : page.entries()) {
            ids.add(mapper.readTree(e.json()).get("auditId").asText());
        }
        return ids;
    }

    @Test
    void shouldAnswerNewestFirstWithFiltersAndCursor() throws IOException {
        try (AuditStore store = AuditStore.open(dir, false)) {
            List<AuditStore.Incoming> batch = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                batch.add(incoming(0, i, "h" + (i % 3), i % 2 == 0 ? "n1" : null,
                        i % 10 == 0 ? AuditEvent.Type.ALERT : AuditEvent.Type.DECISION, T0.plusSeconds(i)));
            }
            assertEquals(3000, store.append(batch));

            AuditPage first = store.query(AuditQuery.newest(3));
            assertEquals(List.of("a-0-2999", "a-0-2998", "a-0-2997"), ids(first));
            AuditPage second = store.query(new AuditQuery(null, null, null, Long.MIN_VALUE, Long.MAX_VALUE, 3,
                    first.nextBeforeSeq()));
            assertEquals(List.of("a-0-2996", "a-0-2995", "a-0-2994"), ids(second));

            AuditPage alerts = store.query(new AuditQuery("h0", "n1", AuditEvent.Type.ALERT, Long.MIN_VALUE,
                    Long.MAX_VALUE, 1000, Long.MAX_VALUE));
            // i % 3 == 0, i even, i % 10 == 0 -> multiples of 30
            assertEquals(100, alerts.entries().size());
            assertFalse(alerts.hasMore());

            long since = T0.plusSeconds(1500).toEpochMilli();
            long until = T0.plusSeconds(1510).toEpochMilli();
            AuditPage window = store.query(new AuditQuery(null, null, null, since, until, 100, Long.MAX_VALUE));
            assertEquals(10, window.entries().size());
            assertEquals("a-0-1509", ids(window).get(0));

            assertTrue(store.query(AuditQuery.newest(5).withHavip("nobody")).entries().isEmpty());
        }
    }

    @Test
    void shouldRebuildFromItsFileAndResumeAfterTheLastStoredOffsets() throws IOException {
        String generation;
        try (AuditStore store = AuditStore.open(dir, true)) {
            generation = store.generation();
            store.append(List.of(incoming(0, 0, "h", "n", AuditEvent.Type.DECISION, T0),
                    incoming(1, 5, "h", "n", AuditEvent.Type.DECISION, T0.plusSeconds(1)),
                    incoming(0, 1, "h", null, AuditEvent.Type.ALERT, T0.plusSeconds(2))));
        }
        try (AuditStore store = AuditStore.open(dir, true)) {
            assertEquals(generation, store.generation());
            assertEquals(3, store.size());
            assertEquals(Map.of(0, 2L, 1, 6L), store.nextOffsets());
            assertEquals(List.of("a-0-1", "a-1-5", "a-0-0"), ids(store.query(AuditQuery.newest(10))));
            assertEquals(0, store.append(List.of(incoming(0, 1, "h", null, AuditEvent.Type.ALERT, T0))),
                    "a re-delivered record is not stored twice");
            assertEquals(1, store.append(List.of(incoming(0, 2, "h", null, AuditEvent.Type.ALERT, T0))));
        }
    }

    @Test
    void shouldCutATornLastRecordAndKeepEverythingBeforeIt() throws IOException {
        try (AuditStore store = AuditStore.open(dir, true)) {
            store.append(List.of(incoming(0, 0, "h", "n", AuditEvent.Type.DECISION, T0),
                    incoming(0, 1, "h", "n", AuditEvent.Type.DECISION, T0)));
        }
        Path file = dir.resolve("audit.log");
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size - 7); // a crash in the middle of the second record
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), ch.size());
        }
        try (AuditStore store = AuditStore.open(dir, true)) {
            assertEquals(1, store.size());
            assertEquals(Map.of(0, 1L), store.nextOffsets(), "offset 1 is read again from Kafka");
            assertEquals(1, store.append(List.of(incoming(0, 1, "h", "n", AuditEvent.Type.DECISION, T0))));
        }
        try (AuditStore store = AuditStore.open(dir, true)) {
            assertEquals(List.of("a-0-1", "a-0-0"), ids(store.query(AuditQuery.newest(10))));
        }
    }
}
