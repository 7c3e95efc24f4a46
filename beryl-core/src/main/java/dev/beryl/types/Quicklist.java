package dev.beryl.types;

import java.util.Arrays;

/**
 * A Redis list: Redis 7.0's quicklist, a doubly linked sequence of nodes that each pack many elements into one
 * {@link Listpack} byte array, so a list costs a few bytes per element instead of an object each, while pushes
 * and pops at either end stay O(1) and an index costs O(N / node size). As in quicklist.c:
 * <ul>
 * <li>a node grows up to {@code list-max-listpack-size} ("fill"): a negative fill caps its listpack at 4, 8, 16,
 * 32 or 64 KB, a positive one caps its element count (and 8 KB);
 * <li>an element of {@link #packedThreshold} bytes or more gets a "plain" node of its own;
 * <li>with {@code list-compress-depth} d &gt; 0, every node but the d first and d last is kept LZF-compressed.
 * </ul>
 * The node layout follows Redis's insert, split, merge and delete rules, so DEBUG OBJECT's ql_nodes matches.
 * Engine thread only.
 */
public final class Quicklist {
    /** Redis's quicklist packed_threshold default: elements this large get a plain node (DEBUG can lower it). */
    public static final long DEFAULT_PACKED_THRESHOLD = 1L << 30;
    /** Process-wide like Redis's static packed_threshold; only DEBUG QUICKLIST-PACKED-THRESHOLD changes it. */
    private static volatile long packedThreshold = DEFAULT_PACKED_THRESHOLD;

    private static final int[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};
    private static final int SIZE_SAFETY_LIMIT = 8192;
    private static final int SIZE_ESTIMATE_OVERHEAD = 8;
    private static final int MIN_COMPRESS_BYTES = 48;
    private static final int MIN_COMPRESS_IMPROVE = 8;
    private static final int FILL_MAX = (1 << 15) - 1;
    private static final int COMPRESS_MAX = (1 << 16) - 1;

    /** One node: a listpack, or a single large element ("plain"); either may be held LZF-compressed. */
    static final class Node {
        Node prev, next;
        /** The elements while not compressed and not plain. */
        Listpack lp;
        /** The element of a plain node, or the LZF bytes of a compressed node. */
        byte[] blob;
        int count;
        /** Uncompressed size: Redis's lpBytes of the listpack, or the plain element's length. */
        int sz;
        boolean plain;
        boolean compressed;
        /** Decompressed for a change: compress again afterwards (Redis's recompress). */
        boolean recompress;
        boolean dontCompress;

        Node copy() {
            Node n = new Node();
            n.lp = lp == null ? null : lp.copy();
            n.blob = blob; // never changed in place: replaced whole, so a copy may share it
            n.count = count;
            n.sz = sz;
            n.plain = plain;
            n.compressed = compressed;
            return n;
        }

        void updateSize() { sz = (int) lp.bytes(); }
    }

    private Node head, tail;
    private long count;
    private int len;
    private final int fill;
    private final int compress;

    /** A list with the given list-max-listpack-size and list-compress-depth (clamped as Redis does). */
    public Quicklist(int fill, int compressDepth) {
        this.fill = Math.max(-5, Math.min(FILL_MAX, fill));
        this.compress = Math.max(0, Math.min(COMPRESS_MAX, compressDepth));
    }

    /** Sets DEBUG QUICKLIST-PACKED-THRESHOLD; 0 restores the default. False if above 4 GB minus 1 MB, as Redis. */
    public static boolean setPackedThreshold(long sz) {
        if (sz < 0 || sz > (1L << 32) - (1 << 20)) return false;
        packedThreshold = sz == 0 ? DEFAULT_PACKED_THRESHOLD : sz;
        return true;
    }

    private static boolean isLarge(int sz) { return sz >= packedThreshold; }

    public long size() { return count; }
    /** Number of nodes (DEBUG OBJECT ql_nodes). */
    public int nodeCount() { return len; }
    public int fill() { return fill; }
    public int compressDepth() { return compress; }
    /** The first node, for invariant checks in tests. */
    Node headNode() { return head; }

    /** Sum of the nodes' uncompressed sizes (DEBUG OBJECT ql_uncompressed_size). */
    public long uncompressedSize() {
        long s = 0;
        for (Node n = head; n != null; n = n.next) s += n.sz;
        return s;
    }

