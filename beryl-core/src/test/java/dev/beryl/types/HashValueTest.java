package dev.beryl.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashValueTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    private static String s(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    @Test
    void convertsWhenTooManyFields() {
        HashValue h = new HashValue();
        for (int i = 0; i < 4; i++) assertTrue(h.set(b("f" + i), b("v"), 4, 64));
        assertTrue(h.isListpack());
        assertFalse(h.set(b("f0"), b("w"), 4, 64));
        assertTrue(h.isListpack());
        assertTrue(h.set(b("f4"), b("v"), 4, 64));
        assertFalse(h.isListpack());
        assertEquals(5, h.size());
        assertEquals("w", s(h.get(b("f0"))));
    }

    @Test
    void convertsWhenAFieldOrValueIsTooLong() {
        HashValue h = new HashValue();
        h.set(b("f"), b("12345678"), 128, 8);
        assertTrue(h.isListpack());
        h.set(b("f"), b("123456789"), 128, 8); // HINCRBY-style write checks the lengths itself
        assertFalse(h.isListpack());

        HashValue g = new HashValue();
        byte[][] args = {b("hset"), b("k"), b("f"), b("v"), b("long-field"), b("v")};
        g.prepareWrite(args, 2, 3, 8);
        assertTrue(g.isListpack());
        g.prepareWrite(args, 2, 5, 8);
        assertFalse(g.isListpack());
    }

    @Test
    void randomOperationsMatchAMapModelAcrossTheConversion() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int round = 0; round < 20; round++) {
            HashValue h = new HashValue();
            Map<String, String> model = new HashMap<>();
            for (int op = 0; op < 600; op++) {
                String f = rnd.nextBoolean() ? Integer.toString(rnd.nextInt(-50, 200)) : "f" + rnd.nextInt(200);
                if (rnd.nextInt(4) == 0) {
                    assertEquals(model.remove(f) != null, h.delete(b(f)));
                } else {
                    String v = rnd.nextBoolean() ? Long.toString(rnd.nextLong()) : "v".repeat(rnd.nextInt(10));
                    assertEquals(model.put(f, v) == null, h.set(b(f), b(v), 128, 64));
                }
            }
            assertEquals(model.size(), h.size());
            for (Map.Entry<String, String> e : model.entrySet()) {
                assertArrayEquals(b(e.getValue()), h.get(b(e.getKey())));
                assertTrue(h.contains(b(e.getKey())));
            }
            assertNull(h.get(b("missing")));
            Map<String, String> seen = new HashMap<>();
            h.forEach((f, v) -> seen.put(s(f), s(v)));
            assertEquals(model, seen);
            HashValue copy = h.copy();
            assertEquals(h.isListpack(), copy.isListpack());
            h.set(b("extra"), b("x"), 128, 64);
            assertEquals(model.size(), copy.size());
        }
    }
}
