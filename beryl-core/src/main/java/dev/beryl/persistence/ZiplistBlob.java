package dev.beryl.persistence;

import dev.beryl.resp.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redis's ziplist (RDB files before Redis 7.0 stored small lists, hashes and sorted sets in it): a 10-byte
 * header (total bytes, tail offset as 32-bit little-endian, count as 16-bit saturating at 65535), entries that
 * each start with the previous entry's length (1 byte, or 0xFE and 4 bytes) and an encoding, and an end byte
 * 0xFF. Only read, never written: Redis 7.0 converts ziplists to listpacks when it loads them.
 */
final class ZiplistBlob {
    private static final int HEADER = 10;
    private static final int END = 0xFF;

    private ZiplistBlob() {}

    /**
     * The entries of zl as strings (integers in decimal), validated like ziplistValidateIntegrity in deep mode;
     * null when zl is not a valid ziplist.
     */
    static List<byte[]> entries(byte[] zl) {
        int size = zl.length;
        if (size < HEADER + 1 || LittleEndian.get(zl, 0, 4) != size || (zl[size - 1] & 0xff) != END) return null;
        long tail = LittleEndian.get(zl, 4, 4);
        if (tail > size - 1) return null;
        int declared = (int) LittleEndian.get(zl, 8, 2);
        int last = size - 1; // offset of the end byte: no entry may reach past it
        List<byte[]> out = new ArrayList<>();
        int p = HEADER;
        int prev = -1;
        long prevLen = 0;
        while ((zl[p] & 0xff) != END) {
            int prevLenSize = (zl[p] & 0xff) < 254 ? 1 : 5;
            if (p + prevLenSize > last) return null;
            long prevRaw = prevLenSize == 1 ? zl[p] & 0xff : LittleEndian.get(zl, p + 1, 4);
            if (prevRaw != prevLen) return null;
            int q = p + prevLenSize; // the encoding
            int enc = zl[q] & 0xff;
            int lenSize;
            long len;
            if (enc < 0xC0) {
                switch (enc >>> 6) {
                    case 0 -> { lenSize = 1; len = enc & 0x3F; }
                    case 1 -> {
                        lenSize = 2;
                        if (q + 1 > last) return null;
                        len = (enc & 0x3F) << 8 | (zl[q + 1] & 0xff);
                    }
                    default -> {
                        if (enc != 0x80) return null;
                        lenSize = 5;
                        if (q + 4 > last) return null;
                        len = be32(zl, q + 1);
                    }
                }
            } else {
                lenSize = 1;
                len = intLength(enc);
                if (len < 0) return null;
            }
            long end = (long) q + lenSize + len;
            if (end > last) return null;
            int data = q + lenSize;
            out.add(enc < 0xC0 ? Arrays.copyOfRange(zl, data, (int) end) : Numbers.toBytes(intValue(zl, enc, data)));
            prevLen = end - p;
            prev = p;
            p = (int) end;
        }
        if (p != last) return null;
        if (prev >= 0 && prev != tail) return null;
        if (declared != 65535 && declared != out.size()) return null;
        return out;
    }

    /** Data bytes of an integer encoding, or -1 when the byte is no valid encoding. */
    private static int intLength(int enc) {
        switch (enc) {
            case 0xC0: return 2; // 16 bit
            case 0xD0: return 4; // 32 bit
            case 0xE0: return 8; // 64 bit
            case 0xF0: return 3; // 24 bit
            case 0xFE: return 1; // 8 bit
            default: return enc >= 0xF1 && enc <= 0xFD ? 0 : -1; // 4-bit immediate
        }
    }

    private static long intValue(byte[] zl, int enc, int p) {
        switch (enc) {
            case 0xC0: return (short) LittleEndian.get(zl, p, 2);
            case 0xD0: return (int) LittleEndian.get(zl, p, 4);
            case 0xE0: return LittleEndian.get(zl, p, 8);
            case 0xF0: return ((int) LittleEndian.get(zl, p, 3) << 8) >> 8;
            case 0xFE: return zl[p];
            default: return (enc & 0x0F) - 1;
        }
    }

    private static long be32(byte[] b, int p) {
        return (long) (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }
}