    /**
     * Estimated heap bytes (MEMORY USAGE): like Redis's objectComputeSize, the first {@code samples} nodes (0: all)
     * are measured and the average extrapolated to every node.
     */
    public long footprint(long samples) {
        long self = Footprint.object(7);
        if (len == 0) return self;
        long measured = 0, bytes = 0;
        for (Node n = head; n != null && (samples == 0 || measured < samples); n = n.next) {
            bytes += Footprint.object(8);
            bytes += n.lp != null ? Footprint.object(3) + Footprint.bytes(n.lp.array().length) : Footprint.bytes(n.blob.length);
            measured++;
        }
        return self + (long) ((double) bytes / measured * len);
    }

    public Quicklist copy() {
        Quicklist q = new Quicklist(fill, compress);
        for (Node n = head; n != null; n = n.next) {
            Node c = n.copy();
            c.prev = q.tail;
            if (q.tail == null) q.head = c;
            else q.tail.next = c;
            q.tail = c;
        }
        q.count = count;
        q.len = len;
        return q;
    }

    // ---- size rules (quicklist.c _quicklistNodeAllowInsert / _quicklistNodeAllowMerge)

    private static boolean meetsOptimization(long sz, int fill) {
        if (fill >= 0) return false;
        int level = -fill - 1;
        return level < OPTIMIZATION_LEVEL.length && sz <= OPTIMIZATION_LEVEL[level];
    }

    private boolean allowInsert(Node node, int sz) {
        if (node == null || node.plain || isLarge(sz)) return false;
        long newSz = (long) node.sz + sz + SIZE_ESTIMATE_OVERHEAD;
        if (meetsOptimization(newSz, fill)) return true;
        if (newSz > SIZE_SAFETY_LIMIT) return false;
        return node.count < fill;
    }

    private boolean allowMerge(Node a, Node b) {
        if (a == null || b == null || a.plain || b.plain) return false;
        long mergeSz = (long) a.sz + b.sz - 11; // Redis's estimate of one header/trailer saved
        if (meetsOptimization(mergeSz, fill)) return true;
        if (mergeSz > SIZE_SAFETY_LIMIT) return false;
        return a.count + b.count <= fill;
    }

    // ---- compression (quicklist.c __quicklistCompress and friends)

    private static void compressNode(Node node) {
        if (node == null || node.compressed || node.dontCompress) return;
        node.recompress = false;
        if (node.sz < MIN_COMPRESS_BYTES) return;
        byte[] src;
        int n;
        if (node.plain) {
            src = node.blob;
            n = src.length;
        } else {
            src = node.lp.array();
            n = node.lp.entriesLength();
        }
        byte[] out = new byte[n];
        int c = Lzf.compress(src, n, out, n);
        if (c == 0 || c + MIN_COMPRESS_IMPROVE >= node.sz) return;
        node.blob = Arrays.copyOf(out, c);
        node.lp = null;
        node.compressed = true;
    }

    /** The uncompressed payload of a compressed node: the plain element, or the listpack's entry bytes. */
    private static byte[] inflate(Node node) {
        int n = node.plain ? node.sz : node.sz - 7;
        byte[] out = new byte[n];
        if (Lzf.decompress(node.blob, node.blob.length, out) != n) throw new IllegalStateException("corrupt quicklist node");
        return out;
    }

    private static void decompressNode(Node node) {
        if (node == null || !node.compressed) return;
        node.recompress = false;
        byte[] raw = inflate(node);
        if (node.plain) {
            node.blob = raw;
        } else {
            node.lp = Listpack.wrap(raw, raw.length, node.count);
            node.blob = null;
        }
        node.compressed = false;
    }

    private static void decompressForUse(Node node) {
        if (node != null && node.compressed) {
            decompressNode(node);
            node.recompress = true;
        }
    }

    private static void recompressOnly(Node node) {
        if (node != null && node.recompress) compressNode(node);
    }

    /** Keeps the compress-depth nodes at each end raw and compresses node (if interior) and the next ones in. */
    private void compressAround(Node node) {
        if (len == 0 || compress == 0 || len < compress * 2) return;
        Node forward = head, reverse = tail;
        boolean inDepth = false;
        for (int depth = 0; depth < compress; depth++) {
            decompressNode(forward);
            decompressNode(reverse);
            if (forward == node || reverse == node) inDepth = true;
            if (forward == reverse || forward.next == reverse) return;
            forward = forward.next;
            reverse = reverse.prev;
        }
        if (!inDepth) compressNode(node);
        compressNode(forward);
        compressNode(reverse);
    }

