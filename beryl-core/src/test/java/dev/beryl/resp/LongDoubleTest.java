package dev.beryl.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Expected values come from redis-server 7.0.15 on x86-64 (80-bit long double). */
class LongDoubleTest {
    private static LongDouble parse(String s) {
        return LongDouble.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String sum(String a, String b) {
        LongDouble r = parse(a).add(parse(b));
        return new String(r.toHumanBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void formatsLikePercent17LfTrimmed() {
        assertEquals("1.1", sum("1", "0.1"));
        assertEquals("3", sum("1.5", "1.5"));
        assertEquals("10000000005.59999999962747097", sum("5.6", "1e10"));
        assertEquals("-0.00000000000000001", sum("0", "-0.000000000000000006"));
        assertEquals("0", sum("0", "-0.000000000000000004"));
        assertEquals("0.00000381469726562", sum("0", "0.000003814697265625"), "ties round to even");
        assertEquals("123456789012345678899921813504", sum("0", "123456789012345678901234567890"));
        assertEquals("100000000000000000.1015625", sum("99999999999999999.99999999999", ".1"));
        assertEquals("-3.33333333333333333", sum("0", "-3.3333333333333333333"));
    }

    @Test
    void hugeAndTinyValuesUseTheExtendedRange() {
        String big = sum("0", "1e400");
        assertEquals(401, big.length());
        assertEquals("10000000000000000000281880683947586514586453433629", big.substring(0, 50));
        assertEquals("0", sum("0", "1e-4940"), "a denormal parses");
        assertNull(parse("1e-4960"), "underflow to zero is refused");
        assertNull(parse("1e5000"), "overflow is refused");
        assertFalse(parse("1e4932").add(parse("1e4932")).isFinite());
    }

    @Test
    void parsesWhatStrtoldAcceptsAndNothingMore() {
        assertEquals("5", sum("0", "5."));
        assertEquals("0.5", sum("0", ".5"));
        assertEquals("-5", sum("0", "-.5e1"));
        assertEquals("100", sum("0", "1E+2"));
        assertEquals("16", sum("0", "0X1P4"));
        assertEquals("0.5", sum("0", "0x.8"));
        assertEquals("0", sum("0", "0e99999999999"));
        assertFalse(parse("inf").isFinite());
        assertFalse(parse("-Infinity").isFinite());
        for (String bad : new String[] {"", " 1", "1 ", "nan", "NaN", "1e", "1e+", "0x", "0x1p", "1.2.3", "--1",
                "+-1", "infinit", ".", "1\u00002", "abc", "1d", "1f"}) {
            assertNull(parse(bad), bad);
        }
        assertNull(LongDouble.parse(new byte[5120]), "5 KB and more is refused");
    }

    @Test
    void infinityPlusMinusInfinityIsNaN() {
        assertNull(parse("inf").add(parse("-inf")));
        assertFalse(parse("inf").add(parse("1")).isFinite());
    }

    /** Blocking timeouts: (long long) ceill(seconds * 1000.0) in long double arithmetic. */
    @Test
    void timeoutMillisecondsAsTheFpuComputesThem() {
        assertEquals(1, parse("0.001").multiply(1000).ceilToLong(), "0.001 * 1000 rounds to exactly 1");
        assertEquals(2, parse("0.0011").multiply(1000).ceilToLong());
        assertEquals(0, parse("-0.0001").multiply(1000).ceilToLong());
        assertEquals(9223372036854775000L, parse("9223372036854775").multiply(1000).ceilToLong());
        assertEquals(Long.MIN_VALUE, parse("9223372036854776").multiply(1000).ceilToLong(), "out of range");
        assertEquals(Long.MIN_VALUE, parse("inf").multiply(1000).ceilToLong());
    }
}
