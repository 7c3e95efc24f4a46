package dev.beryl.types;

import dev.beryl.engine.Dict;

import java.util.function.BiConsumer;

/**
 * A hash value (Redis's t_hash.c type layer). Small hashes are a {@link Listpack} of field, value, field, value...
 * searched linearly; once a hash has more than hash-max-listpack-entries fields, or a field or value longer than
 * hash-max-listpack-value bytes, it becomes a {@link Dict} for good (Redis never converts back). The conversion
 * points are Redis's, so OBJECT ENCODING answers the same. Fields and values stored in the dict are never
 * modified. Engine thread only.
 */
public final class HashValue {
    private Listpack lp;
    private Dict<byte[]> dict;

    /** A new, empty hash in the listpack encoding (the caller adds a field before storing it). */
    public HashValue() {
        lp = new Listpack();
    }

    private HashValue(Listpack lp, Dict<byte[]> dict) {
        this.lp = lp;
        this.dict = dict;
    }

    /** A hash in the listpack encoding over field, value pairs (an RDB listpack, validated, no duplicate fields). */
    public static HashValue of(Listpack pairs) {
        return new HashValue(pairs, null);
    }

    public boolean isListpack() { return lp != null; }

    /** The listpack (field, value pairs), or null in the hashtable encoding. */
    public Listpack listpack() { return lp; }

    /** The dict, or null in the listpack encoding. */
    public Dict<byte[]> dict() { return dict; }

    public int size() { return lp != null ? lp.size() / 2 : dict.size(); }

    /**
     * Redis's hashTypeTryConversion, before a write of args[start..end]: switches to a dict when one of them is
     * longer than maxValue, or when they could push the listpack past its 1 GB limit.
     */
    public void prepareWrite(byte[][] args, int start, int end, long maxValue) {
        if (lp == null) return;
        long sum = 0;
        for (int i = start; i <= end; i++) {
            if (args[i].length > maxValue) {
                convertToDict();
                return;
            }
            sum += args[i].length;
        }
        if (lp.bytes() + sum > Listpack.MAX_SAFE_SIZE) convertToDict();
    }

    /**
     * Sets a field (Redis's hashTypeSet, with its own length check for HINCRBY's values); returns true if the
     * field is new. Converts to a dict when the field or value is too long, or the listpack has too many fields.
     * The arrays are stored as they are: the caller must not modify them afterwards.
     */
    public boolean set(byte[] field, byte[] value, long maxEntries, long maxValue) {
        if (lp != null && (field.length > maxValue || value.length > maxValue)) convertToDict();
        if (lp != null) {
            int f = lp.find(lp.first(), field, 1);
            if (f >= 0) {
                lp.replace(lp.next(f), value);
                return false;
            }
            lp.append(field);
            lp.append(value);
            if (size() > maxEntries) convertToDict();
            return true;
        }
        return dict.put(field, value) == null;
    }

    /** Removes a field; returns whether it was there. */
    public boolean delete(byte[] field) {
        if (lp != null) {
            int f = lp.find(lp.first(), field, 1);
            if (f < 0) return false;
            lp.delete(f, 2);
            return true;
        }
        return dict.remove(field) != null;
    }

    /** The value of a field, or null. The array may be shared: never modify it. */
    public byte[] get(byte[] field) {
        if (lp != null) {
            int v = valuePosition(field);
            return v < 0 ? null : lp.get(v);
        }
        return dict.get(field);
    }

    /** In the listpack encoding: the position of a field's value, or -1. */
    public int valuePosition(byte[] field) {
        int f = lp.find(lp.first(), field, 1);
        return f < 0 ? -1 : lp.next(f);
    }

    public boolean contains(byte[] field) {
        return lp != null ? lp.find(lp.first(), field, 1) >= 0 : dict.containsKey(field);
    }

    /** Visits every field and value (listpack integers are materialised as strings). */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        if (lp != null) {
            for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) action.accept(lp.get(p), lp.get(lp.next(p)));
        } else {
            dict.forEach(n -> action.accept(n.key, n.value));
        }
    }

    public void convertToDict() {
        Dict<byte[]> d = new Dict<>();
        d.expand(size());
        for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) d.add(lp.get(p), lp.get(lp.next(p)));
        dict = d;
        lp = null;
    }

    /** Estimated heap bytes (MEMORY USAGE), a dict's entries sampled up to {@code samples}. */
    public long footprint(long samples) {
        long self = Footprint.object(2);
        if (lp != null) return self + Footprint.object(3) + Footprint.bytes(lp.array().length);
        return self + Footprint.dict(dict, samples, n -> Footprint.bytes(n.key.length) + Footprint.bytes(n.value.length));
    }

    /** An independent copy in the same encoding (COPY). Stored arrays are immutable, so the dict shares them. */
    public HashValue copy() {
        if (lp != null) return new HashValue(lp.copy(), null);
        Dict<byte[]> d = new Dict<>();
        d.expand(dict.size());
        dict.forEach(n -> d.add(n.key, n.value));
        return new HashValue(null, d);
    }
}
