package dev.beryl.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZSetValueTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    private static String s(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    /** The model: member -> score, ordered on demand by (score, member bytes). */
    private static List<String> order(Map<String, Double> model) {
        List<String> out = new ArrayList<>(model.keySet());
        out.sort((x, y) -> ZSkipList.compare(model.get(x), b(x), model.get(y), b(y)));
        return out;
    }

    private static List<String> members(ZSetValue z) {
        List<String> out = new ArrayList<>();
        z.forEach((m, sc) -> out.add(s(m)));
        return out;
    }

    @Test
    void addFlagsAndScoresAsZadd() {
        ZSetValue z = ZSetValue.create(true);
        assertEquals(ZSetValue.OUT_ADDED, z.add(1.5, b("a"), 0, 128, 64));
        assertEquals(0, z.add(1.5, b("a"), 0, 128, 64)); // same score: nothing to do
        assertEquals(ZSetValue.OUT_NOP, z.add(2, b("a"), ZSetValue.IN_NX, 128, 64));
        assertEquals(ZSetValue.OUT_NOP, z.add(2, b("b"), ZSetValue.IN_XX, 128, 64));
        assertEquals(ZSetValue.OUT_NOP, z.add(1, b("a"), ZSetValue.IN_GT, 128, 64));
        assertEquals(ZSetValue.OUT_UPDATED, z.add(3, b("a"), ZSetValue.IN_GT, 128, 64));
        assertEquals(ZSetValue.OUT_UPDATED, z.add(-1, b("a"), ZSetValue.IN_INCR, 128, 64));
        assertEquals(2.0, z.score(b("a")));
        z.add(Double.POSITIVE_INFINITY, b("inf"), 0, 128, 64);
        assertEquals(ZSetValue.OUT_NAN, z.add(Double.NEGATIVE_INFINITY, b("inf"), ZSetValue.IN_INCR, 128, 64));
        assertEquals(ZSetValue.OUT_NAN, z.add(Double.NaN, b("x"), 0, 128, 64));
        assertTrue(Double.isNaN(z.score(b("x"))));
        // a listpack keeps exact integers as integers and everything else as %.17g text; both read back exact
        z.add(0.1, b("t"), 0, 128, 64);
        z.add(-0.0, b("z"), 0, 128, 64);
        z.add(1e300, b("big"), 0, 128, 64);
        assertEquals(0.1, z.score(b("t")));
        assertEquals(1e300, z.score(b("big")));
        assertEquals(0, Double.compare(0.0, z.score(b("z")))); // -0 is stored as the integer 0, as in Redis
        assertTrue(z.isListpack());
    }

    @Test
    void encodingConvertsAtTheLimits() {
        ZSetValue z = ZSetValue.create(true);
        for (int i = 0; i < 4; i++) z.add(i, b("m" + i), 0, 4, 8);
        assertTrue(z.isListpack());
        z.add(9, b("m4"), 0, 4, 8); // a fifth member
        assertFalse(z.isListpack());
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), members(z));

        ZSetValue w = ZSetValue.create(true);
        w.add(1, b("short"), 0, 128, 8);
        w.add(2, b("123456789"), 0, 128, 8); // longer than the value limit
        assertFalse(w.isListpack());
        w.remove(b("123456789"));
        assertFalse(w.isListpack()); // never converts back by itself
        w.convertToListpackIfFits(5, 5, 128, 8);
        assertTrue(w.isListpack());
        assertEquals(List.of("short"), members(w));
    }

    @Test
    void ranksAndRangesInBothEncodings() {
        for (boolean listpack : new boolean[] {true, false}) {
            ZSetValue z = ZSetValue.create(listpack);
            String[] names = {"a", "b", "c", "d", "e"};
            for (int i = 0; i < names.length; i++) z.add(i + 1, b(names[i]), 0, 128, 64);
            assertEquals(listpack, z.isListpack());
            assertEquals(0, z.rank(b("a"), false));
            assertEquals(4, z.rank(b("a"), true));
            assertEquals(-1, z.rank(b("x"), false));
            assertEquals("d", s(z.atRank(1, true).member()));
            assertFalse(z.atRank(5, false).valid());

            ScoreRange r = new ScoreRange(2, true, 4, false);
            assertEquals(2, z.countInRange(r));
            assertEquals("c", s(z.firstInRange(r, false).member()));
            assertEquals("d", s(z.firstInRange(r, true).member()));
            assertFalse(z.firstInRange(new ScoreRange(3, true, 3, false), false).valid());

            LexRange lex = new LexRange(b("b"), false, LexRange.MAX, true);
            assertEquals(4, z.countInLexRange(lex));
            assertEquals("e", s(z.firstInLexRange(lex, true).member()));

            assertEquals(2, z.removeRangeByScore(new ScoreRange(4, false, Double.POSITIVE_INFINITY, false)));
            assertEquals(1, z.removeRangeByLex(new LexRange(LexRange.MIN, true, b("a"), false)));
            assertEquals(1, z.removeRangeByRank(1, 1));
            assertEquals(List.of("b"), members(z));
        }
    }

    @Test
    void copyIsIndependentAndKeepsTheEncoding() {
        for (boolean listpack : new boolean[] {true, false}) {
            ZSetValue z = ZSetValue.create(listpack);
            for (int i = 0; i < 50; i++) z.add(i % 7, b("m" + i), 0, 128, 64);
            ZSetValue c = z.copy();
            assertEquals(listpack, c.isListpack());
            assertEquals(members(z), members(c));
            c.remove(b("m0"));
            assertTrue(z.contains(b("m0")));
            assertEquals(49, c.size());
        }
    }

    /** Random adds, increments, removals and range deletions against a map, through the encoding conversion. */
    @Test
    void randomOperationsMatchAModel() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int round = 0; round < 20; round++) {
            long maxEntries = round % 2 == 0 ? 64 : 1_000_000;
            ZSetValue z = ZSetValue.create(true);
            Map<String, Double> model = new HashMap<>();
            for (int op = 0; op < 3000; op++) {
                String m = "k" + rnd.nextInt(200);
                int kind = rnd.nextInt(10);
                if (kind < 5) {
                    double score = rnd.nextInt(4) == 0 ? rnd.nextInt(20) : rnd.nextDouble() * 100 - 50;
                    int flags = kind == 4 ? ZSetValue.IN_INCR : 0;
                    z.add(score, b(m), flags, maxEntries, 64);
                    model.merge(m, score, (old, v) -> flags != 0 ? old + v : v);
                } else if (kind < 8) {
                    assertEquals(model.remove(m) != null, z.remove(b(m)));
                } else if (kind == 8) {
                    double lo = rnd.nextDouble() * 100 - 50, hi = lo + rnd.nextDouble() * 10;
                    ScoreRange r = new ScoreRange(lo, rnd.nextBoolean(), hi, rnd.nextBoolean());
                    long expected = model.values().stream().filter(r::contains).count();
                    assertEquals(expected, z.countInRange(r));
                    assertEquals(expected, z.removeRangeByScore(r));
                    model.values().removeIf(r::contains);
                } else if (model.size() > 2) {
                    List<String> ordered = order(model);
                    int a = rnd.nextInt(ordered.size()), c = a + rnd.nextInt(Math.min(3, ordered.size() - a));
                    assertEquals(c - a + 1, z.removeRangeByRank(a, c));
                    for (int i = a; i <= c; i++) model.remove(ordered.get(i));
                }
                assertEquals(model.size(), z.size());
            }
            List<String> ordered = order(model);
            assertEquals(ordered, members(z));
            for (int i = 0; i < ordered.size(); i++) {
                String m = ordered.get(i);
                assertEquals(model.get(m), z.score(b(m)));
                assertEquals(i, z.rank(b(m), false));
                assertEquals(ordered.size() - 1 - i, z.rank(b(m), true));
                assertEquals(m, s(z.atRank(i, false).member()));
            }
            // walking backwards from the top gives the reverse order
            List<String> back = new ArrayList<>();
            for (ZSetValue.Cursor c = z.atRank(0, true); c.valid(); c.prev()) back.add(s(c.member()));
            List<String> rev = new ArrayList<>(ordered);
            java.util.Collections.reverse(rev);
            assertEquals(rev, back);
        }
    }

    @Test
    void skipListRanksStayConsistent() {
        ZSkipList l = new ZSkipList();
        SplittableRandom rnd = new SplittableRandom(7);
        List<byte[]> inserted = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            byte[] m = b("e" + i);
            l.insert(rnd.nextInt(100), m);
            inserted.add(m);
        }
        for (int i = 0; i < 500; i++) {
            byte[] m = inserted.get(rnd.nextInt(inserted.size()));
            ZSkipList.Node n = find(l, m);
            if (n != null) assertTrue(l.delete(n.score(), m));
        }
        long rank = 1;
        for (ZSkipList.Node n = l.first(); n != null; n = n.next(), rank++) {
            assertEquals(rank, l.rank(n.score(), n.ele));
            assertEquals(n, l.byRank(rank));
            if (n.next() != null) assertTrue(ZSkipList.compare(n.score(), n.ele, n.next().score(), n.next().ele) < 0);
        }
        assertEquals(l.length(), rank - 1);
        assertEquals(null, l.byRank(rank));
    }

    private static ZSkipList.Node find(ZSkipList l, byte[] m) {
        for (ZSkipList.Node n = l.first(); n != null; n = n.next()) if (Arrays.equals(n.ele, m)) return n;
        return null;
    }

    @Test
    void randomUniqueReturnsDistinctMembersInOrder() {
        ZSetValue z = ZSetValue.create(true);
        for (int i = 0; i < 20; i++) z.add(i, b("m" + (char) ('a' + i)), 0, 128, 64);
        SplittableRandom rnd = new SplittableRandom(1);
        for (int round = 0; round < 50; round++) {
            List<Double> scores = new ArrayList<>();
            z.randomUnique(rnd, 5, (m, sc) -> scores.add(sc));
            assertEquals(5, scores.size());
            for (int i = 1; i < scores.size(); i++) assertTrue(scores.get(i - 1) < scores.get(i));
        }
    }
}
