package dev.beryl.types;

import dev.beryl.engine.Dict;
import dev.beryl.resp.Numbers;

import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A set value (Redis's t_set.c type layer). A set whose members are all canonical 64-bit integers is an
 * {@link IntSet} until it has more than set-max-intset-entries members; any other member turns it into a
 * {@link Dict} (members as keys, no values) for good. The conversion points are Redis's, so OBJECT ENCODING
 * answers the same. Member arrays stored in the dict are never modified. Engine thread only.
 */
public final class SetValue {
    /** Redis caps set-max-intset-entries here because of the intset's internals. */
    private static final long INTSET_HARD_MAX = 1L << 30;

    private IntSet ints;
    private Dict<Void> dict;

    private SetValue(IntSet ints, Dict<Void> dict) {
        this.ints = ints;
        this.dict = dict;
    }

    /** An empty set in the encoding that can hold this first member (Redis's setTypeCreate). */
    public static SetValue createFor(byte[] member) {
        return Numbers.isLong(member) ? new SetValue(new IntSet(), null) : new SetValue(null, new Dict<>());
    }

    /** A set in the intset encoding holding these integers (an RDB intset). */
    public static SetValue of(IntSet ints) {
        return new SetValue(ints, null);
    }

    /** An empty set in the hashtable encoding (loading a set too big for an intset). */
    public static SetValue createHashtable() {
        return new SetValue(null, new Dict<>());
    }

    /** An empty intset-encoded set (the start of every SINTERSTORE/SUNIONSTORE/SDIFFSTORE result). */
    public static SetValue createIntSet() {
        return new SetValue(new IntSet(), null);
    }

    public boolean isIntSet() { return ints != null; }

    /** The intset, or null in the hashtable encoding. */
    public IntSet intSet() { return ints; }

    /** The dict, or null in the intset encoding. */
    public Dict<Void> dict() { return dict; }

    public int size() { return ints != null ? ints.size() : dict.size(); }

    /** Adds a member; returns false if it was already there. The array is kept: the caller must not modify it. */
    public boolean add(byte[] member, long maxIntSetEntries) {
        if (ints != null) {
            if (Numbers.isLong(member)) {
                if (!ints.add(Numbers.parseLongUnchecked(member, 0, member.length))) return false;
                if (ints.size() > Math.min(maxIntSetEntries, INTSET_HARD_MAX)) convertToDict();
                return true;
            }
            convertToDict();
        }
        if (dict.containsKey(member)) return false;
        dict.add(member, null);
        return true;
    }

    public boolean remove(byte[] member) {
        if (ints != null) return Numbers.isLong(member) && ints.remove(Numbers.parseLongUnchecked(member, 0, member.length));
        return dict.removeNode(member) != null;
    }

    public boolean contains(byte[] member) {
        if (ints != null) return Numbers.isLong(member) && ints.contains(Numbers.parseLongUnchecked(member, 0, member.length));
        return dict.containsKey(member);
    }

    /** Membership of an integer member, without formatting it when the set is an intset. */
    public boolean contains(long member) {
        return ints != null ? ints.contains(member) : dict.containsKey(Numbers.toBytes(member));
    }

    /** A random member of a non-empty set (Redis's setTypeRandomElement). The array may be shared: never modify it. */
    public byte[] random(RandomGenerator rnd) {
        return ints != null ? Numbers.toBytes(ints.random(rnd)) : dict.fairRandom(rnd).key;
    }

    /** Visits every member: an intset in ascending order, a dict in bucket order. */
    public void forEach(Consumer<byte[]> action) {
        if (ints != null) {
            for (int i = 0, n = ints.size(); i < n; i++) action.accept(Numbers.toBytes(ints.get(i)));
        } else {
            dict.forEach(n -> action.accept(n.key));
        }
    }

    public void convertToDict() {
        Dict<Void> d = new Dict<>();
        d.expand(ints.size());
        for (int i = 0, n = ints.size(); i < n; i++) d.add(Numbers.toBytes(ints.get(i)), null);
        dict = d;
        ints = null;
    }

    /** Estimated heap bytes (MEMORY USAGE), a dict's members sampled up to {@code samples}. */
    public long footprint(long samples) {
        long self = Footprint.object(2);
        if (ints != null) return self + Footprint.object(3) + Footprint.bytes(ints.capacityBytes());
        return self + Footprint.dict(dict, samples, n -> Footprint.bytes(n.key.length));
    }

    /** An independent copy in the same encoding (COPY). Stored arrays are immutable, so the dict shares them. */
    public SetValue copy() {
        if (ints != null) return new SetValue(ints.copy(), null);
        Dict<Void> d = new Dict<>();
        d.expand(dict.size());
        dict.forEach(n -> d.add(n.key, null));
        return new SetValue(null, d);
    }
}
