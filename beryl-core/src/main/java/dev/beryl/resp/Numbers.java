package dev.beryl.resp;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing and formatting on raw bytes, with Redis's strictness: "01", "+1", " 1" and "1 " are not
 * integers (string2ll), and formatting never goes through String on the hot path.
 */
public final class Numbers {
    private Numbers() {}

    /** Sentinel-free strict parse; callers check {@link #isLong} first or use {@link #parseLongOr}. */
    public static boolean isLong(byte[] b) {
        return isLong(b, 0, b.length);
    }

    public static boolean isLong(byte[] b, int off, int len) {
        if (len == 0 || len > 20) return false;
        int i = off, end = off + len;
        boolean neg = false;
        if (b[i] == '-') {
            neg = true;
            if (++i == end) return false;
        }
        if (b[i] == '0') return len == 1; // "0" only; "-0" and "01" are not canonical
        long v = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return false;
            if (v < -922337203685477580L || (v == -922337203685477580L && d > 8)) return false;
            v = v * 10 - d; // accumulate negatively so Long.MIN_VALUE fits
        }
        return neg || v != Long.MIN_VALUE;
    }

    /** Parses a strict long; returns {@code fallback} when the bytes are not one. */
    public static long parseLongOr(byte[] b, long fallback) {
        return isLong(b) ? parseLongUnchecked(b, 0, b.length) : fallback;
    }

    public static long parseLongUnchecked(byte[] b, int off, int len) {
        int i = off, end = off + len;
        boolean neg = b[i] == '-';
        if (neg) i++;
        long v = 0;
        for (; i < end; i++) v = v * 10 - (b[i] - '0');
        return neg ? v : -v;
    }

    /** Length in bytes of the decimal form of v. */
    public static int decimalLength(long v) {
        if (v == Long.MIN_VALUE) return 20;
        int n = 1;
        if (v < 0) { n++; v = -v; }
        while (v >= 10) { v /= 10; n++; }
        return n;
    }

    /** Writes the decimal form of v into dst at off; returns the new offset. */
    public static int writeLong(long v, byte[] dst, int off) {
        if (v == Long.MIN_VALUE) {
            byte[] m = MIN.clone();
            System.arraycopy(m, 0, dst, off, m.length);
            return off + m.length;
        }
        int len = decimalLength(v);
        int end = off + len;
        int p = end;
        boolean neg = v < 0;
        if (neg) v = -v;
        do {
            dst[--p] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        if (neg) dst[--p] = '-';
        return end;
    }

    private static final byte[] MIN = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL = new byte[10000][];
    static {
        for (int i = 0; i < SMALL.length; i++) SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    }

    /** The decimal bytes of v; small non-negative values come from a shared table (callers must not mutate). */
    public static byte[] toBytes(long v) {
        if (v >= 0 && v < SMALL.length) return SMALL[(int) v];
        byte[] out = new byte[decimalLength(v)];
        writeLong(v, out, 0);
        return out;
    }

    /**
     * Parses a double the way Redis's string2d/getDoubleFromObject does: no leading/trailing space, not empty,
     * "inf"/"-inf"/"+inf" accepted, NaN rejected, and a number out of a double's range rejected (strtod's ERANGE:
     * 1e400 overflows, 1e-400 underflows to zero; a subnormal such as 1e-310 is kept). Returns null when not valid.
     */
    public static Double parseDouble(byte[] b) {
        Double d = strtod(b);
        if (d == null || d != 0 && !Double.isInfinite(d)) return d;
        if (Double.isInfinite(d) ? !isInfinityWord(b) : hasNonZeroMantissa(b)) return null;
        return d;
    }

    /**
     * A whole-string strtod as zslParseRange uses it: like {@link #parseDouble} but out-of-range numbers are kept
     * as strtod returns them (1e400 is inf, 1e-400 is 0).
     */
    public static Double strtod(byte[] b) {
        if (b.length == 0 || b.length > 5000) return null;
        // the common case, an integer score, needs no String: up to 15 digits is exact in a double
        if (b.length <= 15 && isLong(b)) return (double) parseLongUnchecked(b, 0, b.length);
        if (isSpace(b[0]) || isSpace(b[b.length - 1])) return null;
        String s = new String(b, StandardCharsets.US_ASCII);
        String l = s.toLowerCase();
        switch (l) {
            case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default:
        }
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
                    || c == 'x' || c == 'X' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == 'p' || c == 'P';
            if (!ok) return null;
        }
        try {
            double d;
            if (l.startsWith("0x") || l.startsWith("-0x") || l.startsWith("+0x")) {
                d = Double.parseDouble(l.contains("p") ? s : s + "p0");
            } else {
                if (l.indexOf('x') >= 0 || l.indexOf('p') >= 0 || endsWithTypeSuffix(l)) return null;
                d = Double.parseDouble(s);
            }
            return Double.isNaN(d) ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isInfinityWord(byte[] b) {
        for (byte c : b) if (c == 'i' || c == 'I') return true;
        return false;
    }

    /** Whether a number that parsed as zero has a non-zero digit before its exponent: strtod's underflow. */
    private static boolean hasNonZeroMantissa(byte[] b) {
        int i = 0;
        if (i < b.length && (b[i] == '+' || b[i] == '-')) i++;
        boolean hex = i + 1 < b.length && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X');
        if (hex) i += 2;
        for (; i < b.length; i++) {
            byte c = b[i];
            if (hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E')) return false;
            if (c >= '1' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) return true;
        }
        return false;
    }

    private static boolean endsWithTypeSuffix(String l) {
        char c = l.charAt(l.length() - 1);
        return c == 'd' || c == 'f';
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    /** Formats a double like Redis's "%.17g" (used for RESP2 double replies and ZSET scores). */
    public static String formatDouble17g(double d) {
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        // Shortest repr that round-trips gives the same digits %.17g would print after trimming trailing zeros
        // only when it has 17 significant digits; emulate %.17g exactly via BigDecimal.
        java.math.BigDecimal bd = new java.math.BigDecimal(d).round(new java.math.MathContext(17));
        int exp = bd.precision() - bd.scale() - 1; // decimal exponent of the leading digit
        if (exp < -4 || exp >= 17) {
            String digits = bd.unscaledValue().abs().toString();
            digits = stripZeros(digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits);
            String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
            return (d < 0 ? "-" : "") + digits + "e" + e;
        }
        String plain = bd.toPlainString();
        return plain.indexOf('.') >= 0 ? stripZeros(plain) : plain;
    }

    /** Cuts the trailing zeros of a decimal fraction and a dot left alone, as Redis's trimDoubleString. */
    public static String stripZeros(String s) {
        if (s.indexOf('.') < 0) return s;
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }
}
