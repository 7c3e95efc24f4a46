package dev.beryl.engine;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A hash table keyed by byte[] contents (Redis's dict): chained buckets, power-of-two sizes, lookups without
 * allocation, random sampling for RANDOMKEY and active expiry, and SCAN's reverse-binary cursor, which visits
 * every entry present for the whole scan even if the table grows or shrinks between calls.
 * <p>
 * Resizing is incremental, as in Redis: a grow or shrink allocates the new table and then every lookup, insert
 * and delete moves one bucket across (plus {@link #rehashStep} from the cron), so no single command ever pays
 * for copying a whole big table. While rehashing, entries live in both tables; inserts go to the new one.
 */
public final class Dict<V> {
    /**
     * One entry. {@code lru} is the keyspace's access clock (OBJECT IDLETIME / FREQ); other users ignore it.
     * The hash is not kept (Redis's dictEntry does not keep it either): a rehash computes it again, and the node
     * stays at 32 bytes with compressed references, which is most of the memory of a small key or set member.
     */
    public static final class Node<V> {
        public final byte[] key;
        public V value;
        public int lru;
        /** The last background save that has this entry's value (see {@link SnapshotHook}); keys only. */
        public int snapshot;
        Node<V> next;

        Node(byte[] key, V value, Node<V> next) {
            this.key = key;
            this.value = value;
            this.next = next;
        }
    }

    private static final int MIN_SIZE = 4;
    /** Empty buckets a single rehash step may skip, as Redis's dictRehash(d, 1) bounds its work. */
    private static final int EMPTY_VISITS_PER_STEP = 10;

    @SuppressWarnings("unchecked")
    private Node<V>[] table = new Node[MIN_SIZE];
    /** The table being rehashed into, or null. */
    private Node<V>[] next;
    /** Next bucket of {@code table} to move while rehashing. */
    private int rehashIndex;
    private int size;
    /** While above zero, lookups leave the buckets alone (Redis's dictPauseRehashing); see {@link #pauseRehashing}. */
    private int rehashPauses;

    public int size() { return size; }
    public boolean isEmpty() { return size == 0; }
    public boolean isRehashing() { return next != null; }

    /**
     * Until {@link #resumeRehashing}, lookups and random picks move no entry between tables, so a {@link #scan}
     * spread over many calls visits every entry exactly once as long as nothing is added or removed (a
     * background save encoding a big collection a slice at a time).
     */
    public void pauseRehashing() { rehashPauses++; }

    public void resumeRehashing() { rehashPauses--; }

    /** The one-bucket rehash step every operation does, unless paused. */
    private void stepIfRehashing() {
        if (next != null && rehashPauses == 0) rehashStep(1);
    }

    /** Buckets of the table entries settle in (the new one while rehashing). */
    public int buckets() { return next != null ? next.length : table.length; }

    public static int hash(byte[] k) {
        int h = 0x811c9dc5;
        for (byte b : k) h = (h ^ b) * 0x01000193;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    public Node<V> find(byte[] key) {
        if (size == 0) return null;
        stepIfRehashing();
        int h = hash(key);
        Node<V> n = findIn(table, key, h);
        return n != null || next == null ? n : findIn(next, key, h);
    }

    private static <V> Node<V> findIn(Node<V>[] t, byte[] key, int h) {
        for (Node<V> n = t[h & (t.length - 1)]; n != null; n = n.next) {
            if (Arrays.equals(n.key, key)) return n;
        }
        return null;
    }

    public V get(byte[] key) {
        Node<V> n = find(key);
        return n == null ? null : n.value;
    }

    public boolean containsKey(byte[] key) { return find(key) != null; }

    /** Inserts or replaces; returns the previous value or null. The key array is kept, so it must not change. */
    public V put(byte[] key, V value) {
        Node<V> n = find(key);
        if (n != null) {
            V old = n.value;
            n.value = value;
            return old;
        }
        insert(key, hash(key), value);
        return null;
    }

    /** Adds a key known to be absent and returns its node. */
    public Node<V> add(byte[] key, V value) {
        stepIfRehashing();
        return insert(key, hash(key), value);
    }

    private Node<V> insert(byte[] key, int h, V value) {
        if (next == null && size >= table.length) startRehash(table.length * 2);
        Node<V>[] t = next != null ? next : table;
        int i = h & (t.length - 1);
        Node<V> n = new Node<>(key, value, t[i]);
        t[i] = n;
        size++;
        return n;
    }

    public V remove(byte[] key) {
        Node<V> n = removeNode(key);
        return n == null ? null : n.value;
    }

    public Node<V> removeNode(byte[] key) {
        if (size == 0) return null;
        stepIfRehashing();
        int h = hash(key);
        Node<V> n = removeFrom(table, key, h);
        if (n == null && next != null) n = removeFrom(next, key, h);
        if (n == null) return null;
        size--;
        if (next == null) shrinkIfSparse();
        return n;
    }

    private static <V> Node<V> removeFrom(Node<V>[] t, byte[] key, int h) {
        int i = h & (t.length - 1);
        Node<V> prev = null;
        for (Node<V> n = t[i]; n != null; prev = n, n = n.next) {
            if (Arrays.equals(n.key, key)) {
                if (prev == null) t[i] = n.next;
                else prev.next = n.next;
                return n;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public void clear() {
        table = new Node[MIN_SIZE];
        next = null;
        rehashIndex = 0;
        size = 0;
    }

    @SuppressWarnings("unchecked")
    private void startRehash(int newCap) {
        if (newCap == table.length) return;
        next = new Node[newCap];
        rehashIndex = 0;
    }

    /** Starts shrinking a table filled below 1/8 (Redis's htNeedsResize); returns whether it did. */
    private boolean shrinkIfSparse() {
        if (table.length <= MIN_SIZE || size * 8 >= table.length) return false;
        startRehash(Math.max(MIN_SIZE, Integer.highestOneBit(Math.max(size, 1)) * 2));
        return true;
    }

    /**
     * Moves up to {@code buckets} buckets of the old table into the new one (skipping at most ten empty buckets
     * per bucket asked for), first starting a shrink if the table has become sparse; returns true while
     * rehashing remains. Called by every operation with 1, and by the cron with more for idle dicts.
     */
    public boolean rehashStep(int buckets) {
        if (next == null && !shrinkIfSparse()) return false;
        return move(buckets) || shrinkIfSparse(); // emptied further while it was shrinking
    }

    /** Moves up to {@code buckets} buckets of the resize under way; returns true while some remain. */
    private boolean move(int buckets) {
        if (next == null) return false;
        int emptyVisits = buckets * EMPTY_VISITS_PER_STEP;
        int mask = next.length - 1;
        while (buckets > 0 && rehashIndex < table.length) {
            Node<V> n = table[rehashIndex];
            if (n == null) {
                rehashIndex++;
                if (--emptyVisits == 0) break;
                continue;
            }
            while (n != null) {
                Node<V> following = n.next;
                int i = hash(n.key) & mask;
                n.next = next[i];
                next[i] = n;
                n = following;
            }
            table[rehashIndex++] = null;
            buckets--;
        }
        if (rehashIndex < table.length) return true;
        table = next;
        next = null;
        rehashIndex = 0;
        return false;
    }

    /** Pre-sizes the table for n entries (loading, COPY of big collections); meant for a dict being filled. */
    public void expand(int n) {
        while (move(1024)) {
            // finish a pending resize first: pre-sizing happens before bulk inserts, not on a hot path
        }
        int cap = table.length;
        while (cap < n) cap *= 2;
        if (cap != table.length) {
            startRehash(cap);
            while (move(1024)) {
                // move everything now; the table is usually empty here (and stays big: no shrink check)
            }
        }
    }

    /**
     * Visits the bucket(s) the cursor points at and returns the next cursor (0 when the scan is complete).
     * The cursor is incremented in reverse-bit order so that buckets already visited map onto buckets already
     * visited after a resize; while rehashing, the cursor's bucket in the smaller table and all its expansions
     * in the larger one are visited (Redis's dictScan). The visitor must not change the dict (collect, then act).
     */
    public long scan(long cursor, Consumer<Node<V>> visitor) {
        if (size == 0) return 0;
        long v = cursor;
        if (next == null) {
            long mask = table.length - 1;
            visitBucket(table, (int) (v & mask), visitor);
            return nextCursor(v, mask);
        }
        Node<V>[] small = table.length <= next.length ? table : next;
        Node<V>[] large = small == table ? next : table;
        long m0 = small.length - 1, m1 = large.length - 1;
        visitBucket(small, (int) (v & m0), visitor);
        do {
            visitBucket(large, (int) (v & m1), visitor);
            v = nextCursor(v, m1);
        } while ((v & (m0 ^ m1)) != 0);
        return v;
    }

    private static <V> void visitBucket(Node<V>[] t, int i, Consumer<Node<V>> visitor) {
        for (Node<V> n = t[i]; n != null; n = n.next) visitor.accept(n);
    }

    private static long nextCursor(long v, long mask) {
        v |= ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    /** The bucket at position i of the combined bucket space (old table first, then the new one). */
    private Node<V> bucketAt(int i) {
        return i < table.length ? table[i] : next[i - table.length];
    }

    private int bucketSpace() {
        return table.length + (next != null ? next.length : 0);
    }

    /** A random entry, or null when empty: a random non-empty bucket, then a random node of its chain. */
    public Node<V> random(RandomGenerator rnd) {
        if (size == 0) return null;
        stepIfRehashing();
        // buckets of the old table below rehashIndex are empty while rehashing, so skip them
        int from = next != null ? rehashIndex : 0;
        int span = bucketSpace() - from;
        Node<V> head;
        do {
            head = bucketAt(from + rnd.nextInt(span));
        } while (head == null);
        int len = 0;
        for (Node<V> n = head; n != null; n = n.next) len++;
        int k = rnd.nextInt(len);
        Node<V> n = head;
        while (k-- > 0) n = n.next;
        return n;
    }

    /**
     * A random entry with a flatter distribution than {@link #random} (Redis's dictGetFairRandomKey over
     * dictGetSomeKeys): walks buckets from a random index collecting up to 20 entries, looking at that index in
     * both tables while rehashing, jumping elsewhere after long empty runs, and picks one of the entries
     * uniformly, so an entry's chance does not depend on the length of its chain.
     */
    public Node<V> fairRandom(RandomGenerator rnd) {
        if (size == 0) return null;
        int want = Math.min(20, size);
        for (int j = 0; j < want; j++) stepIfRehashing();
        int steps = want * 10;
        int maxMask = Math.max(table.length, next != null ? next.length : 0) - 1;
        int i = rnd.nextInt() & maxMask;
        int empty = 0;
        int seen = 0;
        Node<V> pick = null;
        while (seen < want && steps-- > 0) {
            for (int t = 0; t < (next != null ? 2 : 1); t++) {
                Node<V>[] tab = t == 0 ? table : next;
                if (t == 0 && next != null && i < rehashIndex) {
                    // buckets of the old table below rehashIndex are empty: go on in the new table
                    if (i >= next.length) i = rehashIndex;
                    else continue;
                }
                if (i >= tab.length) continue;
                Node<V> n = tab[i];
                if (n == null) {
                    if (++empty >= 5 && empty > want) {
                        i = rnd.nextInt() & maxMask;
                        empty = 0;
                    }
                } else {
                    empty = 0;
                    for (; n != null && seen < want; n = n.next) {
                        seen++;
                        if (rnd.nextInt(seen) == 0) pick = n; // reservoir: uniform over the entries seen
                    }
                }
            }
            i = (i + 1) & maxMask;
        }
        return pick != null ? pick : random(rnd);
    }

    /** Visits every entry; the action must not change the dict. */
    public void forEach(Consumer<Node<V>> action) {
        for (Node<V> head : table) {
            for (Node<V> n = head; n != null; n = n.next) action.accept(n);
        }
        if (next != null) {
            for (Node<V> head : next) {
                for (Node<V> n = head; n != null; n = n.next) action.accept(n);
            }
        }
    }
}
