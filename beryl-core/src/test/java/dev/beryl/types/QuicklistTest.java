package dev.beryl.types;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class QuicklistTest {
    @AfterEach
    void restoreThreshold() {
        Quicklist.setPackedThreshold(0);
    }

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void pushPopBothEnds() {
        Quicklist q = new Quicklist(-2, 0);
        q.push(b("b"), true);
        q.push(b("a"), true);
        q.push(b("c"), false);
        q.push(b("12"), false);
        assertEquals(4, q.size());
        assertArrayEquals(b("a"), q.pop(true));
        assertArrayEquals(b("12"), q.pop(false));
        assertArrayEquals(b("c"), q.pop(false));
        assertArrayEquals(b("b"), q.pop(false));
        assertNull(q.pop(true));
        assertEquals(0, q.nodeCount());
    }

    @Test
    void nodesFillUpToTheConfiguredSize() {
        Quicklist bySize = new Quicklist(-2, 0); // 8 KB listpacks
        for (int i = 0; i < 1000; i++) bySize.push(b("value-" + i), false);
        // 1000 entries of 10-12 bytes, about 8 KB per node: 2 nodes (Redis 7.0 reports ql_nodes:2)
        assertEquals(2, bySize.nodeCount());
        Quicklist byCount = new Quicklist(5, 0);
        for (int i = 0; i < 12; i++) byCount.push(b("x"), false);
        assertEquals(3, byCount.nodeCount());
    }

    @Test
    void largeElementsGetPlainNodes() {
        Quicklist.setPackedThreshold(10);
        Quicklist q = new Quicklist(-2, 0);
        q.push(b("small"), false);
        q.push(b("a large element"), false);
        q.push(b("small2"), false);
        assertEquals(3, q.nodeCount());
        assertArrayEquals(b("a large element"), all(q)[1]);
        assertTrue(q.set(0, b("another large one")));
        assertArrayEquals(b("another large one"), all(q)[0]);
        assertTrue(q.set(1, b("tiny")));
        assertEquals(List.of("another large one", "tiny", "small2"), strings(q));
    }

    @Test
    void compressionKeepsTheEndsRawAndRoundTrips() {
        Quicklist q = new Quicklist(4, 1);
        List<byte[]> model = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] v = b("element-number-" + i + "-" + "x".repeat(40));
            q.push(v, false);
            model.add(v);
        }
        assertEquals(10, q.nodeCount());
        int compressed = 0;
        for (Quicklist.Node n = q.headNode(); n != null; n = n.next) if (n.compressed) compressed++;
        assertEquals(8, compressed);
        checkSame(model, q);
    }

    @Test
    void lzfRoundTrip() {
        SplittableRandom r = new SplittableRandom(7);
        for (int t = 0; t < 200; t++) {
            int n = r.nextInt(1, 5000);
            byte[] in = new byte[n];
            int alphabet = r.nextInt(1, 256);
            for (int i = 0; i < n; i++) in[i] = (byte) r.nextInt(alphabet);
            byte[] out = new byte[n + n / 16 + 64];
            int c = Lzf.compress(in, n, out, out.length);
            assertTrue(c > 0);
            byte[] back = new byte[n];
            assertEquals(n, Lzf.decompress(out, c, back));
            assertArrayEquals(in, back);
        }
        assertEquals(0, Lzf.compress(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 8, new byte[8], 4), "does not fit");
    }

    /** Random operations against an ArrayList model, across fill, compression and plain-node settings. */
    @Test
    void randomOperationsMatchAModel() {
        int[] fills = {-5, -2, -1, 1, 2, 5, 16};
        int[] depths = {0, 1, 2};
        long[] thresholds = {0, 20};
        SplittableRandom r = new SplittableRandom(42);
        for (int fill : fills) {
            for (int depth : depths) {
                for (long threshold : thresholds) {
                    Quicklist.setPackedThreshold(threshold);
                    run(r, fill, depth, 3000);
                }
            }
        }
    }

    private void run(SplittableRandom r, int fill, int depth, int steps) {
        Quicklist q = new Quicklist(fill, depth);
        List<byte[]> m = new ArrayList<>();
        String where = "fill " + fill + " depth " + depth;
        for (int step = 0; step < steps; step++) {
            int op = r.nextInt(100);
            int size = m.size();
            if (op < 30 || size < 3) {
                byte[] v = value(r);
                boolean head = r.nextBoolean();
                q.push(v, head);
                if (head) m.add(0, v);
                else m.add(v);
            } else if (op < 42) {
                boolean head = r.nextBoolean();
                byte[] got = q.pop(head);
                byte[] want = m.remove(head ? 0 : m.size() - 1);
                assertArrayEquals(want, got, where);
            } else if (op < 52) {
                long idx = r.nextInt(-size - 2, size + 2);
                byte[] v = value(r);
                boolean ok = q.set(idx, v);
                long i = idx < 0 ? size + idx : idx;
                assertEquals(i >= 0 && i < size, ok, where);
                if (ok) m.set((int) i, v);
            } else if (op < 62) {
                byte[] pivot = r.nextInt(4) == 0 ? b("nope") : m.get(r.nextInt(size));
                byte[] v = value(r);
                boolean after = r.nextBoolean();
                int at = indexOf(m, pivot);
                assertEquals(at >= 0, q.insert(pivot, v, after), where);
                if (at >= 0) m.add(after ? at + 1 : at, v);
            } else if (op < 70) {
                long start = r.nextInt(-size - 2, size + 2);
                long n = r.nextInt(0, 6);
                q.deleteRange(start, n);
                long s = start < 0 ? size + start : start;
                if (s >= 0 && s < size) {
                    int end = (int) Math.min(size, s + n);
                    m.subList((int) s, end).clear();
                }
            } else if (op < 78) {
                byte[] v = m.get(r.nextInt(size));
                long max = r.nextInt(0, 3);
                boolean fromTail = r.nextBoolean();
                long removed = q.remove(v, max, fromTail);
                long want = 0;
                if (fromTail) {
                    for (int i = m.size() - 1; i >= 0 && (max == 0 || want < max); i--) {
                        if (Arrays.equals(m.get(i), v)) { m.remove(i); want++; }
                    }
                } else {
                    for (int i = 0; i < m.size() && (max == 0 || want < max); ) {
                        if (Arrays.equals(m.get(i), v)) { m.remove(i); want++; } else i++;
                    }
                }
                assertEquals(want, removed, where);
            } else if (op < 88) {
                long idx = r.nextInt(-size - 1, size + 1);
                boolean forward = r.nextBoolean();
                Quicklist.Cursor c = q.cursor(idx, forward);
                long i = idx < 0 ? size + idx : idx;
                if (i < 0 || i >= size) {
                    assertNull(c, where);
                    continue;
                }
                int steps2 = r.nextInt(1, 30);
                for (int k = 0; k < steps2; k++) {
                    boolean has = c.next();
                    assertEquals(i >= 0 && i < size, has, where);
                    if (!has) break;
                    assertArrayEquals(m.get((int) i), c.value(), where);
                    assertTrue(c.matches(m.get((int) i)), where);
                    i += forward ? 1 : -1;
                }
            } else if (op < 90) {
                Quicklist copy = q.copy();
                checkSame(m, copy);
                copy.push(b("only in the copy"), true);
                assertEquals(m.size(), q.size());
            } else {
                checkSame(m, q);
            }
            check(q, depth, where);
        }
        checkSame(m, q);
    }

    private static int indexOf(List<byte[]> m, byte[] v) {
        for (int i = 0; i < m.size(); i++) if (Arrays.equals(m.get(i), v)) return i;
        return -1;
    }

    private static byte[] value(SplittableRandom r) {
        int kind = r.nextInt(10);
        if (kind < 3) return b(Long.toString(r.nextLong(-5000, 5000)));
        if (kind < 4) return b(Long.toString(r.nextLong()));
        if (kind < 5) return b("v" + r.nextInt(8)); // repeated values for LREM/LINSERT
        int len = kind < 9 ? r.nextInt(0, 60) : r.nextInt(60, 3000);
        byte[] v = new byte[len];
        for (int i = 0; i < len; i++) v[i] = (byte) ('a' + r.nextInt(4));
        return v;
    }

    private static void checkSame(List<byte[]> m, Quicklist q) {
        assertEquals(m.size(), q.size());
        byte[][] all = all(q);
        for (int i = 0; i < m.size(); i++) assertArrayEquals(m.get(i), all[i], "index " + i);
        Quicklist.Cursor c = q.cursor(-1, false);
        for (int i = m.size() - 1; i >= 0; i--) {
            assertTrue(c.next());
            assertArrayEquals(m.get(i), c.value(), "reverse index " + i);
        }
        if (c != null) assertFalse(c.next());
    }

    /** Redis's _ql_verify: counts add up, no empty node, the nodes within the depth at each end are raw. */
    private static void check(Quicklist q, int depth, String where) {
        long total = 0;
        int nodes = 0;
        Quicklist.Node prev = null;
        List<Quicklist.Node> all = new ArrayList<>();
        for (Quicklist.Node n = q.headNode(); n != null; n = n.next) {
            if (n.prev != prev) fail("broken prev link " + where);
            if (n.count <= 0) fail("empty node " + where);
            if (n.plain && n.count != 1) fail("plain node with " + n.count + " " + where);
            if (!n.plain && !n.compressed && n.lp.size() != n.count) fail("count mismatch " + where);
            if (!n.plain && !n.compressed && n.lp.bytes() != n.sz) fail("size mismatch " + where);
            if (n.recompress) fail("node left decompressed for use " + where);
            total += n.count;
            nodes++;
            all.add(n);
            prev = n;
        }
        assertEquals(q.size(), total, where);
        assertEquals(q.nodeCount(), nodes, where);
        if (depth > 0 && nodes >= depth * 2) {
            for (int i = 0; i < depth; i++) {
                assertFalse(all.get(i).compressed, "head-side node within depth " + where);
                assertFalse(all.get(nodes - 1 - i).compressed, "tail-side node within depth " + where);
            }
        } else {
            for (Quicklist.Node n : all) assertFalse(n.compressed, "short list compressed " + where);
        }
    }

    private static byte[][] all(Quicklist q) {
        byte[][] out = new byte[(int) q.size()][];
        Quicklist.Cursor c = q.cursor(0, true);
        for (int i = 0; c != null && c.next(); i++) out[i] = c.value();
        return out;
    }

    private static List<String> strings(Quicklist q) {
        List<String> out = new ArrayList<>();
        for (byte[] v : all(q)) out.add(new String(v, StandardCharsets.UTF_8));
        return out;
    }
}
