package dev.beryl.commands;

import dev.beryl.resp.ReplyBuffer;

import java.util.List;
import java.util.OptionalLong;

/**
 * The cursor argument of SCAN and its per-type siblings. Redis reads it with strtoul, so it takes what strtoul
 * takes: an optional sign (a minus wraps around, "-1" is 2^64-1), decimal digits, nothing after them (a NUL byte
 * ends the string early), and the empty string as 0; it refuses a leading space and values above 2^64-1.
 * The unsigned value is carried in a long.
 */
final class ScanCursor {
    static final String INVALID = "ERR invalid cursor";
    private static final long MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
    private static final long MAX_MOD_10 = Long.remainderUnsigned(-1L, 10);

    private ScanCursor() {}

    /** The cursor, or empty when Redis would reply {@link #INVALID}. */
    static OptionalLong parse(byte[] arg) {
        int end = 0;
        while (end < arg.length && arg[end] != 0) end++;
        if (end == 0) return OptionalLong.of(0);
        if (isSpace(arg[0])) return OptionalLong.empty();
        int i = 0;
        boolean negative = arg[0] == '-';
        if (negative || arg[0] == '+') i++;
        if (i == end) return OptionalLong.empty();
        long v = 0;
        for (; i < end; i++) {
            int d = arg[i] - '0';
            if (d < 0 || d > 9) return OptionalLong.empty();
            if (Long.compareUnsigned(v, MAX_DIV_10) > 0 || (v == MAX_DIV_10 && d > MAX_MOD_10)) return OptionalLong.empty();
            v = v * 10 + d;
        }
        return OptionalLong.of(negative ? -v : v);
    }

    /** One scan step's reply: the next cursor, then the elements found. */
    static void reply(ReplyBuffer out, long next, List<byte[]> elements) {
        out.arrayHeader(2);
        out.bulkLong(next);
        out.arrayHeader(elements.size());
        for (byte[] e : elements) out.bulk(e);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}
