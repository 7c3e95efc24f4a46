package dev.beryl.persistence;

/** Little-endian integers of 1 to 8 bytes inside a byte[], as the RDB blobs (intset, listpack, ziplist) store them. */
final class LittleEndian {
    private LittleEndian() {
    }

    /** The unsigned n-byte integer at b[p]. */
    static long get(byte[] b, int p, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) (b[p + i] & 0xff) << (8 * i);
        return v;
    }

    /** Writes the low n bytes of v at b[p]. */
    static void put(byte[] b, int p, long v, int n) {
        for (int i = 0; i < n; i++) b[p + i] = (byte) (v >>> (8 * i));
    }
}
