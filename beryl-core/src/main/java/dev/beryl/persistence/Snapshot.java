package dev.beryl.persistence;

import dev.beryl.engine.Database;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Engine;
import dev.beryl.engine.SnapshotHook;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine-thread side of a background save: a point-in-time view of the keyspace without a copy of it.
 * It walks each database's key dict with a SCAN cursor, a slice per event-loop turn, and hands each key's value
 * to the {@link SnapshotWriter}; a key about to change before the walk reached it is handed over first
 * ({@link #beforeWrite}), and keys created meanwhile are marked as already done. Node marks
 * ({@link Dict.Node#snapshot}) make each key go out exactly once. Strings go by reference (they are immutable);
 * other values are encoded here, since the engine keeps changing them: a big collection the walk reaches is
 * encoded a slice per turn ({@link SlicedEntry}), its pieces sent in file order while the entries handed over
 * meanwhile wait behind it, and completed at once if a write to it comes first. Memory held: entries handed over
 * and not yet written, bounded for the walk by {@link #MAX_PENDING} (writes ahead of the walk are not bounded:
 * they are the copy-on-write cost). For an AOF base without RDB preamble, values are encoded as the commands that
 * rebuild them ({@link AofCommandFormat}), each in one go.
 */
final class Snapshot implements SnapshotHook {
    /** The walk pauses while the writer has this much to write. */
    static final long MAX_PENDING = 16L << 20;
    /** Per-entry bookkeeping on top of key and value bytes (objects and references). */
    private static final int ENTRY_OVERHEAD = 64;
    /** Elements of a big collection encoded between two looks at the clock. */
    private static final int SLICE_ELEMENTS = 1024;

    private final Engine engine;
    private final int epoch;
    private final SnapshotWriter writer;
    private final Dict<Object>[] keys;
    private final Dict<Long>[] expires;
    private final int[] sizes;
    private final int[] expireSizes;
    /** Entries of databases the walk has not reached yet (their SELECTDB comes later in the file). */
    private final List<Object>[] held;
    private final long[] heldBytes;
    private final boolean lru;
    private final boolean lfu;
    private final boolean compress;
    /** Values go as AOF commands instead of RDB entries. */
    private final boolean commands;
    private final long keysTotal;
    private int db = -1;
    private long cursor;
    /** The current database's dict has been scanned to its end. */
    private boolean walked;
    /** The big collection being encoded, or null; the entries emitted meanwhile wait in {@link #behindBig}. */
    private SlicedEntry big;
    private List<Object> behindBig = new ArrayList<>();
    private long behindBigBytes;
    private List<Object> batch = new ArrayList<>();
    private long batchBytes;
    private int batchKeys;
    private long peakBytes;

    @SuppressWarnings("unchecked")
    Snapshot(Engine engine, int epoch, SnapshotWriter writer, boolean commands) {
        this.engine = engine;
        this.epoch = epoch;
        this.writer = writer;
        int n = engine.databaseCount();
        keys = new Dict[n];
        expires = new Dict[n];
        sizes = new int[n];
        expireSizes = new int[n];
        held = new List[n];
        heldBytes = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            Database d = engine.database(i);
            keys[i] = d.keyDict();
            expires[i] = d.expireDict();
            sizes[i] = d.size();
            expireSizes[i] = d.expiresSize();
            total += sizes[i];
        }
        keysTotal = total;
        String policy = engine.config().get("maxmemory-policy");
        lru = policy.endsWith("-lru");
        lfu = policy.endsWith("-lfu");
        compress = engine.config().getBool("rdbcompression");
        this.commands = commands;
        nextDatabase();
    }

    long keysTotal() { return keysTotal; }

    /** Bytes the snapshot holds now: handed to the writer, or waiting for their database. */
    long currentBytes() {
        long b = writer.pendingBytes.get() + batchBytes + behindBigBytes;
        for (long h : heldBytes) b += h;
        return b;
    }

    long peakBytes() { return peakBytes; }

    @Override
    public void beforeWrite(Database d, Dict.Node<Object> n) {
        if (big != null && big.node() == n) {
            encodeBig(Integer.MAX_VALUE); // its old value must be complete before it changes: bounded by this key
            return;
        }
        if (n.snapshot == epoch) return;
        Dict<Object> dict = d.keyDict();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == dict) {
                emit(i, n, false);
                return;
            }
        }
    }

    /** The key of the big collection being encoded, or null (tests). */
    byte[] slicing() { return big == null ? null : big.node().key; }

    /** The save stops: a big collection's table resumes its rehashing. */
    void abandon() {
        if (big != null) big.abandon();
        big = null;
    }

    @Override
    public void created(Dict.Node<Object> n) {
        n.snapshot = epoch;
    }

    /**
     * One slice of the walk, for about {@code budgetNs} or until the writer is {@link #MAX_PENDING} behind;
     * true once every database has been walked and the writer told to finish.
     */
    boolean step(long budgetNs) {
        long start = System.nanoTime();
        int buckets = 0;
        while (db < keys.length) {
            if ((big != null || (++buckets & 63) == 0)
                    && (System.nanoTime() - start > budgetNs || writer.pendingBytes.get() > MAX_PENDING)) break;
            if (big != null) {
                encodeBig(SLICE_ELEMENTS);
            } else if (walked) {
                nextDatabase();
            } else {
                int current = db;
                cursor = keys[db].scan(cursor, n -> {
                    if (n.snapshot != epoch) emit(current, n, true);
                });
                walked = cursor == 0;
            }
        }
        flush();
        if (db < keys.length) return false;
        writer.end();
        return true;
    }

    /** Done with the current database: its entries go out, then the next non-empty one begins. */
    private void nextDatabase() {
        flush();
        db++;
        cursor = 0;
        walked = false;
        while (db < keys.length && sizes[db] == 0) db++;
        if (db == keys.length) return;
        batch.add(new SnapshotWriter.Select(db, sizes[db], expireSizes[db]));
        if (held[db] != null) {
            batch.addAll(held[db]);
            batchKeys += held[db].size();
            batchBytes += heldBytes[db];
            held[db] = null;
            heldBytes[db] = 0;
        }
    }

    private void flush() {
        if (batch.isEmpty()) return;
        writer.send(new SnapshotWriter.Batch(batch, batchBytes, batchKeys));
        batch = new ArrayList<>();
        batchBytes = 0;
        batchKeys = 0;
        peakBytes = Math.max(peakBytes, currentBytes());
    }

    /** Encodes more of the big collection; once complete, the entries that waited behind it follow it. */
    private void encodeBig(int elements) {
        boolean done = big.encode(elements);
        byte[] piece = big.take();
        batch.add(piece);
        batchBytes += piece.length;
        if (!done) return;
        big = null;
        batchKeys++;
        batch.addAll(behindBig);
        batchKeys += behindBig.size();
        batchBytes += behindBigBytes;
        behindBig = new ArrayList<>();
        behindBigBytes = 0;
    }

    /**
     * Hands over the key's current value, TTL and access clock; the key counts as saved from now on. A big
     * collection reached by the walk ({@code walk}) is only started here, and encoded by the following steps.
     */
    private void emit(int i, Dict.Node<Object> n, boolean walk) {
        n.snapshot = epoch;
        Long ttl = expires[i].isEmpty() ? null : expires[i].get(n.key);
        long expireAt = ttl == null ? -1 : ttl;
        long idle = lru ? engine.accessClock().idleSeconds(n.lru) : -1;
        int freq = lfu ? engine.accessClock().frequency(n.lru) : -1;
        Object item;
        long bytes;
        if (n.value instanceof byte[] s) {
            item = new SnapshotWriter.StringEntry(n.key, s, expireAt, idle, freq);
            bytes = n.key.length + s.length + ENTRY_OVERHEAD;
        } else if (walk && big == null && SlicedEntry.wanted(n.value)) {
            big = new SlicedEntry(n, expireAt, idle, freq, compress, commands);
            return;
        } else if (commands) {
            byte[] encoded = AofCommandFormat.encode(n.key, n.value, expireAt);
            item = encoded;
            bytes = encoded.length + ENTRY_OVERHEAD;
        } else {
            byte[] encoded = RdbWriter.encode(n.key, n.value, expireAt, idle, freq, compress);
            item = encoded;
            bytes = encoded.length + ENTRY_OVERHEAD;
        }
        if (i == db && big != null) {
            behindBig.add(item);
            behindBigBytes += bytes;
        } else if (i == db) {
            batch.add(item);
            batchBytes += bytes;
            batchKeys++;
        } else {
            if (held[i] == null) held[i] = new ArrayList<>();
            held[i].add(item);
            heldBytes[i] += bytes;
            peakBytes = Math.max(peakBytes, currentBytes());
        }
    }
}
