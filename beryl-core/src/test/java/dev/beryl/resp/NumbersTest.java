package dev.beryl.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumbersTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    @Test
    void strictLongsLikeString2ll() {
        for (String ok : new String[]{"0", "-1", "9223372036854775807", "-9223372036854775808", "12"}) assertTrue(Numbers.isLong(b(ok)), ok);
        for (String bad : new String[]{"", "-", "01", "-0", "+1", " 1", "1 ", "9223372036854775808", "-9223372036854775809", "1a", "123456789012345678901"}) {
            assertFalse(Numbers.isLong(b(bad)), bad);
        }
        assertEquals(Long.MIN_VALUE, Numbers.parseLongOr(b("-9223372036854775808"), 0));
        assertEquals(-5, Numbers.parseLongOr(b("x"), -5));
    }

    @Test
    void formatsLongs() {
        assertEquals("-9223372036854775808", new String(Numbers.toBytes(Long.MIN_VALUE), StandardCharsets.US_ASCII));
        assertEquals("123456", new String(Numbers.toBytes(123456), StandardCharsets.US_ASCII));
        assertEquals("7", new String(Numbers.toBytes(7), StandardCharsets.US_ASCII));
    }

    @Test
    void doublesLikeRedis() {
        assertEquals(1.5, Numbers.parseDouble(b("1.5")));
        assertEquals(Double.POSITIVE_INFINITY, Numbers.parseDouble(b("+inf")));
        assertNull(Numbers.parseDouble(b("nan")));
        assertNull(Numbers.parseDouble(b(" 1")));
        assertNull(Numbers.parseDouble(b("1f")));
        assertNull(Numbers.parseDouble(b("")));
    }

    @Test
    void doublesOutOfRangeAreRejectedAsStrtodsErange() {
        assertNull(Numbers.parseDouble(b("1e400")));
        assertNull(Numbers.parseDouble(b("-1e400")));
        assertNull(Numbers.parseDouble(b("1e-400")));
        assertNull(Numbers.parseDouble(b("0x1p99999")));
        assertEquals(1e-310, Numbers.parseDouble(b("1e-310"))); // subnormal, no ERANGE to zero
        assertEquals(0.0, Numbers.parseDouble(b("0.000e-400")));
        assertEquals(0.0, Numbers.parseDouble(b("0x0p-9999")));
        assertEquals(Double.NEGATIVE_INFINITY, Numbers.parseDouble(b("-Infinity")));
        // ranges keep strtod's result
        assertEquals(Double.POSITIVE_INFINITY, Numbers.strtod(b("1e400")));
        assertEquals(0.0, Numbers.strtod(b("1e-400")));
    }

    @Test
    void percent17g() {
        assertEquals("1.5", Numbers.formatDouble17g(1.5));
        assertEquals("0.10000000000000001", Numbers.formatDouble17g(0.1));
        assertEquals("1e+20", Numbers.formatDouble17g(1e20));
        assertEquals("3", Numbers.formatDouble17g(3));
        assertEquals("-inf", Numbers.formatDouble17g(Double.NEGATIVE_INFINITY));
        assertEquals("1.0000000000000001e-05", Numbers.formatDouble17g(0.00001));
        assertEquals("1.2345678901234568e+17", Numbers.formatDouble17g(123456789012345678d));
    }
}
