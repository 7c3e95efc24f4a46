package dev.beryl.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RawStringTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void appendGrowsGeometrically() {
        RawString s = new RawString(b("x"));
        int reallocations = 0;
        byte[] last = s.array();
        for (int i = 0; i < 100_000; i++) {
            s.append(b("ab"));
            if (s.array() != last) {
                reallocations++;
                last = s.array();
            }
        }
        assertEquals(200_001, s.length());
        assertTrue(reallocations < 40, "amortized O(1) appends, got " + reallocations + " reallocations");
    }

    @Test
    void writeZeroPadsAndCopiesAreIndependent() {
        RawString s = new RawString(b("foo"));
        s.write(5, b("bar"));
        assertArrayEquals(b("foo\u0000\u0000bar"), s.toByteArray());
        RawString c = s.copy();
        c.setByte(0, (byte) 'g');
        assertArrayEquals(b("foo\u0000\u0000bar"), s.toByteArray());
        assertEquals("raw", s.encoding());
    }

    @Test
    void embstrUntilModified() {
        RawString s = RawString.embstr(b("3"));
        assertEquals("embstr", s.encoding());
        s.unshare();
        assertEquals("raw", s.encoding());
    }

    @Test
    void intCountersRewriteInPlaceUntilEdited() {
        RawString s = RawString.ofLong(-12345);
        assertEquals("int", s.encoding());
        assertArrayEquals(b("-12345"), s.toByteArray());
        s.setLong(Long.MIN_VALUE);
        assertArrayEquals(b("-9223372036854775808"), s.toByteArray());
        s.setLong(7);
        s.append(b("x"));
        assertArrayEquals(b("7x"), s.toByteArray());
        assertEquals("raw", s.encoding());
    }
}
