package dev.beryl.types;

import dev.beryl.engine.Dict;

/**
 * Estimated heap bytes of stored values (MEMORY USAGE), for a 64-bit JVM with compressed references: 12-byte
 * object headers, 4-byte references, 16-byte array headers, sizes rounded up to 8. Like Redis's
 * objectComputeSize, a big dict is estimated from a sample of its entries.
 */
public final class Footprint {
    private Footprint() {}

    /** A Dict.Node: header, key, hash, value, lru, next. */
    public static final long DICT_NODE = align(12 + 5 * 4);
    private static final long DICT = align(12 + 4 + 4);

    public static long align(long n) { return (n + 7) & ~7L; }

    /** A byte[] of this length. */
    public static long bytes(long length) { return align(16 + length); }

    /** An object with this many reference or int fields. */
    public static long object(int fields) { return align(12 + 4L * fields); }

    /**
     * A dict with its table and nodes; the keys and values of up to {@code samples} entries are measured by
     * {@code entry} and the total extrapolated to the whole dict.
     */
    public static <V> long dict(Dict<V> d, long samples, java.util.function.ToLongFunction<Dict.Node<V>> entry) {
        long size = DICT + align(16 + 4L * d.buckets());
        if (d.size() == 0) return size;
        long[] seen = new long[2]; // entries measured, their bytes
        long cursor = 0;
        do {
            cursor = d.scan(cursor, n -> {
                if (seen[0] < samples) {
                    seen[0]++;
                    seen[1] += DICT_NODE + entry.applyAsLong(n);
                }
            });
        } while (cursor != 0 && seen[0] < samples);
        return size + (long) ((double) seen[1] / seen[0] * d.size());
    }
}
