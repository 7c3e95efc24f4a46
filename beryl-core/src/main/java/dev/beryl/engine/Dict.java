package dev.beryl.engine;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A hash table keyed by byte[] contents (Redis's dict): chained buckets, power-of-two sizes, lookups without
 * allocation, random sampling for RANDOMKEY and active expiry, and SCAN's reverse-binary cursor, which visits
 * every entry present for the whole scan even if the table grows or shrinks between calls.
 */
public final class Dict<V> {
    /** One entry. {@code lru} is the keyspace's access clock (OBJECT IDLETIME / FREQ); other users ignore it. */
    public static final class Node<V> {
        public final byte[] key;
        final int hash;
        public V value;
        public int lru;
        Node<V> next;

        Node(byte[] key, int hash, V value, Node<V> next) {
            this.key = key;
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }

    private static final int MIN_SIZE = 4;

    @SuppressWarnings("unchecked")
    private Node<V>[] table = new Node[MIN_SIZE];
    private int size;

    public int size() { return size; }
    public boolean isEmpty() { return size == 0; }
    public int buckets() { return table.length; }

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
        int h = hash(key);
        for (Node<V> n = table[h & (table.length - 1)]; n != null; n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) return n;
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
        int h = hash(key);
        int i = h & (table.length - 1);
        for (Node<V> n = table[i]; n != null; n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                V old = n.value;
                n.value = value;
                return old;
            }
        }
        insert(key, h, value);
        return null;
    }

    /** Adds a key known to be absent and returns its node. */
    public Node<V> add(byte[] key, V value) {
        return insert(key, hash(key), value);
    }

    private Node<V> insert(byte[] key, int h, V value) {
        if (size >= table.length) resize(table.length * 2);
        int i = h & (table.length - 1);
        Node<V> n = new Node<>(key, h, value, table[i]);
        table[i] = n;
        size++;
        return n;
    }

    public V remove(byte[] key) {
        Node<V> n = removeNode(key);
        return n == null ? null : n.value;
    }

    public Node<V> removeNode(byte[] key) {
        if (size == 0) return null;
        int h = hash(key);
        int i = h & (table.length - 1);
        Node<V> prev = null;
        for (Node<V> n = table[i]; n != null; prev = n, n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                if (prev == null) table[i] = n.next;
                else prev.next = n.next;
                size--;
                if (table.length > MIN_SIZE && size * 8 < table.length) resize(Math.max(MIN_SIZE, Integer.highestOneBit(Math.max(size, 1)) * 2));
                return n;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public void clear() {
        table = new Node[MIN_SIZE];
        size = 0;
    }

    @SuppressWarnings("unchecked")
    private void resize(int newCap) {
        Node<V>[] old = table;
        Node<V>[] t = new Node[newCap];
        int mask = newCap - 1;
        for (Node<V> head : old) {
            for (Node<V> n = head; n != null; ) {
                Node<V> next = n.next;
                int i = n.hash & mask;
                n.next = t[i];
                t[i] = n;
                n = next;
            }
        }
        table = t;
    }

    /** Pre-sizes the table for n entries (loading, COPY of big collections). */
    public void expand(int n) {
        int cap = table.length;
        while (cap < n) cap *= 2;
        if (cap != table.length) resize(cap);
    }

    /**
     * Visits the bucket the cursor points at and returns the next cursor (0 when the scan is complete).
     * The cursor is incremented in reverse-bit order so that buckets already visited map onto buckets
     * already visited after a resize. The visitor must not change the dict (collect, then act).
     */
    public long scan(long cursor, Consumer<Node<V>> visitor) {
        if (size == 0) return 0;
        long mask = table.length - 1;
        for (Node<V> n = table[(int) (cursor & mask)]; n != null; n = n.next) visitor.accept(n);
        cursor |= ~mask;
        cursor = Long.reverse(cursor);
        cursor++;
        return Long.reverse(cursor);
    }

    /** A random entry, or null when empty: a random non-empty bucket, then a random node of its chain. */
    public Node<V> random(RandomGenerator rnd) {
        if (size == 0) return null;
        Node<V> head;
        do {
            head = table[rnd.nextInt(table.length)];
        } while (head == null);
        int len = 0;
        for (Node<V> n = head; n != null; n = n.next) len++;
        int k = rnd.nextInt(len);
        Node<V> n = head;
        while (k-- > 0) n = n.next;
        return n;
    }

    /**
     * A random entry with a flatter distribution than {@link #random} (Redis's dictGetFairRandomKey): walks
     * buckets from a random one collecting up to 20 entries, jumping elsewhere after long empty runs, and
     * picks one of them uniformly, so an entry's chance does not depend on the length of its chain.
     */
    public Node<V> fairRandom(RandomGenerator rnd) {
        if (size == 0) return null;
        int want = Math.min(20, size);
        int steps = want * 10;
        int mask = table.length - 1;
        int i = rnd.nextInt() & mask;
        int empty = 0;
        int seen = 0;
        Node<V> pick = null;
        while (seen < want && steps-- > 0) {
            Node<V> n = table[i];
            if (n == null) {
                if (++empty >= 5 && empty > want) {
                    i = rnd.nextInt() & mask;
                    empty = 0;
                }
            } else {
                empty = 0;
                for (; n != null && seen < want; n = n.next) {
                    seen++;
                    if (rnd.nextInt(seen) == 0) pick = n; // reservoir: uniform over the entries seen
                }
            }
            i = (i + 1) & mask;
        }
        return pick != null ? pick : random(rnd);
    }

    /** Visits every entry; the action must not change the dict. */
    public void forEach(Consumer<Node<V>> action) {
        for (Node<V> head : table) {
            for (Node<V> n = head; n != null; n = n.next) action.accept(n);
        }
    }
}
