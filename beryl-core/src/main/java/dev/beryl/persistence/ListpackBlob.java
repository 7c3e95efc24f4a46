package dev.beryl.persistence;

import dev.beryl.engine.Dict;
import dev.beryl.types.Listpack;

import java.util.Arrays;
import java.util.List;

/**
 * A listpack as Redis stores it in RDB files and DUMP payloads: a 6-byte header (total bytes, element count, both
 * little-endian; the count saturates at 65535), the entries, and an end byte 0xFF. Reading validates every entry
 * the way lpValidateIntegrity does in deep mode, so a corrupt blob is refused instead of stored.
 */
final class ListpackBlob {
    private static final int HEADER = 6;
    private static final int END = 0xFF;
    private static final int UNKNOWN_COUNT = 65535;

    private ListpackBlob() {}

    /** Redis's bytes for lp: header, entries, end byte. */
    static byte[] encode(Listpack lp) {
        int total = (int) lp.bytes();
        int used = total - HEADER - 1;
        byte[] b = new byte[total];
        LittleEndian.put(b, 0, total, 4);
        LittleEndian.put(b, 4, Math.min(lp.size(), UNKNOWN_COUNT), 2);
        System.arraycopy(lp.array(), 0, b, HEADER, used);
        b[total - 1] = (byte) END;
        return b;
    }

    /** The listpack in b, or null when b is not a valid listpack. */
    static Listpack decode(byte[] b) {
        int size = b.length;
        if (size < HEADER + 1 || LittleEndian.get(b, 0, 4) != size || (b[size - 1] & 0xff) != END) return null;
        int declared = (int) LittleEndian.get(b, 4, 2);
        int count = 0;
        int p = HEADER;
        while ((b[p] & 0xff) != END) {
            int next = validEntryEnd(b, p, size - 1);
            if (next < 0) return null;
            p = next;
            count++;
        }
        if (p != size - 1 || (declared != UNKNOWN_COUNT && declared != count)) return null;
        return Listpack.wrap(Arrays.copyOfRange(b, HEADER, size - 1), size - 1 - HEADER, count);
    }

    /** Entries of an older encoding (ziplist, zipmap) as a listpack: what lpAppend makes of each. */
    static Listpack of(List<byte[]> entries) {
        Listpack lp = new Listpack();
        for (byte[] e : entries) lp.append(e);
        lp.trimToSize();
        return lp;
    }

    /**
     * A listpack of field, value pairs (hashes, sorted sets) as lpPairsValidateIntegrityAndDups requires: valid,
     * an even number of entries, no field twice. {@code what} ("Hash listpack") starts the error message.
     */
    static Listpack decodePairs(byte[] b, RdbInput in, String what) throws RdbFormatException {
        Listpack lp = decode(b);
        if (lp == null) throw in.corrupt(what + " integrity check failed.");
        checkPairs(lp, in, what);
        return lp;
    }

    /** An even number of entries, and no field (entry at an even index) twice; the message names which failed. */
    static void checkPairs(Listpack lp, RdbInput in, String what) throws RdbFormatException {
        String kind = what.substring(what.lastIndexOf(' ') + 1); // the encoding it was stored in
        if (lp.size() % 2 != 0) throw in.corrupt(what + " integrity check failed: " + kind + " with an odd number of entries");
        Dict<Void> fields = new Dict<>();
        fields.expand(lp.size() / 2);
        for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
            byte[] field = lp.get(p);
            if (fields.containsKey(field)) throw in.corrupt(what + " integrity check failed: " + kind + " with dup elements");
            fields.add(field, null);
        }
    }

    /**
     * lpValidateNext: the offset after the entry at p, or -1 when its encoding is unknown, it reaches past
     * {@code end}, or its trailing back-length does not match.
     */
    private static int validEntryEnd(byte[] b, int p, int end) {
        int e = b[p] & 0xff;
        long encoded; // encoding byte(s) plus data
        if (e < 0x80) encoded = 1; // 7-bit uint
        else if ((e & 0xC0) == 0x80) encoded = 1 + (e & 0x3F); // 6-bit string
        else if ((e & 0xE0) == 0xC0) encoded = 2; // 13-bit int
        else if ((e & 0xF0) == 0xE0) {
            if (p + 1 >= end) return -1;
            encoded = 2 + (((e & 0x0F) << 8) | (b[p + 1] & 0xff)); // 12-bit string
        } else if (e == 0xF1) encoded = 3;
        else if (e == 0xF2) encoded = 4;
        else if (e == 0xF3) encoded = 5;
        else if (e == 0xF4) encoded = 9;
        else if (e == 0xF0) {
            if (p + 4 >= end) return -1;
            encoded = 5 + LittleEndian.get(b, p + 1, 4); // 32-bit string
        } else return -1;
        int backlen = backlenSize(encoded);
        long next = p + encoded + backlen;
        if (next > end) return -1;
        if (decodeBacklen(b, (int) next - 1) != encoded) return -1;
        return (int) next;
    }

    /** lpEncodeBacklen's size for an entry of l bytes. */
    private static int backlenSize(long l) {
        if (l <= 127) return 1;
        if (l < 16383) return 2;
        if (l < 2097151) return 3;
        if (l < 268435455) return 4;
        return 5;
    }

    /** lpDecodeBacklen: read from q backwards, 7 bits a byte, the high bit marking that more bytes follow. */
    private static long decodeBacklen(byte[] b, int q) {
        long v = 0;
        int shift = 0;
        for (int i = 0; i < 5 && q >= 0; i++, q--) {
            int x = b[q] & 0xff;
            v |= (long) (x & 127) << shift;
            if ((x & 128) == 0) return v;
            shift += 7;
        }
        return -1;
    }
}