    private void compress(Node node) {
        if (node.recompress) compressNode(node);
        else compressAround(node);
    }

    // ---- node list

    private void insertNode(Node old, Node node, boolean after) {
        if (after) {
            node.prev = old;
            if (old != null) {
                node.next = old.next;
                if (old.next != null) old.next.prev = node;
                old.next = node;
            }
            if (tail == old) tail = node;
        } else {
            node.next = old;
            if (old != null) {
                node.prev = old.prev;
                if (old.prev != null) old.prev.next = node;
                old.prev = node;
            }
            if (head == old) head = node;
        }
        if (len == 0) head = tail = node;
        len++;
        if (old != null) compress(old);
        compress(node);
    }

    private void deleteNode(Node node) {
        if (node.next != null) node.next.prev = node.prev;
        if (node.prev != null) node.prev.next = node.next;
        if (node == tail) tail = node.prev;
        if (node == head) head = node.next;
        len--;
        count -= node.count;
        compressAround(null); // a node within the depth may have left: decompress its replacement
    }

    private static Node packedNode(byte[] v) {
        Node n = new Node();
        n.lp = new Listpack();
        n.lp.append(v);
        n.count = 1;
        n.updateSize();
        return n;
    }

    private static Node plainNode(byte[] v) {
        Node n = new Node();
        n.plain = true;
        n.blob = v;
        n.count = 1;
        n.sz = v.length;
        return n;
    }

    private void insertPlainNode(Node old, byte[] v, boolean after) {
        insertNode(old, plainNode(v), after);
        count++;
    }

    // ---- nodes as the RDB format stores them (quicklist.c quicklistAppendListpack / quicklistAppendPlainNode)

    /** Appends a node holding these elements as is (loading an RDB quicklist); the listpack must not be empty. */
    public void appendPackedNode(Listpack lp) {
        Node n = new Node();
        n.lp = lp;
        n.count = lp.size();
        n.updateSize();
        insertNode(tail, n, true);
        count += n.count;
    }

    /** Appends a plain node holding one element (loading an RDB quicklist); the array is kept. */
    public void appendPlainNode(byte[] v) {
        insertNode(tail, plainNode(v), true);
        count++;
    }

    /**
     * One node's content for the RDB writer: the element of a plain node or the listpack of a packed one
     * (inflated into a private copy when the node is compressed), and whether it is compressed in memory.
     */
    public record NodeContent(boolean plain, boolean compressed, byte[] element, Listpack listpack) {}

    /** The nodes from head to tail; the list must not change while the iterator is in use. */
    public java.util.Iterator<NodeContent> nodes() {
        return new java.util.Iterator<>() {
            private Node next = head;

            @Override
            public boolean hasNext() { return next != null; }

            @Override
            public NodeContent next() {
                Node n = next;
                if (n == null) throw new java.util.NoSuchElementException();
                next = n.next;
                if (n.plain) return new NodeContent(true, n.compressed, n.compressed ? inflate(n) : n.blob, null);
                return new NodeContent(false, n.compressed, null, n.compressed ? inflatedListpack(n) : n.lp);
            }
        };
    }

    // ---- push and pop

    /** LPUSH/RPUSH of one element. The array is kept as is when it becomes a plain node: never modify it. */
    public void push(byte[] v, boolean atHead) {
        Node edge = atHead ? head : tail;
        if (isLarge(v.length)) {
            insertPlainNode(edge, v, !atHead);
            return;
        }
        if (allowInsert(edge, v.length)) {
            if (atHead) edge.lp.insert(0, v);
            else edge.lp.append(v);
            edge.count++;
            edge.updateSize();
        } else {
            // the full edge node will not grow again from this end: give back its spare capacity
            if (edge != null && edge.lp != null) edge.lp.trimToSize();
            insertNode(edge, packedNode(v), !atHead);
        }
        count++;
    }

