package dev.beryl.commands;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A SORT score read as sort.c reads it: glibc's strtod on the bytes up to the first NUL, which must all be
 * consumed, refusing NaN and anything strtod flags with ERANGE (overflow, or an underflow that loses precision).
 */
final class SortScore {
    /**
     * Below this (2^-1022 - 2^-1076) a value is "tiny" for glibc on x86-64, which detects tininess after rounding
     * to 53 bits: anything closer to 2^-1022 rounds up to the smallest normal and does not underflow.
     */
    private static final BigDecimal TINY = new BigDecimal(
            BigInteger.TWO.pow(54).subtract(BigInteger.ONE).multiply(BigInteger.valueOf(5).pow(1076)), 1076);

    private SortScore() {}

    /** The score, or null when SORT refuses it ("" reads as 0: strtod consumes nothing and stops at the NUL). */
    static Double parse(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) end++;
        if (end == 0) return 0.0;
        int i = 0;
        while (i < end && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) i++;
        int from = i;
        if (i < end && (b[i] == '+' || b[i] == '-')) i++;
        if (isInfinity(b, i, end)) return b[from] == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        boolean hex = end - i > 2 && b[i] == '0' && (b[i + 1] | 0x20) == 'x';
        int digits = hex ? i + 2 : i;
        int radix = hex ? 16 : 10;
        int p = digits(b, digits, end, radix);
        int intDigits = p - digits;
        int fracDigits = 0;
        if (p < end && b[p] == '.') {
            int q = digits(b, p + 1, end, radix);
            fracDigits = q - p - 1;
            p = q;
        }
        if (intDigits + fracDigits == 0) return null; // no number at all, or "0x" read as 0 followed by 'x'
        int significandEnd = p;
        if (p < end && (b[p] | 0x20) == (hex ? 'p' : 'e')) {
            int q = p + 1;
            if (q < end && (b[q] == '+' || b[q] == '-')) q++;
            int e = digits(b, q, end, 10);
            if (e == q) return null; // a dangling exponent marker is left unread
            p = e;
        }
        if (p != end) return null;
        String s = new String(b, from, end - from, StandardCharsets.ISO_8859_1);
        double d = Double.parseDouble(hex && significandEnd == end ? s + "p0" : s);
        if (Double.isInfinite(d)) return null; // overflow
        if (Math.abs(d) <= Double.MIN_NORMAL && underflows(b, from, significandEnd, end, hex, d)) return null;
        return d;
    }

    private static boolean isInfinity(byte[] b, int i, int end) {
        int n = end - i;
        if (n != 3 && n != 8) return false;
        String s = new String(b, i, n, StandardCharsets.ISO_8859_1);
        return s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity");
    }

    private static int digits(byte[] b, int i, int end, int radix) {
        while (i < end && Character.digit(b[i], radix) >= 0) i++;
        return i;
    }

    /** ERANGE for a tiny result: the exact value is below TINY and differs from the double it was rounded to. */
    private static boolean underflows(byte[] b, int from, int significandEnd, int end, boolean hex, double d) {
        boolean nonZero = false;
        for (int i = hex ? from + 2 : from; i < significandEnd; i++) {
            if (Character.digit(b[i], 16) > 0) nonZero = true;
        }
        if (!nonZero) return false; // an exact zero
        BigDecimal exact = hex ? exactHex(b, from, significandEnd, end) : exactDecimal(b, from, end);
        if (exact == null) return true; // an exponent too far down to write out: far below the smallest subnormal
        exact = exact.abs();
        return exact.compareTo(TINY) < 0 && exact.compareTo(new BigDecimal(Math.abs(d))) != 0;
    }

    private static BigDecimal exactDecimal(byte[] b, int from, int end) {
        try {
            return new BigDecimal(new String(b, from, end - from, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            return null; // the exponent does not fit an int; it is negative, or d would be infinite
        }
    }

    /** m * 2^e for "0x<m>p<e>", with m's fraction digits moved into e. */
    private static BigDecimal exactHex(byte[] b, int from, int significandEnd, int end) {
        int i = from;
        if (b[i] == '+' || b[i] == '-') i++;
        StringBuilder m = new StringBuilder();
        long e = 0;
        boolean fraction = false;
        for (i += 2; i < significandEnd; i++) {
            if (b[i] == '.') fraction = true;
            else {
                m.append((char) b[i]);
                if (fraction) e -= 4;
            }
        }
        BigInteger mantissa = new BigInteger(m.toString(), 16);
        if (significandEnd < end) {
            long exp = 0;
            int j = significandEnd + 1;
            boolean negative = b[j] == '-';
            if (b[j] == '+' || b[j] == '-') j++;
            for (; j < end && exp < 1L << 40; j++) exp = exp * 10 + (b[j] - '0'); // saturates far beyond any double
            e += negative ? -exp : exp;
        }
        // the value is tiny, so e < 0; below 2^-1100 it only needs to be known as inexact
        if (e + mantissa.bitLength() < -1100) return null;
        return new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow((int) -e)), (int) -e);
    }
}
