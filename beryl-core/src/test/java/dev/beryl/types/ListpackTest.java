package dev.beryl.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListpackTest {
    /** DUMP of a 19-field hash from redis-server 7.0.15 (rdbcompression no): the listpack blob, header included. */
    private static final String REDIS_BLOB = "cc0100002600826630037f0182663103f1ff7f0382663203f3ffffff7f0582663303933932323333373230333638353437373538303814826634030001826635030c0182663603dfff0282663703d0000282663803cfff0282663903f1ffef038366313004f2000080048366313104f2ffff7f048366313204f240420f048366313304f40000000000000080098366313404f4ffffffffffffff7f098366313504e04678787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878488366313604e0c8797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797901ca83663137048230310383663138048001ff";

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    @Test
    void sameBytesAsRedis() {
        String[] values = {"127", "32767", "2147483647", "9223372036854775808", "0", "12", "-1", "-4096", "4095",
                "-4097", "-8388608", "8388607", "1000000", "-9223372036854775808", "9223372036854775807",
                "x".repeat(70), "y".repeat(200), "01", ""};
        Listpack lp = new Listpack();
        for (int i = 0; i < values.length; i++) {
            lp.append(b("f" + i));
            lp.append(b(values[i]));
        }
        byte[] redis = HexFormat.of().parseHex(REDIS_BLOB);
        assertEquals(redis.length, lp.bytes());
        assertEquals(38, lp.size());
        assertArrayEquals(Arrays.copyOfRange(redis, 6, redis.length - 1), Arrays.copyOf(lp.array(), redis.length - 7));
        for (int i = 0; i < values.length; i++) assertArrayEquals(b(values[i]), lp.get(lp.seek(2 * i + 1)));
    }

    @Test
    void integersAreStoredAsIntegersOnlyWhenCanonical() {
        Listpack lp = new Listpack();
        for (String s : new String[] {"5", "-5", "05", "+5", " 5", "-0", "99999999999999999999"}) lp.append(b(s));
        boolean[] expected = {true, true, false, false, false, false, false};
        int i = 0;
        for (int p = lp.first(); p >= 0; p = lp.next(p), i++) assertEquals(expected[i], lp.isInt(p));
        assertEquals(-5, lp.intValue(lp.seek(1)));
        assertEquals(1, lp.find(lp.first(), b("-5"), 0) == lp.seek(1) ? 1 : 0);
        assertEquals(-1, lp.find(lp.first(), b("5 "), 0));
    }

    @Test
    void findWithSkipComparesOnlyFields() {
        Listpack lp = new Listpack();
        for (String s : new String[] {"a", "b", "b", "c", "7", "7"}) lp.append(b(s));
        assertEquals(lp.seek(2), lp.find(lp.first(), b("b"), 1));
        assertEquals(-1, lp.find(lp.first(), b("c"), 1)); // only a value
        assertEquals(lp.seek(4), lp.find(lp.first(), b("7"), 1));
        assertEquals(lp.seek(3), lp.find(lp.first(), b("c"), 0));
    }

    @Test
    void walksBothWaysAcrossAllEntrySizes() {
        Listpack lp = new Listpack();
        List<byte[]> model = new ArrayList<>();
        // lengths around every string-size and backlen-size boundary
        for (int len : new int[] {0, 1, 63, 64, 125, 126, 127, 128, 4095, 4096, 16380, 16383, 20000}) {
            byte[] s = b("s".repeat(len));
            lp.append(s);
            model.add(s);
        }
        assertModel(model, lp);
    }

    @Test
    void randomOperationsMatchAListModel() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int round = 0; round < 50; round++) {
            Listpack lp = new Listpack();
            List<byte[]> model = new ArrayList<>();
            for (int op = 0; op < 300; op++) {
                int kind = rnd.nextInt(10);
                if (kind < 4 || model.isEmpty()) {
                    byte[] v = randomValue(rnd);
                    int at = rnd.nextInt(model.size() + 1);
                    lp.insert(at == model.size() ? -1 : lp.seek(at), v);
                    model.add(at, v);
                } else if (kind < 7) {
                    int at = rnd.nextInt(model.size());
                    byte[] v = randomValue(rnd);
                    lp.replace(lp.seek(at), v);
                    model.set(at, v);
                } else {
                    int at = rnd.nextInt(model.size());
                    int n = Math.min(1 + rnd.nextInt(3), model.size() - at);
                    lp.delete(lp.seek(at), n);
                    for (int i = 0; i < n; i++) model.remove(at);
                }
            }
            assertModel(model, lp);
            Listpack copy = lp.copy();
            lp.append(b("changed"));
            assertModel(model, copy);
        }
    }

    private static byte[] randomValue(SplittableRandom rnd) {
        switch (rnd.nextInt(5)) {
            case 0: return b(Long.toString(rnd.nextLong()));
            case 1: return b(Long.toString(rnd.nextInt(-10000, 10000)));
            case 2: return b("s".repeat(rnd.nextInt(0, 70)));
            case 3: return b("L".repeat(rnd.nextInt(60, 5000)));
            default: return b(Integer.toString(rnd.nextInt(0, 128)));
        }
    }

    private static void assertModel(List<byte[]> model, Listpack lp) {
        assertEquals(model.size(), lp.size());
        int i = 0;
        for (int p = lp.first(); p >= 0; p = lp.next(p), i++) {
            assertArrayEquals(model.get(i), lp.get(p));
            assertEquals(model.get(i).length, lp.valueLength(p));
            assertTrue(lp.entryEquals(p, model.get(i)));
        }
        assertEquals(model.size(), i);
        i = model.size() - 1;
        for (int p = lp.last(); p >= 0; p = lp.prev(p), i--) assertArrayEquals(model.get(i), lp.get(p));
        assertEquals(-1, i);
        for (int k = 0; k < model.size(); k++) {
            assertArrayEquals(model.get(k), lp.get(lp.seek(k)));
            assertArrayEquals(model.get(k), lp.get(lp.seek(k - model.size())));
            int found = lp.find(lp.first(), model.get(k), 0);
            assertTrue(found >= 0 && Arrays.equals(model.get(k), lp.get(found)));
        }
        assertEquals(-1, lp.seek(model.size()));
        assertFalse(lp.find(lp.first() < 0 ? 0 : lp.first(), b("absent-value"), 0) >= 0);
    }
}
