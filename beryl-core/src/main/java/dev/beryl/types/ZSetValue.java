package dev.beryl.types;

import dev.beryl.engine.Dict;
import dev.beryl.resp.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * A sorted set value (Redis's t_zset.c type layer). A small sorted set is a {@link Listpack} of member, score,
 * member, score... kept in order (score, then member bytes), scores written as Redis writes them (integers as
 * listpack integers, other values as %.17g text); it becomes a {@link ZSkipList} plus a {@link Dict} from member
 * to node once it has more than zset-max-listpack-entries members or a member longer than
 * zset-max-listpack-value bytes. Redis converts back only when a STORE command builds a result that fits, and so
 * does this class, so OBJECT ENCODING answers the same. Stored members are never modified. Engine thread only.
 */
public final class ZSetValue {
    /** {@link #add} input flags (ZADD's options). */
    public static final int IN_INCR = 1, IN_NX = 2, IN_XX = 4, IN_GT = 8, IN_LT = 16;
    /** {@link #add} output flags. */
    public static final int OUT_NAN = 1, OUT_ADDED = 2, OUT_UPDATED = 4, OUT_NOP = 8;

    /** Visits a member and its score. */
    @FunctionalInterface
    public interface Visitor {
        void accept(byte[] member, double score);
    }

    private Listpack lp;
    private ZSkipList zsl;
    private Dict<ZSkipList.Node> dict;

    private ZSetValue(Listpack lp, ZSkipList zsl, Dict<ZSkipList.Node> dict) {
        this.lp = lp;
        this.zsl = zsl;
        this.dict = dict;
    }

    /** An empty sorted set in the listpack (small) or skiplist encoding. */
    public static ZSetValue create(boolean listpack) {
        return listpack ? new ZSetValue(new Listpack(), null, null) : new ZSetValue(null, new ZSkipList(), new Dict<>());
    }

    /**
     * A sorted set in the listpack encoding over member, score pairs already in order, scores as Redis writes
     * them (an RDB listpack, validated).
     */
    public static ZSetValue of(Listpack pairs) {
        return new ZSetValue(pairs, null, null);
    }

    public boolean isListpack() { return lp != null; }

    public int size() { return lp != null ? lp.size() / 2 : zsl.length(); }

    // ---- listpack helpers

    /** zzlGetScore: the score entry at p (an integer entry, or text that strtod reads). */
    private double lpScore(int p) {
        if (lp.isInt(p)) return lp.intValue(p);
        return parseStoredScore(lp.array(), lp.strOffset(p), lp.strLength(p));
    }

    /** A score as d2string wrote it: %.17g digits, or inf / -inf. */
    private static double parseStoredScore(byte[] b, int off, int len) {
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        if (s.equals("inf")) return Double.POSITIVE_INFINITY;
        if (s.equals("-inf")) return Double.NEGATIVE_INFINITY;
        return Double.parseDouble(s);
    }

    /** The score as Redis stores it in a listpack: an integer when it is one exactly (double2ll), else %.17g. */
    private static byte[] scoreBytes(double score) {
        if (score >= -(double) (Long.MAX_VALUE / 2) && score <= (double) (Long.MAX_VALUE / 2)) {
            long l = (long) score;
            if (l == score) return Numbers.toBytes(l);
        }
        return Numbers.formatDouble17g(score).getBytes(StandardCharsets.US_ASCII);
    }

    /** Compares the member entry at p with s as unsigned bytes (zzlCompareElements). */
    private int lpCompare(int p, byte[] s) {
        if (lp.isInt(p)) return Arrays.compareUnsigned(Numbers.toBytes(lp.intValue(p)), s);
        int off = lp.strOffset(p);
        return Arrays.compareUnsigned(lp.array(), off, off + lp.strLength(p), s, 0, s.length);
    }

    private int lpFind(byte[] ele) {
        return lp.size() == 0 ? -1 : lp.find(lp.first(), ele, 1);
    }

    /** zzlInsert: places a member known to be absent at its place in order. */
    private void lpInsert(byte[] ele, double score) {
        int p = lp.first();
        while (p >= 0) {
            int sp = lp.next(p);
            double s = lpScore(sp);
            if (s > score || (s == score && lpCompare(p, ele) > 0)) break;
            p = lp.next(sp);
        }
        byte[] sb = scoreBytes(score);
        if (p < 0) {
            lp.append(ele);
            lp.append(sb);
        } else {
            int q = lp.insert(p, ele);
            lp.insert(lp.next(q), sb);
        }
    }

    // ---- lookups

    /** The member's score, or NaN when absent (NaN is never stored). */
    public double score(byte[] ele) {
        if (lp != null) {
            int p = lpFind(ele);
            return p < 0 ? Double.NaN : lpScore(lp.next(p));
        }
        ZSkipList.Node n = dict.get(ele);
        return n == null ? Double.NaN : n.score;
    }

    public boolean contains(byte[] ele) {
        return lp != null ? lpFind(ele) >= 0 : dict.containsKey(ele);
    }

    /** 0-based rank counted from the lowest (or, reversed, the highest) score; -1 when absent. */
    public long rank(byte[] ele, boolean reverse) {
        long len = size();
        long rank;
        if (lp != null) {
            int p = lpFind(ele);
            if (p < 0) return -1;
            rank = 1;
            for (int q = lp.first(); q != p; q = lp.next(lp.next(q))) rank++;
        } else {
            ZSkipList.Node n = dict.get(ele);
            if (n == null) return -1;
            rank = zsl.rank(n.score, n.ele);
        }
        return reverse ? len - rank : rank - 1;
    }

    // ---- writes

    /**
     * Redis's zsetAdd: adds a member or updates its score under ZADD's flags (IN_*); returns OUT_* flags
     * (OUT_NAN when the score, or the result of the increment, is not a number). May convert to the skiplist
     * encoding first. The member array is stored as it is: the caller must not modify it afterwards.
     */
    public int add(double score, byte[] ele, int flags, long maxEntries, long maxValue) {
        boolean incr = (flags & IN_INCR) != 0, nx = (flags & IN_NX) != 0, xx = (flags & IN_XX) != 0;
        boolean gt = (flags & IN_GT) != 0, lt = (flags & IN_LT) != 0;
        if (Double.isNaN(score)) return OUT_NAN;
        if (lp != null) {
            int p = lpFind(ele);
            if (p >= 0) {
                if (nx) return OUT_NOP;
                double cur = lpScore(lp.next(p));
                if (incr) {
                    score += cur;
                    if (Double.isNaN(score)) return OUT_NAN;
                }
                if ((lt && score >= cur) || (gt && score <= cur)) return OUT_NOP;
                if (score == cur) return 0;
                lp.delete(p, 2);
                lpInsert(ele, score);
                return OUT_UPDATED;
            }
            if (xx) return OUT_NOP;
            if (size() + 1 > maxEntries || ele.length > maxValue || lp.bytes() + ele.length > Listpack.MAX_SAFE_SIZE) {
                convertToSkipList();
            } else {
                lpInsert(ele, score);
                return OUT_ADDED;
            }
        }
        ZSkipList.Node n = dict.get(ele);
        if (n != null) {
            if (nx) return OUT_NOP;
            double cur = n.score;
            if (incr) {
                score += cur;
                if (Double.isNaN(score)) return OUT_NAN;
            }
            if ((lt && score >= cur) || (gt && score <= cur)) return OUT_NOP;
            if (score == cur) return 0;
            dict.put(n.ele, zsl.updateScore(cur, n.ele, score));
            return OUT_UPDATED;
        }
        if (xx) return OUT_NOP;
        dict.add(ele, zsl.insert(score, ele));
        return OUT_ADDED;
    }

    /** Removes a member; returns whether it was there. */
    public boolean remove(byte[] ele) {
        if (lp != null) {
            int p = lpFind(ele);
            if (p < 0) return false;
            lp.delete(p, 2);
            return true;
        }
        ZSkipList.Node n = dict.remove(ele);
        if (n == null) return false;
        zsl.delete(n.score, n.ele);
        return true;
    }

    /** Removes ranks start..end (0-based, inclusive, already clamped); returns how many went. */
    public long removeRangeByRank(long start, long end) {
        if (lp != null) {
            long n = end - start + 1;
            lp.delete(lp.seek(2 * start), (int) (2 * n));
            return n;
        }
        return zsl.deleteRangeByRank(start + 1, end + 1, dict::remove);
    }

    public long removeRangeByScore(ScoreRange r) {
        if (lp != null) return lpRemove(lpFirstInRange(r), lpBounds(r));
        return zsl.deleteRangeByScore(r, dict::remove);
    }

    public long removeRangeByLex(LexRange r) {
        if (lp != null) return lpRemove(lpFirstInLexRange(r), lpBounds(r));
        return zsl.deleteRangeByLex(r, dict::remove);
    }

    /** Removes the members from p on while they are within the range's end. */
    private long lpRemove(int p, LpBounds b) {
        long removed = 0;
        while (p >= 0 && b.lteMax.test(p)) {
            lp.delete(p, 2); // the next member moves to p
            removed++;
            if (!lpValid(p)) break;
        }
        return removed;
    }

    /** Whether p still addresses an entry after a deletion at p (the listpack may have ended there). */
    private boolean lpValid(int p) {
        return lp.size() > 0 && p <= lp.last();
    }

    // ---- walking

    /**
     * A position in the sorted set: a listpack member entry or a skiplist node. Valid until the set is modified.
     */
    public final class Cursor {
        private int p;
        private ZSkipList.Node node;

        private Cursor(int p, ZSkipList.Node node) {
            this.p = p;
            this.node = node;
        }

        public boolean valid() { return lp != null ? p >= 0 : node != null; }

        /** The member; may be a shared array (never modify it). */
        public byte[] member() { return lp != null ? lp.get(p) : node.ele; }

        public double score() { return lp != null ? lpScore(lp.next(p)) : node.score; }

        public void next() {
            if (lp != null) {
                int s = lp.next(p);
                p = s < 0 ? -1 : lp.next(s);
            } else {
                node = node.next();
            }
        }

        public void prev() {
            if (lp != null) p = p == 0 ? -1 : lp.prev(lp.prev(p));
            else node = node.prev();
        }

        public void step(boolean reverse) {
            if (reverse) prev();
            else next();
        }
    }

    /** A cursor at 0-based rank counted from the low end, or from the high end when reversed. */
    public Cursor atRank(long rank, boolean reverse) {
        if (lp != null) return new Cursor(lp.seek(reverse ? -2 - 2 * rank : 2 * rank), null);
        long len = zsl.length();
        return new Cursor(-1, zsl.byRank(reverse ? len - rank : rank + 1));
    }

    public Cursor first() { return atRank(0, false); }

    /** The first member (lowest, or reversed highest) whose score is in the range; an invalid cursor if none. */
    public Cursor firstInRange(ScoreRange r, boolean reverse) {
        if (lp != null) return new Cursor(reverse ? lpLastInRange(r) : lpFirstInRange(r), null);
        return new Cursor(-1, reverse ? zsl.lastInRange(r) : zsl.firstInRange(r));
    }

    /** The first member (lowest, or reversed highest) in the lex range; an invalid cursor if none. */
    public Cursor firstInLexRange(LexRange r, boolean reverse) {
        if (lp != null) return new Cursor(reverse ? lpLastInLexRange(r) : lpFirstInLexRange(r), null);
        return new Cursor(-1, reverse ? zsl.lastInLexRange(r) : zsl.firstInLexRange(r));
    }

    // ---- listpack ranges: the same walks for scores and members

    /** A range as the listpack walks see it: whether the member at p is at or after its start, at or before its end. */
    private record LpBounds(IntPredicate gteMin, IntPredicate lteMax) {}

    private LpBounds lpBounds(ScoreRange r) {
        return new LpBounds(p -> r.gteMin(lpScore(lp.next(p))), p -> r.lteMax(lpScore(lp.next(p))));
    }

    private LpBounds lpBounds(LexRange r) {
        return new LpBounds(p -> r.gteMin(lp.get(p)), p -> r.lteMax(lp.get(p)));
    }

    private int lpFirstIn(LpBounds b) {
        for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
            if (b.gteMin.test(p)) return b.lteMax.test(p) ? p : -1;
        }
        return -1;
    }

    private int lpLastIn(LpBounds b) {
        for (int p = lp.prev(lp.last()); p >= 0; p = p == 0 ? -1 : lp.prev(lp.prev(p))) {
            if (b.lteMax.test(p)) return b.gteMin.test(p) ? p : -1;
        }
        return -1;
    }

    /** How many members from p on are within the range's end. */
    private long lpCount(int p, LpBounds b) {
        long n = 0;
        for (; p >= 0 && b.lteMax.test(p); p = nextMember(p)) n++;
        return n;
    }

    private int lpFirstInRange(ScoreRange r) { return r.isEmpty() ? -1 : lpFirstIn(lpBounds(r)); }

    private int lpLastInRange(ScoreRange r) { return r.isEmpty() || lp.size() == 0 ? -1 : lpLastIn(lpBounds(r)); }

    /**
     * zzlIsInLexRange: whether the range can hold anything, judged by the first and last members only. The
     * walks below then rely on it, which matters when members with different scores are not in lex order.
     */
    private boolean lpInLexRange(LexRange r) {
        if (r.isEmpty() || lp.size() == 0) return false;
        return r.gteMin(lp.get(lp.prev(lp.last()))) && r.lteMax(lp.get(lp.first()));
    }

    private int lpFirstInLexRange(LexRange r) { return lpInLexRange(r) ? lpFirstIn(lpBounds(r)) : -1; }

    private int lpLastInLexRange(LexRange r) { return lpInLexRange(r) ? lpLastIn(lpBounds(r)) : -1; }

    /** Members with a score in the range (ZCOUNT): ranks in the skiplist, a walk in the listpack. */
    public long countInRange(ScoreRange r) {
        if (lp != null) return lpCount(lpFirstInRange(r), lpBounds(r));
        ZSkipList.Node first = zsl.firstInRange(r);
        if (first == null) return 0;
        ZSkipList.Node last = zsl.lastInRange(r);
        return zsl.rank(last.score, last.ele) - zsl.rank(first.score, first.ele) + 1;
    }

    /** Members in the lex range (ZLEXCOUNT). */
    public long countInLexRange(LexRange r) {
        if (lp != null) return lpCount(lpFirstInLexRange(r), lpBounds(r));
        ZSkipList.Node first = zsl.firstInLexRange(r);
        if (first == null) return 0;
        ZSkipList.Node last = zsl.lastInLexRange(r);
        return zsl.rank(last.score, last.ele) - zsl.rank(first.score, first.ele) + 1;
    }

    private int nextMember(int p) {
        int s = lp.next(p);
        return s < 0 ? -1 : lp.next(s);
    }

    /** Visits every member and score in order. */
    public void forEach(Visitor v) {
        if (lp != null) {
            for (int p = lp.first(); p >= 0; p = nextMember(p)) v.accept(lp.get(p), lpScore(lp.next(p)));
        } else {
            for (ZSkipList.Node n = zsl.first(); n != null; n = n.next()) v.accept(n.ele, n.score);
        }
    }

    /** The listpack (member, score pairs), or null in the skiplist encoding. */
    public Listpack listpack() { return lp; }

    /** The skiplist, or null in the listpack encoding. */
    public ZSkipList skipList() { return zsl; }

    /** The member dict (values are skiplist nodes), or null in the listpack encoding. */
    public Dict<ZSkipList.Node> dict() { return dict; }

    // ---- random members

    /** A random member of a non-empty set (Redis's zsetTypeRandomElement), as a cursor on it. */
    public Cursor random(RandomGenerator rnd) {
        if (lp != null) return new Cursor(lp.seek(2L * rnd.nextInt(size())), null);
        return new Cursor(-1, dict.fairRandom(rnd).value);
    }

    /**
     * count distinct random members of a listpack-encoded set (count below its size), in set order: Redis's
     * lpRandomPairsUnique, selection sampling in one pass.
     */
    public void randomUnique(RandomGenerator rnd, int count, Visitor v) {
        int remaining = size();
        int picked = 0;
        for (int p = lp.first(); p >= 0 && picked < count; p = nextMember(p), remaining--) {
            if (rnd.nextInt(remaining) < count - picked) {
                v.accept(lp.get(p), lpScore(lp.next(p)));
                picked++;
            }
        }
    }

    // ---- encodings

    public void convertToSkipList() {
        ZSkipList l = new ZSkipList();
        Dict<ZSkipList.Node> d = new Dict<>();
        d.expand(size());
        for (int p = lp.first(); p >= 0; p = nextMember(p)) {
            byte[] m = lp.get(p); // may be a shared small integer: stored members are never modified anyway
            d.add(m, l.insert(lpScore(lp.next(p)), m));
        }
        lp = null;
        zsl = l;
        dict = d;
    }

    /**
     * zsetConvertToListpackIfNeeded: a STORE result goes back to a listpack when it fits the limits
     * (maxLen is its longest member, totalLen the sum of member lengths).
     */
    public void convertToListpackIfFits(long maxLen, long totalLen, long maxEntries, long maxValue) {
        if (lp != null) return;
        if (zsl.length() > maxEntries || maxLen > maxValue || totalLen > Listpack.MAX_SAFE_SIZE) return;
        Listpack l = new Listpack();
        for (ZSkipList.Node n = zsl.first(); n != null; n = n.next()) {
            l.append(n.ele);
            l.append(scoreBytes(n.score));
        }
        lp = l;
        zsl = null;
        dict = null;
    }

    /** Estimated heap bytes (MEMORY USAGE), a dict's entries sampled up to {@code samples}. */
    public long footprint(long samples) {
        long self = Footprint.object(3);
        if (lp != null) return self + Footprint.object(3) + Footprint.bytes(lp.array().length);
        // a skiplist node: the object, its forward and span arrays (1.33 levels on average), the member
        long node = Footprint.object(5) + 2 * Footprint.align(16 + 4 * 2);
        return self + Footprint.object(4) + Footprint.dict(dict, samples, n -> node + Footprint.bytes(n.key.length));
    }

    /** An independent copy in the same encoding (COPY). Stored members are immutable, so they are shared. */
    public ZSetValue copy() {
        if (lp != null) return new ZSetValue(lp.copy(), null, null);
        ZSetValue z = create(false);
        z.dict.expand(dict.size());
        // from the highest score down: each insert stops at the head, as Redis's zsetDup
        for (ZSkipList.Node n = zsl.last(); n != null; n = n.prev()) z.dict.add(n.ele, z.zsl.insert(n.score, n.ele));
        return z;
    }
}
