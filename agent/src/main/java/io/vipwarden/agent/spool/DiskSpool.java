package io.vipwarden.agent.spool;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's outbox: every event is appended here before it is sent, and acknowledged once Kafka
 * has it, so nothing is lost while the broker is away or across an agent restart, and replay keeps
 * the original order.
 *
 * <p>Layout: {@code spool-<generation>.log} holds entries {@code [length][crc32][kind][keyLength][key][value]};
 * {@code cursor} holds {@code <generation> <offset>} (everything before offset is acknowledged). When
 * everything is acknowledged, or when the spool is full and must drop heartbeats, the pending entries
 * are copied into the next generation's file, the cursor is switched to it (atomic rename), and the
 * old file is deleted: a crash at any point leaves a consistent pair. A torn entry at the end (crash
 * mid-append) is cut off on open.
 *
 * <p>Bounded by {@code maxBytes} of pending entries: on overflow the oldest heartbeats are dropped
 * first; other events (transitions, command results) are never dropped, even beyond the bound.
 * Thread-safe.
 */
public final class DiskSpool implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(DiskSpool.class);
    private static final int HEADER = 8;
    private static final long COMPACT_AT_BYTES = 1024 * 1024;

    /** Heartbeats may be dropped on overflow; everything else must be delivered. */
    public enum Kind { HEARTBEAT, EVENT }

    /** A pending entry; {@code offset} identifies it for {@link #ack}. */
    public record Entry(long generation, long offset, Kind kind, String key, byte[] value) {
    }

    private final Path dir;
    private final long maxBytes;
    private final AtomicLong droppedHeartbeats = new AtomicLong();
    private final AtomicLong overBound = new AtomicLong();
    private final TreeSet<Long> ackedAhead = new TreeSet<>();
    private long generation;
    private long cursor;
    // RandomAccessFile, not FileChannel: an interrupted thread closes a FileChannel under everyone's feet.
    private RandomAccessFile channel;

    private DiskSpool(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** Opens (or creates) the spool in {@code dir}, recovering what a previous run left. */
    public static DiskSpool open(Path dir, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        DiskSpool spool = new DiskSpool(dir, maxBytes);
        spool.recover();
        return spool;
    }

    private void recover() throws IOException {
        Path cursorFile = dir.resolve("cursor");
        if (Files.exists(cursorFile)) {
            String[] parts = Files.readString(cursorFile, StandardCharsets.UTF_8).trim().split("\\s+");
            generation = Long.parseLong(parts[0]);
            cursor = Long.parseLong(parts[1]);
        }
        channel = new RandomAccessFile(logFile(generation).toFile(), "rw");
        if (cursor > channel.length()) {
            cursor = channel.length();
        }
        long end = scanValidEnd(cursor);
        if (end < channel.length()) {
            log.warn("spool: cutting a torn entry at offset {} of {} (the agent stopped mid-write)", end, logFile(generation));
            channel.setLength(end);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("spool-") && !f.equals(logFile(generation))) {
                    Files.deleteIfExists(f);
                }
            }
        }
        long pending = pendingEntries();
        if (pending > 0) {
            log.info("spool: {} event(s) ({} bytes) from before the restart will be replayed", pending, pendingBytes());
        }
    }

    private Path logFile(long gen) {
        return dir.resolve("spool-" + gen + ".log");
    }

    /** Appends an event. @return false when it was a heartbeat dropped because the spool is full */
    public synchronized boolean append(Kind kind, String key, byte[] value) {
        byte[] entry = encode(kind, key, value);
        try {
            if (pendingBytes() + entry.length > maxBytes) {
                dropHeartbeats(entry.length);
                if (pendingBytes() + entry.length > maxBytes) {
                    if (kind == Kind.HEARTBEAT) {
                        droppedHeartbeats.incrementAndGet();
                        return false;
                    }
                    overBound.incrementAndGet();
                }
            }
            channel.seek(channel.length());
            channel.write(entry);
            if (kind != Kind.HEARTBEAT) {
                // a transition must survive a crash right after it was reported
                channel.getFD().sync();
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the spool in " + dir, e);
        }
    }

    /** Up to {@code max} pending entries in order, skipping those already acknowledged out of order. */
    public synchronized List<Entry> peek(int max) {
        List<Entry> out = new ArrayList<>();
        try {
            long pos = cursor;
            long size = channel.length();
            while (pos < size && out.size() < max) {
                Entry e = read(pos);
                if (e == null) {
                    break;
                }
                if (!ackedAhead.contains(pos)) {
                    out.add(e);
                }
                pos += HEADER + entryBodyLength(pos);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spool in " + dir, e);
        }
        return out;
    }

    /** Marks an entry delivered; the cursor moves past every contiguous delivered entry. */
    public synchronized void ack(Entry entry) {
        if (entry.generation() != generation || entry.offset() < cursor) {
            return;
        }
        ackedAhead.add(entry.offset());
        try {
            while (!ackedAhead.isEmpty() && ackedAhead.first() == cursor) {
                ackedAhead.pollFirst();
                cursor += HEADER + entryBodyLength(cursor);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spool in " + dir, e);
        }
    }

    /**
     * Persists the cursor; when everything is delivered and the file has grown past {@link #COMPACT_AT_BYTES},
     * starts a fresh file so the spool does not grow (not on every commit: that would cost a file per heartbeat).
     */
    public synchronized void commit() {
        try {
            if (cursor == channel.length() && cursor >= COMPACT_AT_BYTES) {
                rewrite(List.of());
            } else {
                writeCursor(generation, cursor);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the spool cursor in " + dir, e);
        }
    }

    public synchronized long pendingBytes() {
        try {
            return channel.length() - cursor;
        } catch (IOException e) {
            return 0;
        }
    }

    public synchronized long pendingEntries() {
        long n = 0;
        try {
            long pos = cursor;
            long size = channel.length();
            while (pos < size) {
                pos += HEADER + entryBodyLength(pos);
                n++;
            }
        } catch (IOException e) {
            return n;
        }
        return n - ackedAhead.size();
    }

    public long droppedHeartbeats() {
        return droppedHeartbeats.get();
    }

    /** Events kept although the spool was full (they are never dropped). */
    public long overBound() {
        return overBound.get();
    }

    @Override
    public synchronized void close() {
        try {
            writeCursor(generation, cursor);
            channel.close();
        } catch (IOException e) {
            log.warn("spool: cannot close cleanly: {}", e.toString());
        }
    }

    private void dropHeartbeats(int incoming) throws IOException {
        // Drop down to three quarters of the bound, so that a full spool is not rewritten every second.
        long target = maxBytes * 3 / 4 - incoming;
        List<Entry> pending = peek(Integer.MAX_VALUE);
        long bytes = pending.stream().mapToLong(e -> HEADER + bodyLength(e)).sum();
        List<Entry> kept = new ArrayList<>(pending);
        int dropped = 0;
        for (Iterator<Entry> it = kept.iterator(); it.hasNext() && bytes > target; ) {
            Entry e = it.next();
            if (e.kind() == Kind.HEARTBEAT) {
                it.remove();
                bytes -= HEADER + bodyLength(e);
                dropped++;
            }
        }
        if (dropped > 0) {
            droppedHeartbeats.addAndGet(dropped);
            log.warn("spool full ({} bytes pending, bound {}): dropped the {} oldest heartbeat(s)", pendingBytes(),
                    maxBytes, dropped);
            rewrite(kept);
        }
    }

    /** Moves the given entries into the next generation's file and switches the cursor to it. */
    private void rewrite(List<Entry> kept) throws IOException {
        long next = generation + 1;
        Path nextFile = logFile(next);
        Files.deleteIfExists(nextFile);
        RandomAccessFile out = new RandomAccessFile(nextFile.toFile(), "rw");
        for (Entry e : kept) {
            out.write(encode(e.kind(), e.key(), e.value()));
        }
        out.getFD().sync();
        writeCursor(next, 0);
        Path old = logFile(generation);
        channel.close();
        Files.deleteIfExists(old);
        channel = out;
        generation = next;
        cursor = 0;
        ackedAhead.clear();
    }

    private void writeCursor(long gen, long offset) throws IOException {
        Path tmp = dir.resolve("cursor.tmp");
        Files.writeString(tmp, gen + " " + offset + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int bodyLength(Entry e) {
        return 1 + 2 + e.key().getBytes(StandardCharsets.UTF_8).length + e.value().length;
    }

    private static byte[] encode(Kind kind, String key, byte[] value) {
        byte[] k = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(1 + 2 + k.length + value.length);
        body.put((byte) kind.ordinal()).putShort((short) k.length).put(k).put(value);
        CRC32 crc = new CRC32();
        crc.update(body.array());
        ByteBuffer out = ByteBuffer.allocate(HEADER + body.capacity());
        out.putInt(body.capacity()).putInt((int) crc.getValue()).put(body.array());
        return out.array();
    }

    private int entryBodyLength(long pos) throws IOException {
        channel.seek(pos);
        return channel.readInt();
    }

    /** The entry at {@code pos}, or null when it is torn or corrupt. */
    private Entry read(long pos) throws IOException {
        if (pos + HEADER > channel.length()) {
            return null;
        }
        channel.seek(pos);
        int length = channel.readInt();
        int crcValue = channel.readInt();
        if (length < 3 || pos + HEADER + length > channel.length()) {
            return null;
        }
        byte[] bytes = new byte[length];
        channel.readFully(bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if ((int) crc.getValue() != crcValue) {
            return null;
        }
        ByteBuffer body = ByteBuffer.wrap(bytes);
        Kind kind = Kind.values()[body.get()];
        byte[] key = new byte[body.getShort()];
        body.get(key);
        byte[] value = new byte[body.remaining()];
        body.get(value);
        return new Entry(generation, pos, kind, new String(key, StandardCharsets.UTF_8), value);
    }

    private long scanValidEnd(long from) throws IOException {
        long pos = from;
        while (pos < channel.length()) {
            Entry e = read(pos);
            if (e == null) {
                return pos;
            }
            pos += HEADER + bodyLength(e);
        }
        return pos;
    }
}
