package io.vipwarden.gateway.audit;

import io.vipwarden.events.AuditEvent;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's local copy of the audit topic: an append-only file of the events as published, and
 * compact in-memory indexes over it.
 *
 * <p>Why a local log rather than re-reading the topic at every start: a year of audit is millions of
 * events; re-reading them from Kafka at each restart would keep the gateway unready for minutes and
 * load the brokers. Each record in the file carries its Kafka partition and offset, so at start the
 * file is scanned, the indexes are rebuilt, and consumption resumes exactly after the last stored
 * offset of each partition: nothing is lost and nothing counted twice, and a torn last record (a crash
 * mid-write) is detected by its CRC and cut off, to be read again from Kafka. The topic stays the
 * source of truth: deleting the directory rebuilds everything from it.
 *
 * <p>Memory: event bodies stay on disk. Per event the store keeps about 41 bytes (file position and
 * length, time, HaVip and node dictionary ids, type, and one entry in each of the per-HaVip, per-node
 * and per-type position lists), so a million events take about 40 MB. A query walks the smallest
 * matching position list backwards from its cursor, checks the other filters on primitive arrays,
 * and reads only the bodies it returns.
 *
 * <p>Thread-safety: one writer (the ingest thread) appends; any number of readers query.
 */
public final class AuditStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditStore.class);
    private static final byte[] MAGIC = "VWAUDIT1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = MAGIC.length + 16;
    private static final int BLOCK = 1024;
    private static final AuditEvent.Type[] TYPES = AuditEvent.Type.values();

    private final Path file;
    private final boolean fsync;
    private final FileChannel channel;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final String generation;

    private long[] jsonPos = new long[1024];
    private int[] jsonLen = new int[1024];
    private long[] atMillis = new long[1024];
    private int[] havipIds = new int[1024];
    private int[] nodeIds = new int[1024];
    private byte[] types = new byte[1024];
    private long[] blockMin = new long[16];
    private long[] blockMax = new long[16];
    private int count;
    private volatile long endOfFile;

    private final Map<String, Integer> havipDict = new HashMap<>();
    private final List<String> havipNames = new ArrayList<>();
    private final Map<String, Integer> nodeDict = new HashMap<>();
    private final List<IntList> byHavip = new ArrayList<>();
    private final List<IntList> byNode = new ArrayList<>();
    private final IntList[] byType = new IntList[TYPES.length];
    private final Map<Integer, Long> nextOffsets = new HashMap<>();

    private AuditStore(Path file, boolean fsync) throws IOException {
        this.file = file;
        this.fsync = fsync;
        for (int i = 0; i < byType.length; i++) {
            byType[i] = new IntList();
        }
        Files.createDirectories(file.getParent());
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (channel.size() < HEADER_BYTES) {
            UUID gen = UUID.randomUUID();
            this.generation = gen.toString().replace("-", "");
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            header.put(MAGIC);
            header.putLong(gen.getMostSignificantBits()).putLong(gen.getLeastSignificantBits()).flip();
            channel.truncate(0);
            channel.write(header, 0);
            channel.force(true);
            endOfFile = HEADER_BYTES;
        } else {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            channel.read(header, 0);
            header.flip();
            byte[] magic = new byte[MAGIC.length];
            header.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                channel.close();
                throw new IOException(file + " is not a vipwarden audit log (delete it to rebuild from the topic)");
            }
            this.generation = new UUID(header.getLong(), header.getLong()).toString().replace("-", "");
            rebuild();
        }
    }

    /** Opens (or creates) the store in {@code dir}, rebuilding the indexes from the file. */
    public static AuditStore open(Path dir, boolean fsync) {
        try {
            return new AuditStore(dir.resolve("audit.log"), fsync);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit store in " + dir, e);
        }
    }

    /** A random id made when the file was created: cursors from another file are refused, not misread. */
    public String generation() {
        return generation;
    }

    /** One event read from the topic, with where it was read from. */
    public record Incoming(int partition, long offset, AuditEvent event, byte[] json) {
    }

    /**
     * Appends a batch (records at or below an already stored offset of their partition are skipped, so
     * a re-delivery is harmless), then makes it visible to queries.
     *
     * @return how many were appended
     */
    public int append(List<Incoming> batch) {
        List<Incoming> fresh = new ArrayList<>(batch.size());
        Map<Integer, Long> seen = new HashMap<>();
        for (Incoming in : batch) {
            long next = seen.getOrDefault(in.partition(), nextOffset(in.partition()));
            if (in.offset() >= next) {
                fresh.add(in);
                seen.put(in.partition(), in.offset() + 1);
            }
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        long[] positions = new long[fresh.size()];
        try {
            long pos = endOfFile;
            for (int i = 0; i < fresh.size(); i++) {
                ByteBuffer record = encode(fresh.get(i));
                positions[i] = pos;
                while (record.hasRemaining()) {
                    pos += channel.write(record, pos);
                }
            }
            if (fsync) {
                channel.force(false);
            }
            endOfFile = pos;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit log " + file, e);
        }
        lock.writeLock().lock();
        try {
            for (int i = 0; i < fresh.size(); i++) {
                Incoming in = fresh.get(i);
                AuditEvent e = in.event();
                index(in.partition(), in.offset(), positions[i] + recordHeaderLength(e), in.json().length,
                        e.at().toEpochMilli(), e.havipId(), e.nodeId(), e.type());
            }
        } finally {
            lock.writeLock().unlock();
        }
        return fresh.size();
    }

    /** The offset to resume {@code partition} from: one past the last stored. */
    public long nextOffset(int partition) {
        lock.readLock().lock();
        try {
            return nextOffsets.getOrDefault(partition, 0L);
        } finally {
            lock.readLock().unlock();
        }
    }

    public Map<Integer, Long> nextOffsets() {
        lock.readLock().lock();
        try {
            return Map.copyOf(nextOffsets);
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return count;
        } finally {
            lock.readLock().unlock();
        }
    }

    public long fileBytes() {
        return endOfFile;
    }

    /** Runs a query: newest first, at most {@code limit} entries, and where the next page starts. */
    public AuditPage query(AuditQuery q) {
        long[] found = new long[Math.min(q.limit(), 1 << 16)];
        int n = 0;
        long next = -1;
        long[] pos;
        int[] len;
        lock.readLock().lock();
        try {
            IntList list = candidates(q);
            if (list == EMPTY) {
                return new AuditPage(List.of(), -1);
            }
            int typeOrdinal = q.type() == null ? -1 : q.type().ordinal();
            Integer havip = q.havipId() == null ? null : havipDict.get(q.havipId());
            Integer node = q.nodeId() == null ? null : nodeDict.get(q.nodeId());
            if (list == null) {
                long start = Math.min(q.beforeSeq(), count) - 1;
                for (long s = start; s >= 0; s--) {
                    int seq = (int) s;
                    if (seq % BLOCK == BLOCK - 1 || s == start) {
                        int block = seq / BLOCK;
                        if (blockMax[block] < q.sinceMillis() || blockMin[block] >= q.untilMillis()) {
                            s = (long) block * BLOCK; // skip the whole block; the loop's s-- moves below it
                            continue;
                        }
                    }
                    if (matches(seq, q, typeOrdinal, havip, node)) {
                        if (n == q.limit()) {
                            next = seq + 1L;
                            break;
                        }
                        found = grow(found, n);
                        found[n++] = seq;
                    }
                }
            } else {
                for (int i = list.lastIndexBelow(q.beforeSeq()); i >= 0; i--) {
                    int seq = list.get(i);
                    if (matches(seq, q, typeOrdinal, havip, node)) {
                        if (n == q.limit()) {
                            next = seq + 1L;
                            break;
                        }
                        found = grow(found, n);
                        found[n++] = seq;
                    }
                }
            }
            pos = new long[n];
            len = new int[n];
            for (int i = 0; i < n; i++) {
                pos[i] = jsonPos[(int) found[i]];
                len[i] = jsonLen[(int) found[i]];
            }
        } finally {
            lock.readLock().unlock();
        }
        List<AuditPage.Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(new AuditPage.Entry(found[i], readBody(pos[i], len[i])));
        }
        // The cursor is the last returned position: the next page holds what is older than it.
        return new AuditPage(entries, next < 0 ? -1 : found[n - 1]);
    }

    private static long[] grow(long[] a, int n) {
        return n < a.length ? a : Arrays.copyOf(a, a.length * 2);
    }

    private static final IntList EMPTY = new IntList();

    /** The smallest position list the filters allow, null for "every position", EMPTY for none. */
    private IntList candidates(AuditQuery q) {
        IntList best = null;
        if (q.havipId() != null) {
            Integer id = havipDict.get(q.havipId());
            if (id == null) {
                return EMPTY;
            }
            best = byHavip.get(id);
        }
        if (q.nodeId() != null) {
            Integer id = nodeDict.get(q.nodeId());
            if (id == null) {
                return EMPTY;
            }
            IntList l = byNode.get(id);
            best = best == null || l.size() < best.size() ? l : best;
        }
        if (q.type() != null) {
            IntList l = byType[q.type().ordinal()];
            best = best == null || l.size() < best.size() ? l : best;
        }
        return best;
    }

    private boolean matches(int seq, AuditQuery q, int typeOrdinal, Integer havip, Integer node) {
        long at = atMillis[seq];
        return at >= q.sinceMillis() && at < q.untilMillis()
                && (typeOrdinal < 0 || types[seq] == typeOrdinal)
                && (havip == null || havipIds[seq] == havip)
                && (node == null || nodeIds[seq] == node);
    }

    private byte[] readBody(long position, int length) {
        ByteBuffer buf = ByteBuffer.allocate(length);
        try {
            while (buf.hasRemaining()) {
                int read = channel.read(buf, position + buf.position());
                if (read < 0) {
                    throw new EOFException("audit log ends inside a record at " + position);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
        return buf.array();
    }

    // Record: int bodyLength | int crc32(body) | body, where body =
    // int partition | long offset | long atMillis | str type | str havip | str node | int jsonLength | json
    private static ByteBuffer encode(Incoming in) {
        AuditEvent e = in.event();
        byte[] type = e.type().name().getBytes(StandardCharsets.UTF_8);
        byte[] havip = e.havipId().getBytes(StandardCharsets.UTF_8);
        byte[] node = e.nodeId() == null ? new byte[0] : e.nodeId().getBytes(StandardCharsets.UTF_8);
        int bodyLength = 4 + 8 + 8 + 2 + type.length + 2 + havip.length + 2 + node.length + 4 + in.json().length;
        ByteBuffer b = ByteBuffer.allocate(8 + bodyLength);
        b.putInt(bodyLength).putInt(0);
        b.putInt(in.partition()).putLong(in.offset()).putLong(e.at().toEpochMilli());
        b.putShort((short) type.length).put(type);
        b.putShort((short) havip.length).put(havip);
        b.putShort((short) node.length).put(node);
        b.putInt(in.json().length).put(in.json());
        CRC32 crc = new CRC32();
        crc.update(b.array(), 8, bodyLength);
        b.putInt(4, (int) crc.getValue());
        return b.flip();
    }

    private static int recordHeaderLength(AuditEvent e) {
        int type = e.type().name().getBytes(StandardCharsets.UTF_8).length;
        int havip = e.havipId().getBytes(StandardCharsets.UTF_8).length;
        int node = e.nodeId() == null ? 0 : e.nodeId().getBytes(StandardCharsets.UTF_8).length;
        return 8 + 4 + 8 + 8 + 2 + type + 2 + havip + 2 + node + 4;
    }

    private void rebuild() throws IOException {
        long size = channel.size();
        long pos = HEADER_BYTES;
        InputStream raw = Channels.newInputStream(channel.position(HEADER_BYTES));
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20));
        byte[] body = new byte[4096];
        CRC32 crc = new CRC32();
        while (pos + 8 <= size) {
            int bodyLength = in.readInt();
            int expectedCrc = in.readInt();
            if (bodyLength < 30 || pos + 8 + bodyLength > size) {
                break;
            }
            if (body.length < bodyLength) {
                body = new byte[Math.max(bodyLength, body.length * 2)];
            }
            in.readFully(body, 0, bodyLength);
            crc.reset();
            crc.update(body, 0, bodyLength);
            if ((int) crc.getValue() != expectedCrc) {
                break;
            }
            ByteBuffer b = ByteBuffer.wrap(body, 0, bodyLength);
            int partition = b.getInt();
            long offset = b.getLong();
            long at = b.getLong();
            String type = string(b);
            String havip = string(b);
            String node = string(b);
            int jsonLength = b.getInt();
            long jsonStart = pos + 8 + b.position();
            AuditEvent.Type t;
            try {
                t = AuditEvent.Type.valueOf(type);
            } catch (IllegalArgumentException e) {
                t = AuditEvent.Type.OTHER;
            }
            index(partition, offset, jsonStart, jsonLength, at, havip, node.isEmpty() ? null : node, t);
            pos += 8 + bodyLength;
        }
        if (pos < size) {
            log.warn("audit log {}: cutting {} bytes of a torn or corrupt record at {}; they are read again from Kafka",
                    file, size - pos, pos);
            channel.truncate(pos);
        }
        endOfFile = pos;
        log.info("audit store {}: {} events, {} bytes, resuming at offsets {}", file, count, pos, nextOffsets);
    }

    private static String string(ByteBuffer b) {
        int length = b.getShort() & 0xffff;
        String s = new String(b.array(), b.arrayOffset() + b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }

    private void index(int partition, long offset, long position, int length, long at, String havip, String node,
            AuditEvent.Type type) {
        if (count == jsonPos.length) {
            int cap = count * 2;
            jsonPos = Arrays.copyOf(jsonPos, cap);
            jsonLen = Arrays.copyOf(jsonLen, cap);
            atMillis = Arrays.copyOf(atMillis, cap);
            havipIds = Arrays.copyOf(havipIds, cap);
            nodeIds = Arrays.copyOf(nodeIds, cap);
            types = Arrays.copyOf(types, cap);
        }
        int seq = count;
        jsonPos[seq] = position;
        jsonLen[seq] = length;
        atMillis[seq] = at;
        int h = havipDict.computeIfAbsent(havip, k -> {
            havipNames.add(k);
            byHavip.add(new IntList());
            return byHavip.size() - 1;
        });
        havipIds[seq] = h;
        byHavip.get(h).add(seq);
        if (node == null) {
            nodeIds[seq] = -1;
        } else {
            int nid = nodeDict.computeIfAbsent(node, k -> {
                byNode.add(new IntList());
                return byNode.size() - 1;
            });
            nodeIds[seq] = nid;
            byNode.get(nid).add(seq);
        }
        types[seq] = (byte) type.ordinal();
        byType[type.ordinal()].add(seq);
        int block = seq / BLOCK;
        if (block == blockMin.length) {
            blockMin = Arrays.copyOf(blockMin, block * 2);
            blockMax = Arrays.copyOf(blockMax, block * 2);
        }
        if (seq % BLOCK == 0) {
            blockMin[block] = at;
            blockMax[block] = at;
        } else {
            blockMin[block] = Math.min(blockMin[block], at);
            blockMax[block] = Math.max(blockMax[block], at);
        }
        nextOffsets.merge(partition, offset + 1, Math::max);
        count = seq + 1;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing the audit log {}: {}", file, e.toString());
        }
    }
}
