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
 * other values are encoded here, since the engine keeps changing them. Memory held: entries handed over and not
 * yet written, bounded for the walk by {@link #MAX_PENDING} (writes ahead of the walk are not bounded: they are
 * the copy-on-write cost).
 */
final class Snapshot implements SnapshotHook {
    /** The walk pauses while the writer has this much to write. */
    static final long MAX_PENDING = 16L << 20;
    /** Per-entry bookkeeping on top of key and value bytes (objects and references). */
    private static final int ENTRY_OVERHEAD = 64;

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
    private final long keysTotal;
    private int db = -1;
    private long cursor;
    private List<Object> batch = new ArrayList<>();
    private long batchBytes;
    private int batchKeys;
    private long peakBytes;

    @SuppressWarnings("unchecked")
    Snapshot(Engine engine, int epoch, SnapshotWriter writer) {
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
        nextDatabase();
    }

    long keysTotal() { return keysTotal; }

    /** Bytes the snapshot holds now: handed to the writer, or waiting for their database. */
    long currentBytes() {
        long b = writer.pendingBytes.get() + batchBytes;
        for (long h : heldBytes) b += h;
        return b;
    }

    long peakBytes() { return peakBytes; }

    @Override
    public void beforeWrite(Database d, Dict.Node<Object> n) {
        if (n.snapshot == epoch) return;
        Dict<Object> dict = d.keyDict();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == dict) {
                emit(i, n);
                return;
            }
        }
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
            if ((++buckets & 63) == 0
                    && (System.nanoTime() - start > budgetNs || writer.pendingBytes.get() > MAX_PENDING)) break;
            int current = db;
            cursor = sizes[db] == 0 ? 0 : keys[db].scan(cursor, n -> {
                if (n.snapshot != epoch) emit(current, n);
            });
            if (cursor == 0) nextDatabase();
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

    /** Hands over the key's current value, TTL and access clock; the key counts as saved from now on. */
    private void emit(int i, Dict.Node<Object> n) {
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
        } else {
            byte[] encoded = RdbWriter.encode(n.key, n.value, expireAt, idle, freq, compress);
            item = encoded;
            bytes = encoded.length + ENTRY_OVERHEAD;
        }
        if (i == db) {
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