    /** Removes and returns the first (or last) element; null when empty. */
    public byte[] pop(boolean atHead) {
        Node node = atHead ? head : tail;
        if (node == null) return null;
        decompressNode(node); // the end nodes are kept raw anyway
        if (node.plain) {
            deleteNode(node);
            return node.blob;
        }
        int p = atHead ? node.lp.first() : node.lp.last();
        byte[] v = node.lp.get(p);
        deleteAt(node, p);
        return v;
    }

    /** Deletes the element at position p of a packed, uncompressed node; true if the node went away. */
    private boolean deleteAt(Node node, int p) {
        node.lp.delete(p, 1);
        node.count--;
        count--;
        if (node.count == 0) {
            deleteNode(node);
            return true;
        }
        node.updateSize();
        return false;
    }

    // ---- positions

    /** A node and the index of an element within it. */
    private record Pos(Node node, int offset) {}

    /** The element at a list index (negative from the tail), walking from the nearer end; null if out of range. */
    private Pos locate(long idx) {
        boolean forward = idx >= 0;
        long index = forward ? idx : -idx - 1;
        if (index >= count) return null;
        long seek = forward ? index : count - 1 - index; // index from the head
        long accum = 0;
        Node n;
        if (seek <= (count - 1) / 2) {
            for (n = head; n != null && accum + n.count <= seek; n = n.next) accum += n.count;
            if (n == null) return null;
            return new Pos(n, (int) (seek - accum));
        }
        long fromTail = count - 1 - seek;
        for (n = tail; n != null && accum + n.count <= fromTail; n = n.prev) accum += n.count;
        if (n == null) return null;
        return new Pos(n, (int) (n.count - 1 - (fromTail - accum)));
    }

    // ---- reading

    /** A read-only cursor over the elements from an index, towards the tail or the head; null if out of range. */
    public Cursor cursor(long index, boolean towardsTail) {
        Pos pos = locate(index);
        if (pos == null) return null;
        return new Cursor(pos.node, pos.offset, towardsTail);
    }

    /**
     * Walks elements without changing the list (nor the compression of its nodes): a compressed node is
     * inflated into a private copy. The list must not be modified while a cursor is in use.
     */
    public static final class Cursor {
        private Node node;
        private final boolean forward;
        private Listpack lp;     // the current node's listpack (maybe a private inflated copy)
        private byte[] plain;    // the current node's element when plain
        private int p = -1;      // position in lp of the current element
        private int startOffset; // element index in the node to start at, or -1 once started
        private boolean started;

        Cursor(Node node, int offset, boolean forward) {
            this.node = node;
            this.forward = forward;
            this.startOffset = offset;
            load();
        }

        private void load() {
            plain = null;
            lp = null;
            if (node == null) return;
            if (node.plain) plain = node.compressed ? inflate(node) : node.blob;
            else if (node.compressed) {
                byte[] raw = inflate(node);
                lp = Listpack.wrap(raw, raw.length, node.count);
            } else lp = node.lp;
        }

        /** Moves to the next element (the first call moves to the start element); false at the end. */
        public boolean next() {
            while (node != null) {
                if (!started) {
                    started = true;
                    if (plain != null) return true;
                    p = startOffset >= 0 ? lp.seek(startOffset) : (forward ? lp.first() : lp.last());
                    if (p >= 0) return true;
                } else if (plain == null) {
                    p = forward ? lp.next(p) : lp.prev(p);
                    if (p >= 0) return true;
                }
                node = forward ? node.next : node.prev;
                startOffset = -1;
                started = false;
                load();
            }
            return false;
        }

        public boolean isInt() { return plain == null && lp.isInt(p); }
        public long intValue() { return lp.intValue(p); }
        /** For string elements: the array holding the current element, at {@link #offset} for {@link #length}. */
        public byte[] array() { return plain != null ? plain : lp.array(); }
        public int offset() { return plain != null ? 0 : lp.strOffset(p); }
        public int length() { return plain != null ? plain.length : lp.strLength(p); }

        /** The current element; the array may be shared with the list or other values: never modify it. */
        public byte[] value() {
            return plain != null ? plain : lp.get(p);
        }

        /** Whether the current element equals s (Redis's quicklistCompare). */
        public boolean matches(byte[] s) {
            if (plain != null) return Arrays.equals(plain, s);
            return lp.entryEquals(p, s);
        }
    }

    // ---- insertion (quicklist.c _quicklistInsert)

