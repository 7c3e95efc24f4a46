package dev.beryl.resp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Redis's long double arithmetic (INCRBYFLOAT, HINCRBYFLOAT), emulated exactly. On x86-64 a C long double is the
 * x87 80-bit format: a 64-bit mantissa, denormals down to 2^-16445, overflow at 2^16384. A finite value is kept
 * as the exact BigDecimal of the representable number; parsing (strtold) and addition round to nearest-even like
 * glibc and the FPU, and formatting is printf's "%.17Lf" with trailing zeros removed (ld2string's human mode).
 */
public final class LongDouble {
    private static final int MANTISSA_BITS = 64;
    /** Exponent of the least significant mantissa bit of the smallest (denormal) numbers. */
    private static final int MIN_LSB_EXP = -16445;
    /** Finite values are below 2^MAX_EXP. */
    private static final int MAX_EXP = 16384;
    /** string2ld refuses inputs this long (MAX_LONG_DOUBLE_CHARS). */
    private static final int MAX_CHARS = 5 * 1024;

    public static final LongDouble ZERO = new LongDouble(BigDecimal.ZERO, 0);

    /** Null when infinite. */
    private final BigDecimal value;
    /** +1 or -1 for infinities. */
    private final int infinity;

    private LongDouble(BigDecimal value, int infinity) {
        this.value = value;
        this.infinity = infinity;
    }

    public boolean isFinite() { return value != null; }

    /**
     * Parses like Redis's string2ld: the whole input must be one strtold number (decimal, hex "0x1.8p3",
     * "inf"/"infinity"), no leading space, not NaN, not overflowing and not underflowing to zero.
     * Returns null when the bytes are not such a number.
     */
    public static LongDouble parse(byte[] b) {
        int n = b.length;
        if (n == 0 || n >= MAX_CHARS || isSpace(b[0])) return null;
        int i = 0;
        boolean neg = false;
        if (b[0] == '+' || b[0] == '-') {
            neg = b[0] == '-';
            i++;
        }
        if (equalsIgnoreCase(b, i, "inf") || equalsIgnoreCase(b, i, "infinity")) {
            return new LongDouble(null, neg ? -1 : 1);
        }
        if (n - i > 2 && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) return parseHex(b, i + 2, neg);
        return parseDecimal(b, i, neg);
    }

    private static LongDouble parseDecimal(byte[] b, int i, boolean neg) {
        int n = b.length;
        StringBuilder digits = new StringBuilder(n);
        int fraction = 0;
        boolean dot = false;
        for (; i < n; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                digits.append((char) c);
                if (dot) fraction++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (digits.length() == 0) return null;
        long exp = 0;
        if (i < n && (b[i] == 'e' || b[i] == 'E')) {
            exp = exponent(b, i + 1);
            if (exp == BAD_EXPONENT) return null;
        } else if (i != n) {
            return null;
        }
        BigInteger mantissa = new BigInteger(digits.toString());
        if (mantissa.signum() == 0) return ZERO;
        // Decimal exponent of the leading digit decides overflow/underflow before any big arithmetic.
        long lead = exp - fraction + mantissa.toString().length() - 1;
        if (lead > 4933 || lead < -4953) return null;
        BigDecimal exact = new BigDecimal(mantissa, (int) (fraction - exp));
        return rounded(neg ? exact.negate() : exact, false);
    }

    /** Never an exponent: {@link #exponent} clamps its digits well inside a long. */
    private static final long BAD_EXPONENT = Long.MIN_VALUE;

    /** The signed decimal exponent from b[i] to the end (the tail of a decimal or hex float), or BAD_EXPONENT. */
    private static long exponent(byte[] b, int i) {
        int n = b.length;
        boolean neg = false;
        if (i < n && (b[i] == '+' || b[i] == '-')) neg = b[i++] == '-';
        if (i == n) return BAD_EXPONENT;
        long exp = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return BAD_EXPONENT;
            if (exp < 1_000_000_000L) exp = exp * 10 + d;
        }
        return neg ? -exp : exp;
    }

