package dev.beryl.types;

import java.util.Arrays;

/**
 * A member interval of ZRANGEBYLEX and friends: "[a" inclusive, "(a" exclusive, "-" and "+" the smallest and
 * greatest strings possible ({@link #MIN} and {@link #MAX}, told apart from real members by identity).
 * Members compare as unsigned bytes, a prefix first.
 */
public record LexRange(byte[] min, boolean minEx, byte[] max, boolean maxEx) {
    public static final byte[] MIN = new byte[0];
    public static final byte[] MAX = new byte[0];

    /** Redis's sdscmplex: the sentinels compare below or above everything. */
    static int compare(byte[] a, byte[] b) {
        if (a == b) return 0;
        if (a == MIN || b == MAX) return -1;
        if (a == MAX || b == MIN) return 1;
        return Arrays.compareUnsigned(a, b);
    }

    public boolean gteMin(byte[] v) {
        int c = compare(v, min);
        return minEx ? c > 0 : c >= 0;
    }

    public boolean lteMax(byte[] v) {
        int c = compare(v, max);
        return maxEx ? c < 0 : c <= 0;
    }

    public boolean contains(byte[] v) { return gteMin(v) && lteMax(v); }

    /** An interval that can hold no member at all. */
    public boolean isEmpty() {
        int c = compare(min, max);
        return c > 0 || (c == 0 && (minEx || maxEx));
    }
}
