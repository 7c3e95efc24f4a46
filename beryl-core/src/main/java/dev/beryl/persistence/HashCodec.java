package dev.beryl.persistence;

import dev.beryl.types.HashValue;
import dev.beryl.types.Listpack;

import java.io.IOException;
import java.util.List;

/**
 * Hashes: a listpack as RDB_TYPE_HASH_LISTPACK (its blob), a hashtable as RDB_TYPE_HASH (a count, then field and
 * value strings). Read also from the ziplist and zipmap encodings of older files. Loading converts to a hashtable
 * at the points Redis's rdbLoadObject does.
 */
final class HashCodec {
    private HashCodec() {}

    static int type(HashValue h) {
        return h.isListpack() ? RdbConstants.TYPE_HASH_LISTPACK : RdbConstants.TYPE_HASH;
    }

    static void write(RdbOutput out, HashValue h) throws IOException {
        if (h.isListpack()) {
            out.string(ListpackBlob.encode(h.listpack()));
            return;
        }
        out.length(h.size());
        DictWriter.forEach(h.dict(), n -> {
            out.string(n.key);
            out.string(n.value);
        });
    }

    /**
     * RDB_TYPE_HASH: a listpack while the count and every field and value fit the listpack limits, a hashtable
     * from the first one that does not.
     */
    static HashValue readHash(RdbInput in, LoadSettings s) throws IOException {
        int n = in.count();
        if (n == 0) return null;
        HashValue h = new HashValue();
        if (n > s.hashMaxListpackEntries()) {
            h.convertToDict();
            h.dict().expand(n);
        }
        for (int i = 0; i < n; i++) {
            byte[] field = in.string();
            byte[] value = in.string();
            if (h.isListpack() && (field.length > s.hashMaxListpackValue() || value.length > s.hashMaxListpackValue()
                    || h.listpack().bytes() + field.length + value.length > Listpack.MAX_SAFE_SIZE)) {
                h.convertToDict();
            }
            if (!h.set(field, value, Long.MAX_VALUE, Long.MAX_VALUE)) throw in.corrupt("Duplicate hash fields detected");
        }
        return h;
    }

    /** RDB_TYPE_HASH_LISTPACK, converted when it has more fields than hash-max-listpack-entries. */
    static HashValue readListpack(RdbInput in, LoadSettings s) throws IOException {
        Listpack lp = ListpackBlob.decodePairs(in.string(), in, "Hash listpack");
        return finish(lp, s, false);
    }

    /** RDB_TYPE_HASH_ZIPLIST: its entries into a listpack. */
    static HashValue readZiplist(RdbInput in, LoadSettings s) throws IOException {
        List<byte[]> entries = ZiplistBlob.entries(in.string());
        if (entries == null) throw in.corrupt("Hash ziplist integrity check failed.");
        Listpack lp = ListpackBlob.of(entries);
        ListpackBlob.checkPairs(lp, in, "Hash ziplist");
        return finish(lp, s, false);
    }

    /** RDB_TYPE_HASH_ZIPMAP (Redis 2.4 and older): converted on size and on length, as Redis does for it. */
    static HashValue readZipmap(RdbInput in, LoadSettings s) throws IOException {
        List<byte[]> entries = ZipmapBlob.pairs(in.string());
        if (entries == null) throw in.corrupt("Zipmap integrity check failed.");
        Listpack lp = ListpackBlob.of(entries);
        ListpackBlob.checkPairs(lp, in, "Hash zipmap");
        return finish(lp, s, true);
    }

    private static HashValue finish(Listpack lp, LoadSettings s, boolean checkLengths) {
        if (lp.size() == 0) return null;
        HashValue h = HashValue.of(lp);
        if (h.size() > s.hashMaxListpackEntries() || (checkLengths && longestEntry(lp) > s.hashMaxListpackValue())) {
            h.convertToDict();
        }
        return h;
    }

    private static int longestEntry(Listpack lp) {
        int max = 0;
        for (int p = lp.first(); p >= 0; p = lp.next(p)) max = Math.max(max, lp.valueLength(p));
        return max;
    }
}
