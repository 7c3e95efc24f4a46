package dev.beryl.persistence;

import dev.beryl.types.IntSet;
import dev.beryl.types.SetValue;

import java.io.IOException;

/**
 * Sets: an intset as RDB_TYPE_SET_INTSET (its blob as one string), a hashtable as RDB_TYPE_SET (a count and
 * the members). Loading picks the encoding as Redis's rdbLoadObject does.
 */
final class SetCodec {
    private SetCodec() {}

    static int type(SetValue s) {
        return s.isIntSet() ? RdbConstants.TYPE_SET_INTSET : RdbConstants.TYPE_SET;
    }

    static void write(RdbOutput out, SetValue s) throws IOException {
        if (s.isIntSet()) {
            out.string(IntSetBlob.encode(s.intSet()));
            return;
        }
        out.length(s.size());
        DictWriter.forEach(s.dict(), n -> out.string(n.key));
    }

    /** RDB_TYPE_SET: an intset while every member is an integer and the count allows, else a hashtable. */
    static SetValue readSet(RdbInput in, LoadSettings settings) throws IOException {
        int n = in.count();
        if (n == 0) return null;
        long maxIntSet = Math.min(settings.setMaxIntsetEntries(), 1L << 30);
        SetValue s;
        if (n > maxIntSet) {
            s = SetValue.createHashtable();
            s.dict().expand(n);
        } else {
            s = SetValue.createIntSet();
        }
        for (int i = 0; i < n; i++) {
            if (!s.add(in.string(), Long.MAX_VALUE)) throw in.corrupt("Duplicate set members detected");
        }
        return s;
    }

    /** RDB_TYPE_SET_INTSET, converted to a hashtable when it has more members than set-max-intset-entries. */
    static SetValue readIntSet(RdbInput in, LoadSettings settings) throws IOException {
        IntSet ints = IntSetBlob.decode(in.string());
        if (ints == null) throw in.corrupt("Intset integrity check failed.");
        SetValue s = SetValue.of(ints);
        if (ints.size() > settings.setMaxIntsetEntries()) s.convertToDict();
        return s;
    }
}
