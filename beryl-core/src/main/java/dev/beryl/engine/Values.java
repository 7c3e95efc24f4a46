package dev.beryl.engine;

import dev.beryl.resp.Numbers;
import dev.beryl.types.Footprint;
import dev.beryl.types.HashValue;
import dev.beryl.types.RawString;
import dev.beryl.types.SetValue;
import dev.beryl.types.Quicklist;
import dev.beryl.types.ZSetValue;

/**
 * What a stored value is: its Redis type name (TYPE) and encoding (OBJECT ENCODING). Strings are immutable
 * byte[] (encoded by content, as tryObjectEncoding would) or {@link RawString} once modified in place; each
 * data type adds its classes here as it arrives.
 */
public final class Values {
    private Values() {}

    /** Redis keeps strings up to this length as "embstr". */
    public static final int EMBSTR_MAX = 44;

    public static String typeName(Object v) {
        if (v instanceof byte[] || v instanceof RawString) return "string";
        if (v instanceof HashValue) return "hash";
        if (v instanceof SetValue) return "set";
        if (v instanceof Quicklist) return "list";
        if (v instanceof ZSetValue) return "zset";
        throw new IllegalStateException("unknown value " + v.getClass());
    }

    /**
     * An independent copy of a value (COPY). Strings are immutable, but the copy is a new array all the same so
     * it is never taken for a shared integer (see {@link #refcount}). Each collection type adds its deep copy here.
     */
    public static Object copy(Object v) {
        if (v instanceof byte[] b) return b.clone();
        if (v instanceof RawString r) return r.copy();
        if (v instanceof HashValue h) return h.copy();
        if (v instanceof SetValue s) return s.copy();
        if (v instanceof Quicklist q) return q.copy();
        if (v instanceof ZSetValue z) return z.copy();
        throw new IllegalStateException("unknown value " + v.getClass());
    }

    /**
     * OBJECT REFCOUNT. Redis shares the integers 0..9999 between keys and reports such objects with INT_MAX;
     * in Beryl a value is shared exactly when it is the array {@link Numbers#toBytes} keeps for that integer.
     * Any other value has a single owner.
     */
    public static int refcount(Object v) {
        if (v instanceof byte[] b && b.length <= 4 && Numbers.isLong(b)) {
            long n = Numbers.parseLongUnchecked(b, 0, b.length);
            if (n >= 0 && Numbers.toBytes(n) == b) return Integer.MAX_VALUE;
        }
        return 1;
    }

    /** Estimated heap bytes of a value (MEMORY USAGE); collections sample up to {@code samples} elements. */
    public static long footprint(Object v, long samples) {
        if (v instanceof byte[] b) return Footprint.bytes(b.length);
        if (v instanceof RawString r) return r.footprint();
        if (v instanceof HashValue h) return h.footprint(samples);
        if (v instanceof SetValue s) return s.footprint(samples);
        if (v instanceof Quicklist q) return q.footprint(samples);
        if (v instanceof ZSetValue z) return z.footprint(samples);
        throw new IllegalStateException("unknown value " + v.getClass());
    }

    public static String encoding(Object v) {
        if (v instanceof byte[] b) {
            if (b.length <= 20 && Numbers.isLong(b)) return "int";
            return b.length <= EMBSTR_MAX ? "embstr" : "raw";
        }
        if (v instanceof RawString r) return r.encoding();
        if (v instanceof HashValue h) return h.isListpack() ? "listpack" : "hashtable";
        if (v instanceof SetValue s) return s.isIntSet() ? "intset" : "hashtable";
        if (v instanceof Quicklist) return "quicklist"; // Redis 7.0 keeps every list as a quicklist
        if (v instanceof ZSetValue z) return z.isListpack() ? "listpack" : "skiplist";
        throw new IllegalStateException("unknown value " + v.getClass());
    }
}