    private static LongDouble parseHex(byte[] b, int i, boolean neg) {
        int n = b.length;
        BigInteger mantissa = BigInteger.ZERO;
        int fractionDigits = 0, count = 0;
        boolean dot = false;
        for (; i < n; i++) {
            int d = Character.digit(b[i], 16);
            if (d >= 0) {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(d));
                count++;
                if (dot) fractionDigits++;
            } else if (b[i] == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (count == 0) return null; // strtold would stop after the "0", leaving "x..." unparsed
        long exp = 0;
        if (i < n && (b[i] == 'p' || b[i] == 'P')) {
            exp = exponent(b, i + 1);
            if (exp == BAD_EXPONENT) return null;
        } else if (i != n) {
            return null;
        }
        if (mantissa.signum() == 0) return ZERO;
        long e = exp - 4L * fractionDigits;
        long top = e + mantissa.bitLength();
        if (top > MAX_EXP + 1 || top < MIN_LSB_EXP - 2) return null;
        BigDecimal exact = dyadic(mantissa, (int) e);
        return rounded(neg ? exact.negate() : exact, false);
    }

    /** The sum as the FPU computes it; null when it is NaN (inf + -inf). */
    public LongDouble add(LongDouble o) {
        if (value == null || o.value == null) {
            if (value == null && o.value == null && infinity != o.infinity) return null;
            return new LongDouble(null, value == null ? infinity : o.infinity);
        }
        return rounded(value.add(o.value), true);
    }

    /** The product with an integer as the FPU computes it (a blocking timeout's seconds times 1000). */
    public LongDouble multiply(long k) {
        if (value == null) return k == 0 ? null : new LongDouble(null, k > 0 ? infinity : -infinity);
        return rounded(value.multiply(BigDecimal.valueOf(k)), true);
    }

    /**
     * C's {@code (long long) ceill(x)} on x86-64: values out of the long range, infinities included, convert to
     * Long.MIN_VALUE (the FPU's "integer indefinite").
     */
    public long ceilToLong() {
        if (value == null) return Long.MIN_VALUE;
        BigDecimal c = value.setScale(0, RoundingMode.CEILING);
        if (c.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || c.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            return Long.MIN_VALUE;
        }
        return c.longValueExact();
    }

    /**
     * Rounds an exact value to the nearest long double (ties to even). Overflow gives infinity when computing,
     * null when parsing (strtold's ERANGE); so does underflow to zero when parsing.
     */
    private static LongDouble rounded(BigDecimal x, boolean arithmetic) {
        int sign = x.signum();
        if (sign == 0) return ZERO;
        BigInteger num = x.unscaledValue().abs();
        BigInteger den = BigInteger.ONE;
        if (x.scale() > 0) den = BigInteger.TEN.pow(x.scale());
        else num = num.multiply(BigInteger.TEN.pow(-x.scale()));
        // Find the exponent e of the last mantissa bit: 2^63 <= num / (den * 2^e) < 2^64.
        int e = num.bitLength() - den.bitLength() - MANTISSA_BITS;
        int bits = quotient(num, den, e)[0].bitLength();
        if (bits > MANTISSA_BITS) e += bits - MANTISSA_BITS;
        else if (bits < MANTISSA_BITS) e -= MANTISSA_BITS - bits;
        if (e < MIN_LSB_EXP) e = MIN_LSB_EXP; // denormal: fewer mantissa bits
        BigInteger[] qr = quotient(num, den, e);
        BigInteger q = qr[0];
        int half = qr[1].shiftLeft(1).compareTo(qr[2]);
        if (half > 0 || (half == 0 && q.testBit(0))) q = q.add(BigInteger.ONE);
        if (q.bitLength() > MANTISSA_BITS) {
            q = q.shiftRight(1);
            e++;
        }
        if (q.signum() == 0) return arithmetic ? ZERO : null;
        if ((long) q.bitLength() + e > MAX_EXP) return arithmetic ? new LongDouble(null, sign) : null;
        BigDecimal v = dyadic(q, e);
        return new LongDouble(sign < 0 ? v.negate() : v, 0);
    }

    /** {quotient, remainder, divisor} of num / (den * 2^e). */
    private static BigInteger[] quotient(BigInteger num, BigInteger den, int e) {
        if (e >= 0) den = den.shiftLeft(e);
        else num = num.shiftLeft(-e);
        BigInteger[] qr = num.divideAndRemainder(den);
        return new BigInteger[] {qr[0], qr[1], den};
    }

    /** The exact decimal value of m * 2^e. */
    private static BigDecimal dyadic(BigInteger m, int e) {
        if (e >= 0) return new BigDecimal(m.shiftLeft(e));
        return new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-e)), -e);
    }

    /** printf("%.17Lf") without trailing zeros (and "-0" as "0"), as Redis stores INCRBYFLOAT results. */
    public byte[] toHumanBytes() {
        if (value == null) return (infinity > 0 ? "inf" : "-inf").getBytes(StandardCharsets.US_ASCII);
        String s = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        s = s.substring(0, end);
        if (s.equals("-0")) s = "0";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private static boolean equalsIgnoreCase(byte[] b, int off, String word) {
        if (b.length - off != word.length()) return false;
        for (int i = 0; i < word.length(); i++) {
            if (Character.toLowerCase((char) b[off + i]) != word.charAt(i)) return false;
        }
        return true;
    }
}
