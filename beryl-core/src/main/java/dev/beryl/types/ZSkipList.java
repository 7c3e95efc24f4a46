package dev.beryl.types;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Redis's zskiplist: members ordered by score, then by bytes (unsigned, shorter first on a tie), with a span on
 * every forward link so a member's rank and the member at a rank are found in O(log n). Level 1 is a doubly
 * linked list (backward pointers) for reverse walks. Members are never modified once stored. The large encoding
 * of {@link ZSetValue}, paired with a dict from member to node. Engine thread only.
 */
public final class ZSkipList {
    static final int MAX_LEVEL = 32;
    /** Chance that a node reaches one more level (Redis's ZSKIPLIST_P). */
    private static final double P = 0.25;

    public static final class Node {
        public final byte[] ele;
        double score;
        Node backward;
        final Node[] forward;
        final int[] span;

        Node(int level, double score, byte[] ele) {
            this.ele = ele;
            this.score = score;
            this.forward = new Node[level];
            this.span = new int[level];
        }

        public double score() { return score; }

        /** The next node in order, or null after the last. */
        public Node next() { return forward[0]; }

        /** The previous node in order, or null before the first. */
        public Node prev() { return backward; }
    }

    private final Node header = new Node(MAX_LEVEL, 0, null);
    private Node tail;
    private int length;
    private int level = 1;

    public int length() { return length; }

    public Node first() { return header.forward[0]; }

    public Node last() { return tail; }

    /** Order of (score, ele) pairs: by score, then by member bytes. */
    static int compare(double s1, byte[] e1, double s2, byte[] e2) {
        if (s1 != s2) return s1 < s2 ? -1 : 1;
        return Arrays.compareUnsigned(e1, e2);
    }

    private static int randomLevel() {
        int lvl = 1;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (lvl < MAX_LEVEL && rnd.nextDouble() < P) lvl++;
        return lvl;
    }

    /** Inserts a member known to be absent; returns its node. */
    public Node insert(double score, byte[] ele) {
        Node[] update = new Node[MAX_LEVEL];
        int[] rank = new int[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].ele, score, ele) < 0) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = lvl;
        }
        x = new Node(lvl, score, ele);
        for (int i = 0; i < lvl; i++) {
            x.forward[i] = update[i].forward[i];
            update[i].forward[i] = x;
            x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) update[i].span[i]++;
        x.backward = update[0] == header ? null : update[0];
        if (x.forward[0] != null) x.forward[0].backward = x;
        else tail = x;
        length++;
        return x;
    }

    /** Unlinks x, given the last node before it on every level. */
    private void deleteNode(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i] -= 1;
            }
        }
        if (x.forward[0] != null) x.forward[0].backward = x.backward;
        else tail = x.backward;
        while (level > 1 && header.forward[level - 1] == null) level--;
        length--;
    }

    /** The last node before (score, ele) on every level. */
    private Node[] predecessors(double score, byte[] ele) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].ele, score, ele) < 0) x = x.forward[i];
            update[i] = x;
        }
        return update;
    }

    /** Removes the member with this score; returns whether it was there. */
    public boolean delete(double score, byte[] ele) {
        Node[] update = predecessors(score, ele);
        Node x = update[0].forward[0];
        if (x == null || x.score != score || !Arrays.equals(x.ele, ele)) return false;
        deleteNode(x, update);
        return true;
    }

    /** Moves a member to a new score; returns its new node (the old one is dropped). */
    public Node updateScore(double curScore, byte[] ele, double newScore) {
        Node[] update = predecessors(curScore, ele);
        Node x = update[0].forward[0];
        // Still in the same place after the change: update in place, as Redis does.
        if ((x.backward == null || x.backward.score < newScore)
                && (x.forward[0] == null || x.forward[0].score > newScore)) {
            x.score = newScore;
            return x;
        }
        deleteNode(x, update);
        return insert(newScore, x.ele);
    }

    /** 1-based rank of the member with this score, 0 if absent. */
    public long rank(double score, byte[] ele) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].ele, score, ele) <= 0) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x.ele != null && x.score == score && Arrays.equals(x.ele, ele)) return rank;
        }
        return 0;
    }

    /** The node at a 1-based rank, or null. */
    public Node byRank(long rank) {
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) return x == header ? null : x;
        }
        return null;
    }

    // ---- score and lex ranges: the same walks, comparing scores or members

    /** A range as the walks see it: whether a node is at or after its start, and at or before its end. */
    private record Bounds(Predicate<Node> gteMin, Predicate<Node> lteMax) {
        static Bounds of(ScoreRange r) { return new Bounds(n -> r.gteMin(n.score), n -> r.lteMax(n.score)); }

        static Bounds of(LexRange r) { return new Bounds(n -> r.gteMin(n.ele), n -> r.lteMax(n.ele)); }
    }

    private boolean inRange(ScoreRange r) {
        if (r.min() > r.max() || (r.min() == r.max() && (r.minEx() || r.maxEx()))) return false;
        return tail != null && r.gteMin(tail.score) && header.forward[0] != null && r.lteMax(header.forward[0].score);
    }

    private boolean inLexRange(LexRange r) {
        if (r.isEmpty()) return false;
        return tail != null && r.gteMin(tail.ele) && r.lteMax(header.forward[0].ele);
    }

    public Node firstInRange(ScoreRange r) { return inRange(r) ? firstIn(Bounds.of(r)) : null; }

    public Node lastInRange(ScoreRange r) { return inRange(r) ? lastIn(Bounds.of(r)) : null; }

    public Node firstInLexRange(LexRange r) { return inLexRange(r) ? firstIn(Bounds.of(r)) : null; }

    public Node lastInLexRange(LexRange r) { return inLexRange(r) ? lastIn(Bounds.of(r)) : null; }

    /** The first node in a range known to overlap the list, or null. */
    private Node firstIn(Bounds b) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !b.gteMin.test(x.forward[i])) x = x.forward[i];
        }
        x = x.forward[0];
        return b.lteMax.test(x) ? x : null;
    }

    /** The last node in a range known to overlap the list, or null. */
    private Node lastIn(Bounds b) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && b.lteMax.test(x.forward[i])) x = x.forward[i];
        }
        return b.gteMin.test(x) ? x : null;
    }

    // ---- range deletion: each removed member is handed to onRemove (the dict side)

    public long deleteRangeByScore(ScoreRange r, Consumer<byte[]> onRemove) { return deleteRange(Bounds.of(r), onRemove); }

    public long deleteRangeByLex(LexRange r, Consumer<byte[]> onRemove) { return deleteRange(Bounds.of(r), onRemove); }

    private long deleteRange(Bounds b, Consumer<byte[]> onRemove) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !b.gteMin.test(x.forward[i])) x = x.forward[i];
            update[i] = x;
        }
        x = x.forward[0];
        long removed = 0;
        while (x != null && b.lteMax.test(x)) {
            Node next = x.forward[0];
            deleteNode(x, update);
            onRemove.accept(x.ele);
            removed++;
            x = next;
        }
        return removed;
    }

    /** Deletes ranks start..end, 1-based and inclusive. */
    public long deleteRangeByRank(long start, long end, Consumer<byte[]> onRemove) {
        Node[] update = new Node[MAX_LEVEL];
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] < start) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        traversed++;
        x = x.forward[0];
        long removed = 0;
        while (x != null && traversed <= end) {
            Node next = x.forward[0];
            deleteNode(x, update);
            onRemove.accept(x.ele);
            removed++;
            traversed++;
            x = next;
        }
        return removed;
    }

    /** The skiplist's level count (DEBUG OBJECT and tests). */
    int level() { return level; }
}
