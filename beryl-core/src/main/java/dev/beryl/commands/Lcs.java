package dev.beryl.commands;

import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.Strings;

import java.util.ArrayList;
import java.util.List;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence of two strings by
 * the classic dynamic programming table, walked back from the end exactly as Redis does so that the same
 * subsequence and the same match ranges (last match first) come out.
 */
final class Lcs {
    private static final byte[] EMPTY = new byte[0];

    private Lcs() {}

    static void lcs(Client c, byte[][] argv) {
        Object va = c.db().lookupRead(argv[1]);
        Object vb = c.db().lookupRead(argv[2]);
        if ((va != null && !Strings.isString(va)) || (vb != null && !Strings.isString(vb))) {
            c.reply().error("ERR The specified keys must contain string values");
            return;
        }
        byte[] a = va == null ? EMPTY : Strings.bytes(va);
        byte[] b = vb == null ? EMPTY : Strings.bytes(vb);
        boolean getLen = false, getIdx = false, withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean more = j < argv.length - 1;
            if (CommandTable.is(opt, "IDX")) {
                getIdx = true;
            } else if (CommandTable.is(opt, "LEN")) {
                getLen = true;
            } else if (CommandTable.is(opt, "WITHMATCHLEN")) {
                withMatchLen = true;
            } else if (CommandTable.is(opt, "MINMATCHLEN") && more) {
                if (!Numbers.isLong(argv[j + 1])) {
                    c.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                minMatchLen = Math.max(0, Numbers.parseLongUnchecked(argv[j + 1], 0, argv[j + 1].length));
                j++;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        if (getLen && getIdx) {
            c.reply().error("ERR If you want both the length and indexes, please just use IDX.");
            return;
        }
        int alen = a.length, blen = b.length;
        long cells = (long) (alen + 1) * (blen + 1);
        if (cells * 4 > c.engine().config().getLong("proto-max-bulk-len")) {
            c.reply().error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
            return;
        }
        int[] table;
        try {
            table = cells > Integer.MAX_VALUE - 8 ? null : new int[(int) cells];
        } catch (OutOfMemoryError e) {
            table = null; // Redis's ztrymalloc failing: report it instead of dying
        }
        if (table == null) {
            c.reply().error("ERR Insufficient memory, failed allocating transient memory for LCS");
            return;
        }
        int w = blen + 1;
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                if (a[i - 1] == b[j - 1]) table[i * w + j] = table[(i - 1) * w + j - 1] + 1;
                else table[i * w + j] = Math.max(table[(i - 1) * w + j], table[i * w + j - 1]);
            }
        }
        int total = table[alen * w + blen];
        ReplyBuffer r = c.reply();
        if (getLen) {
            r.integer(total);
            return;
        }
        byte[] result = new byte[total];
        List<long[]> ranges = getIdx ? new ArrayList<>() : null;
        walkBack(a, b, table, w, result, ranges, minMatchLen);
        if (!getIdx) {
            r.bulk(result);
            return;
        }
        r.mapHeader(2);
        r.bulk("matches");
        r.arrayHeader(ranges.size());
        for (long[] m : ranges) {
            r.arrayHeader(withMatchLen ? 3 : 2);
            r.arrayHeader(2);
            r.integer(m[0]);
            r.integer(m[1]);
            r.arrayHeader(2);
            r.integer(m[2]);
            r.integer(m[3]);
            if (withMatchLen) r.integer(m[1] - m[0] + 1);
        }
        r.bulk("len");
        r.integer(total);
    }

    /**
     * Rebuilds the subsequence from the end of both strings, collecting the contiguous match ranges
     * {aStart, aEnd, bStart, bEnd} of at least minMatchLen bytes when ranges is not null.
     */
    private static void walkBack(byte[] a, byte[] b, int[] table, int w, byte[] result, List<long[]> ranges,
                                 long minMatchLen) {
        int alen = a.length;
        int idx = result.length;
        int aStart = alen, aEnd = 0, bStart = 0, bEnd = 0; // aStart == alen: no range in progress
        int i = alen, j = b.length;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = aEnd = i - 1;
                    bStart = bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) emit = true;
                idx--;
                i--;
                j--;
            } else {
                if (table[(i - 1) * w + j] > table[i * w + j - 1]) i--;
                else j--;
                if (aStart != alen) emit = true;
            }
            if (emit) {
                long matchLen = aEnd - aStart + 1;
                if (ranges != null && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                    ranges.add(new long[] {aStart, aEnd, bStart, bEnd});
                }
                aStart = alen;
            }
        }
    }
}