    /**
     * Inserts v before or after the first element equal to pivot, searching from the head (LINSERT); false if
     * there is no such element.
     */
    public boolean insert(byte[] pivot, byte[] v, boolean after) {
        for (Node node = head; node != null; node = node.next) {
            if (node.plain) {
                byte[] e = node.compressed ? inflate(node) : node.blob;
                if (Arrays.equals(e, pivot)) {
                    insertAt(node, 0, v, after);
                    return true;
                }
                continue;
            }
            Listpack lp = node.compressed ? inflatedListpack(node) : node.lp;
            int p = lp.find(lp.first(), pivot, 0);
            if (p >= 0) {
                int offset = 0;
                for (int q = lp.first(); q != p; q = lp.next(q)) offset++;
                insertAt(node, offset, v, after);
                return true;
            }
        }
        return false;
    }

    private static Listpack inflatedListpack(Node node) {
        byte[] raw = inflate(node);
        return Listpack.wrap(raw, raw.length, node.count);
    }

    /** Inserts v before or after the element at offset within node, splitting or spilling as Redis does. */
    private void insertAt(Node node, int offset, byte[] v, boolean after) {
        int sz = v.length;
        boolean full = !allowInsert(node, sz);
        boolean atTail = false, atHead = false, availNext = false, availPrev = false;
        if (after && offset == node.count - 1) {
            atTail = true;
            availNext = allowInsert(node.next, sz);
        }
        if (!after && offset == 0) {
            atHead = true;
            availPrev = allowInsert(node.prev, sz);
        }
        if (isLarge(sz)) {
            if (node.plain || atTail || atHead) {
                insertPlainNode(node, v, after);
            } else {
                decompressForUse(node);
                Node split = split(node, offset, after);
                Node entry = plainNode(v);
                insertNode(node, entry, after);
                insertNode(entry, split, after);
                count++;
            }
            return;
        }
        if (!full) {
            decompressForUse(node);
            int p = node.lp.seek(offset);
            if (after) {
                int q = node.lp.next(p);
                if (q < 0) node.lp.append(v);
                else node.lp.insert(q, v);
            } else {
                node.lp.insert(p, v);
            }
            node.count++;
            node.updateSize();
            recompressOnly(node);
        } else if (atTail && availNext) {
            Node next = node.next;
            decompressForUse(next);
            next.lp.insert(0, v);
            next.count++;
            next.updateSize();
            recompressOnly(next);
            recompressOnly(node);
        } else if (atHead && availPrev) {
            Node prev = node.prev;
            decompressForUse(prev);
            prev.lp.append(v);
            prev.count++;
            prev.updateSize();
            recompressOnly(prev);
            recompressOnly(node);
        } else if (atTail || atHead) {
            Node n = packedNode(v);
            insertNode(node, n, after);
        } else {
            decompressForUse(node);
            Node split = split(node, offset, after);
            if (after) split.lp.insert(0, v);
            else split.lp.append(v);
            split.count++;
            split.updateSize();
            insertNode(node, split, after);
            mergeAround(node);
        }
        count++;
    }

    /**
     * Splits a packed node at offset. With after, the node keeps [0, offset] and the returned node gets the rest;
     * otherwise the returned node gets [0, offset) and the node keeps the rest.
     */
    private static Node split(Node node, int offset, boolean after) {
        Node n = new Node();
        n.lp = node.lp.copy();
        int cut = after ? offset + 1 : offset; // elements [0, cut) end up left of the split
        Listpack left = after ? node.lp : n.lp, right = after ? n.lp : node.lp;
        int pos = left.seek(cut);
        if (pos >= 0) left.delete(pos, left.size() - cut);
        if (cut > 0) right.delete(0, cut);
        node.count = node.lp.size();
        node.updateSize();
        n.count = n.lp.size();
        n.updateSize();
        return n;
    }

    /** Merges b (right of a) into a and drops b. */
    private Node merge(Node a, Node b) {
        decompressNode(a);
        decompressNode(b);
        a.lp.appendAll(b.lp);
        a.count = a.lp.size();
        a.updateSize();
        b.count = 0;
        deleteNode(b);
        compress(a);
        return a;
    }

