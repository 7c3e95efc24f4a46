package dev.beryl.commands;

import dev.beryl.engine.Client;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Glob;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.HashValue;
import dev.beryl.types.IntSet;
import dev.beryl.types.Listpack;
import dev.beryl.types.SetValue;
import dev.beryl.types.ZSetValue;
import dev.beryl.types.ZSkipList;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HSCAN, SSCAN and ZSCAN over one collection (the per-key half of Redis's scanGenericCommand). A dict-encoded value is
 * walked with the dict's SCAN cursor; a small encoding (listpack, intset) is returned whole in one call with
 * cursor 0, as Redis does. MATCH filters fields/members only; a hash field's value, or a sorted set member's score
 * (%.17g), goes with it.
 */
final class CollectionScan {
    private CollectionScan() {}

    /** The reply for a missing key: cursor 0, no elements. */
    static void replyEmpty(ReplyBuffer out) {
        out.arrayHeader(2);
        out.bulkLong(0);
        out.emptyArray();
    }

    /** Parses the options after the cursor (argv[3..]) and replies with one scan step over {@code value}. */
    static void scan(Client c, byte[][] argv, long cursor, Object value) {
        ScanOptions options = ScanOptions.parse(c, argv, 3, false);
        if (options == null) return;
        long count = options.count();
        byte[] pattern = options.pattern();

        boolean zset = value instanceof ZSetValue;
        boolean pairs = zset || value instanceof HashValue;
        List<byte[]> found = new ArrayList<>();
        Dict<?> dict = value instanceof HashValue h ? h.dict() : zset ? ((ZSetValue) value).dict() : ((SetValue) value).dict();
        if (dict != null) {
            if (pairs) count *= 2; // a field and its value per entry
            long maxIterations = count * 10; // bounds the work on a sparse table, as Redis does
            do {
                cursor = dict.scan(cursor, n -> {
                    found.add(n.key);
                    if (zset) found.add(Numbers.formatDouble17g(((ZSkipList.Node) n.value).score()).getBytes(StandardCharsets.US_ASCII));
                    else if (pairs) found.add((byte[]) n.value);
                });
            } while (cursor != 0 && maxIterations-- != 0 && found.size() < count);
        } else if (pairs) {
            Listpack lp = zset ? ((ZSetValue) value).listpack() : ((HashValue) value).listpack();
            for (int p = lp.first(); p >= 0; p = lp.next(p)) found.add(lp.get(p));
            cursor = 0;
        } else {
            IntSet ints = ((SetValue) value).intSet();
            for (int i = 0; i < ints.size(); i++) found.add(Numbers.toBytes(ints.get(i)));
            cursor = 0;
        }

        int step = pairs ? 2 : 1;
        List<byte[]> kept = found;
        if (pattern != null) {
            kept = new ArrayList<>(found.size());
            for (int i = 0; i < found.size(); i += step) {
                if (!Glob.match(pattern, found.get(i), false)) continue;
                kept.add(found.get(i));
                if (pairs) kept.add(found.get(i + 1));
            }
        }
        ScanCursor.reply(c.reply(), cursor, kept);
    }
}
