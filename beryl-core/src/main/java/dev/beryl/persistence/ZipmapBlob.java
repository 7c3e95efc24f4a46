package dev.beryl.persistence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redis's zipmap, the small-hash encoding of RDB files written by Redis 2.4 and older: a count byte (254 or more:
 * unknown), then per pair a length, the field, a length, a free-space byte, the value and that many unused bytes,
 * and an end byte 0xFF. A length is one byte below 254, or 254 and four bytes little-endian. Only read.
 */
final class ZipmapBlob {
    private static final int BIGLEN = 254;
    private static final int END = 0xFF;

    private ZipmapBlob() {}

    /** Field, value, field, value... validated as zipmapValidateIntegrity (deep); null when zm is invalid. */
    static List<byte[]> pairs(byte[] zm) {
        int size = zm.length;
        if (size < 2 || (zm[size - 1] & 0xff) != END) return null;
        int last = size - 1;
        List<byte[]> out = new ArrayList<>();
        int p = 1;
        while ((zm[p] & 0xff) != END) {
            long[] field = string(zm, p, last, false);
            if (field == null) return null;
            long[] value = string(zm, (int) field[1], last, true);
            if (value == null) return null;
            out.add(Arrays.copyOfRange(zm, (int) field[0], (int) (field[0] + field[2])));
            out.add(Arrays.copyOfRange(zm, (int) value[0], (int) (value[0] + value[2])));
            p = (int) value[1];
        }
        int count = out.size() / 2;
        if (count == 0 || ((zm[0] & 0xff) < BIGLEN && (zm[0] & 0xff) != count)) return null;
        return out;
    }

    /**
     * The string at p: {data offset, offset after it (free space skipped), length}, or null when it reaches
     * past {@code last}. A value has a free-space byte after its length.
     */
    private static long[] string(byte[] zm, int p, int last, boolean value) {
        int lenSize = (zm[p] & 0xff) < BIGLEN ? 1 : 5;
        if (p + lenSize > last) return null;
        long len = lenSize == 1 ? zm[p] & 0xff : le32(zm, p + 1);
        long data = p + lenSize;
        long free = 0;
        if (value) {
            if (data > last) return null;
            free = zm[(int) data] & 0xff;
            data++;
        }
        long after = data + len + free;
        if (after > last) return null;
        return new long[] {data, after, len};
    }

    private static long le32(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (long) (b[p + 3] & 0xff) << 24;
    }
}