    /** Tries to merge the neighbours of center, then center with them (quicklist.c _quicklistMergeNodes). */
    private void mergeAround(Node center) {
        Node prev = center.prev, prevPrev = prev == null ? null : prev.prev;
        Node next = center.next, nextNext = next == null ? null : next.next;
        if (allowMerge(prev, prevPrev)) merge(prevPrev, prev);
        if (allowMerge(next, nextNext)) merge(next, nextNext);
        Node target = allowMerge(center, center.prev) ? merge(center.prev, center) : center;
        if (allowMerge(target, target.next)) merge(target, target.next);
    }

    // ---- replacing (quicklist.c quicklistReplaceEntry)

    /** Replaces the element at an index (LSET); false if the index is out of range. */
    public boolean set(long index, byte[] v) {
        Pos pos = locate(index);
        if (pos == null) return false;
        Node node = pos.node;
        int offset = pos.offset;
        boolean large = isLarge(v.length);
        if (!node.plain && !large) {
            decompressForUse(node);
            node.lp.replace(node.lp.seek(offset), v);
            node.updateSize();
            compress(node);
        } else if (node.plain) {
            if (large) {
                decompressForUse(node);
                node.blob = v;
                node.sz = v.length;
                compress(node);
            } else {
                insertAt(node, 0, v, true);
                deleteNode(node);
            }
        } else {
            node.dontCompress = true; // the node must stay raw between the insert and the delete
            decompressForUse(node);
            insertAt(node, offset, v, true);
            if (node.count == 1) {
                deleteNode(node);
            } else {
                deleteAt(node, node.lp.last());
                node.dontCompress = false;
                compress(node);
                if (node.next != null) compress(node.next);
            }
        }
        return true;
    }

    // ---- deleting

    /**
     * Deletes n elements from index start (negative from the tail), clamped to the list (quicklistDelRange):
     * LTRIM and popping with a count.
     */
    public void deleteRange(long start, long n) {
        if (n <= 0) return;
        if (start < 0) start += count;
        if (start < 0 || start >= count) return;
        long extent = Math.min(n, count - start);
        Pos pos = locate(start);
        Node node = pos.node;
        int offset = pos.offset;
        while (extent > 0) {
            Node next = node.next;
            long del;
            boolean whole = false;
            if (offset == 0 && extent >= node.count) {
                whole = true;
                del = node.count;
            } else if (extent + offset >= node.count) {
                del = node.count - offset;
            } else {
                del = extent;
            }
            if (whole || node.plain) {
                deleteNode(node);
            } else {
                decompressForUse(node);
                node.lp.delete(node.lp.seek(offset), (int) del);
                node.updateSize();
                node.count -= (int) del;
                count -= del;
                if (node.count == 0) deleteNode(node);
                else recompressOnly(node);
            }
            extent -= del;
            node = next;
            offset = 0;
        }
    }

    /**
     * Removes up to max elements equal to v (0: all), from the head, or from the tail when fromTail (LREM);
     * returns how many were removed.
     */
    public long remove(byte[] v, long max, boolean fromTail) {
        long removed = 0;
        Node node = fromTail ? tail : head;
        while (node != null && (max == 0 || removed < max)) {
            Node following = fromTail ? node.prev : node.next;
            if (node.plain) {
                byte[] e = node.compressed ? inflate(node) : node.blob;
                if (Arrays.equals(e, v)) {
                    deleteNode(node);
                    removed++;
                }
            } else if (!node.compressed || compressedNodeContains(node, v)) {
                decompressForUse(node);
                Listpack lp = node.lp;
                int p = fromTail ? lp.last() : lp.first();
                boolean gone = false;
                while (p >= 0 && (max == 0 || removed < max)) {
                    if (lp.entryEquals(p, v)) {
                        removed++;
                        if (fromTail) {
                            int prev = lp.prev(p);
                            gone = deleteAt(node, p);
                            p = prev;
                        } else {
                            gone = deleteAt(node, p);
                            p = gone || p >= lp.entriesLength() ? -1 : p; // the next element moved to p
                        }
                        if (gone) break;
                    } else {
                        p = fromTail ? lp.prev(p) : lp.next(p);
                    }
                }
                if (!gone) recompressOnly(node);
            }
            node = following;
        }
        return removed;
    }

    /** A scan of a private copy, so that a compressed node without v is left as it is. */
    private static boolean compressedNodeContains(Node node, byte[] v) {
        Listpack lp = inflatedListpack(node);
        return lp.find(lp.first(), v, 0) >= 0;
    }
}
