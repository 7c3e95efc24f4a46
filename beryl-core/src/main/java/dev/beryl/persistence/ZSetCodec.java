package dev.beryl.persistence;

import dev.beryl.types.Listpack;
import dev.beryl.types.ZSetValue;
import dev.beryl.types.ZSkipList;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Sorted sets: a listpack as RDB_TYPE_ZSET_LISTPACK (its blob), a skiplist as RDB_TYPE_ZSET_2 (a count, then
 * member and binary double from the highest score down, so each load insert lands at the head). Read also from
 * RDB_TYPE_ZSET (scores as text) and the ziplist of older files. A listpack must be in order with valid scores:
 * sorted-set commands rely on that.
 */
final class ZSetCodec {
    private ZSetCodec() {}

    static int type(ZSetValue z) {
        return z.isListpack() ? RdbConstants.TYPE_ZSET_LISTPACK : RdbConstants.TYPE_ZSET_2;
    }

    static void write(RdbOutput out, ZSetValue z) throws IOException {
        if (z.isListpack()) {
            out.string(ListpackBlob.encode(z.listpack()));
            return;
        }
        ZSkipList zsl = z.skipList();
        out.length(zsl.length());
        for (ZSkipList.Node n = zsl.last(); n != null; n = n.prev()) {
            out.string(n.ele);
            out.binaryDouble(n.score());
        }
    }

    /**
     * RDB_TYPE_ZSET_2 (binary scores) or RDB_TYPE_ZSET (text scores): a skiplist, converted to a listpack
     * afterwards when it fits, as Redis does once all members are in.
     */
    static ZSetValue readSkipList(RdbInput in, boolean binaryScores, LoadSettings s) throws IOException {
        int n = in.count();
        if (n == 0) return null;
        ZSetValue z = ZSetValue.create(false);
        z.dict().expand(n);
        long maxLen = 0, totalLen = 0;
        for (int i = 0; i < n; i++) {
            byte[] member = in.string();
            double score = binaryScores ? in.binaryDouble() : in.textDouble();
            if (Double.isNaN(score)) throw in.corrupt("Zset with NAN score detected");
            if (z.contains(member)) throw in.corrupt("Duplicate zset fields detected");
            z.add(score, member, 0, Long.MAX_VALUE, Long.MAX_VALUE);
            maxLen = Math.max(maxLen, member.length);
            totalLen += member.length;
        }
        z.convertToListpackIfFits(maxLen, totalLen, s.zsetMaxListpackEntries(), s.zsetMaxListpackValue());
        return z;
    }

    /** RDB_TYPE_ZSET_LISTPACK, converted when it has more members than zset-max-listpack-entries. */
    static ZSetValue readListpack(RdbInput in, LoadSettings s) throws IOException {
        Listpack lp = ListpackBlob.decodePairs(in.string(), in, "Zset listpack");
        if (!ordered(lp)) throw in.corrupt("Zset listpack integrity check failed: a score out of order or no number");
        return finish(lp, s);
    }

    /** RDB_TYPE_ZSET_ZIPLIST: its entries into a listpack. */
    static ZSetValue readZiplist(RdbInput in, LoadSettings s) throws IOException {
        List<byte[]> entries = ZiplistBlob.entries(in.string());
        if (entries == null) throw in.corrupt("Zset ziplist integrity check failed.");
        Listpack lp = ListpackBlob.of(entries);
        ListpackBlob.checkPairs(lp, in, "Zset ziplist");
        if (!ordered(lp)) throw in.corrupt("Zset ziplist integrity check failed: a score out of order or no number");
        return finish(lp, s);
    }

    private static ZSetValue finish(Listpack lp, LoadSettings s) {
        if (lp.size() == 0) return null;
        ZSetValue z = ZSetValue.of(lp);
        if (z.size() > s.zsetMaxListpackEntries()) z.convertToSkipList();
        return z;
    }

    /** Every score a number (not NaN), and the pairs ascending by score, then by member bytes. */
    private static boolean ordered(Listpack lp) {
        double prevScore = Double.NEGATIVE_INFINITY;
        byte[] prevMember = null;
        for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
            byte[] member = lp.get(p);
            double score = score(lp, lp.next(p));
            if (Double.isNaN(score)) return false;
            if (prevMember != null && (score < prevScore
                    || (score == prevScore && Arrays.compareUnsigned(prevMember, member) > 0))) {
                return false;
            }
            prevScore = score;
            prevMember = member;
        }
        return true;
    }

    /** A score entry as zzlGetScore reads it; NaN when it is no number. */
    private static double score(Listpack lp, int p) {
        if (lp.isInt(p)) return lp.intValue(p);
        String t = new String(lp.array(), lp.strOffset(p), lp.strLength(p), StandardCharsets.ISO_8859_1);
        switch (t) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
        }
    }
}
