package dev.beryl.persistence;

import dev.beryl.types.IntSet;

/**
 * An intset as Redis stores it: encoding (element width 2, 4 or 8) and length as 32-bit little-endian, then the
 * elements, little-endian and ascending. The width is kept as stored, as Redis keeps it.
 */
final class IntSetBlob {
    private IntSetBlob() {}

    static byte[] encode(IntSet s) {
        int w = s.width();
        int n = s.size();
        byte[] b = new byte[8 + n * w];
        LittleEndian.put(b, 0, w, 4);
        LittleEndian.put(b, 4, n, 4);
        for (int i = 0; i < n; i++) LittleEndian.put(b, 8 + i * w, s.get(i), w);
        return b;
    }

    /** intsetValidateIntegrity, deep: a known width, a size that matches, at least one element, strictly ascending. */
    static IntSet decode(byte[] b) {
        if (b.length < 8) return null;
        long w = LittleEndian.get(b, 0, 4);
        if (w != 2 && w != 4 && w != 8) return null;
        long n = LittleEndian.get(b, 4, 4);
        if (8 + n * w != b.length || n == 0) return null;
        IntSet s = IntSet.wrap(java.util.Arrays.copyOfRange(b, 8, b.length), (int) w, (int) n);
        for (int i = 1; i < n; i++) {
            if (s.get(i) <= s.get(i - 1)) return null;
        }
        return s;
    }
}
