package dev.beryl.persistence;

import dev.beryl.resp.Numbers;
import dev.beryl.types.Lzf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Reads the primitive encodings of the RDB format (Redis's rdbLoadLen, rdbGenericLoadStringObject ...) from a
 * stream or a byte array, keeping the offset for error messages and the CRC-64 of what was consumed. Every
 * length is checked against the bytes left before anything is allocated, so corrupt input fails with an
 * {@link RdbFormatException} instead of an OutOfMemoryError.
 */
public final class RdbInput {
    /** A back reference expands at most 264 bytes from 3: no valid LZF stream grows more than this. */
    private static final int LZF_MAX_RATIO = 88;

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int lim;
    private long base; // offset of buf[0]
    private final long size;
    private int crcFrom;
    private long crc;
    private Supplier<String> context;

    /** Reads {@code size} bytes from a stream (a file of that size). */
    public RdbInput(InputStream in, long size) {
        this.in = in;
        this.buf = new byte[64 * 1024];
        this.size = size;
    }

    /** Reads b[0, len) (a DUMP payload without its footer). */
    public RdbInput(byte[] b, int len) {
        this.in = null;
        this.buf = b;
        this.lim = len;
        this.size = len;
    }

    public long offset() { return base + pos; }

    /** Bytes left to read. */
    public long remaining() { return size - offset(); }

    /**
     * What is being read (key and type), added to error messages; null for none. A supplier, so that the text is
     * only made for an error, not for each of a million keys.
     */
    void context(Supplier<String> c) { context = c; }

    RdbFormatException corrupt(String message) {
        return new RdbFormatException(offset(), context == null ? null : context.get(), message);
    }

    /** The CRC-64 of every byte consumed so far. */
    public long crc() {
        crc = Crc64.update(crc, buf, crcFrom, pos - crcFrom);
        crcFrom = pos;
        return crc;
    }

    private void fill() throws IOException {
        if (in == null) throw corrupt("Unexpected end of data");
        crc();
        base += pos;
        lim = 0;
        pos = 0;
        crcFrom = 0;
        int want = (int) Math.min(buf.length, size - base);
        while (lim < want) {
            int r = in.read(buf, lim, want - lim);
            if (r < 0) break;
            lim += r;
        }
        if (lim == 0) throw corrupt("Unexpected end of data");
    }

    public int u8() throws IOException {
        if (pos == lim) fill();
        return buf[pos++] & 0xff;
    }

    public void readFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == lim) fill();
            int k = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, dst, off, k);
            pos += k;
            off += k;
            len -= k;
        }
    }

    /** n bytes, checked against what is left first. */
    public byte[] bytes(long n) throws IOException {
        if (n > remaining() || n > Integer.MAX_VALUE - 8) throw corrupt("Length " + n + " beyond the end of the data");
        byte[] b = new byte[(int) n];
        readFully(b, 0, b.length);
        return b;
    }

    public long littleEndian(int bytes) throws IOException {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (long) u8() << (8 * i);
        return v;
    }

    private long bigEndian(int bytes) throws IOException {
        long v = 0;
        for (int i = 0; i < bytes; i++) v = v << 8 | u8();
        return v;
    }

    /** rdbLoadLen for a plain length: an encoded-string marker here is corrupt data. */
    public long length() throws IOException {
        int first = u8();
        if ((first & 0xC0) == 0xC0) throw corrupt("Unexpected string encoding " + (first & 0x3F) + " for a length");
        return lengthAfter(first);
    }

    private long lengthAfter(int first) throws IOException {
        switch (first >>> 6) {
            case 0: return first & 0x3F;
            case 1: return (first & 0x3F) << 8 | u8();
            default:
                if (first == 0x80) return bigEndian(4);
                if (first == 0x81) {
                    long v = bigEndian(8);
                    if (v < 0) throw corrupt("Length " + Long.toUnsignedString(v) + " out of range");
                    return v;
                }
                throw corrupt("Unknown length encoding " + first);
        }
    }

    /** A count of things that each take at least one byte: checked against the bytes left. */
    public int count() throws IOException {
        long n = length();
        if (n > remaining()) throw corrupt("Count " + n + " beyond the end of the data");
        return (int) n;
    }

    /** rdbGenericLoadStringObject: plain, integer-encoded (as its decimal digits) or LZF-compressed. */
    public byte[] string() throws IOException {
        int first = u8();
        if ((first & 0xC0) != 0xC0) return bytes(lengthAfter(first));
        int enc = first & 0x3F;
        switch (enc) {
            case RdbConstants.ENC_INT8: return Numbers.toBytes((byte) littleEndian(1));
            case RdbConstants.ENC_INT16: return Numbers.toBytes((short) littleEndian(2));
            case RdbConstants.ENC_INT32: return Numbers.toBytes((int) littleEndian(4));
            case RdbConstants.ENC_LZF: return lzfString();
            default: throw corrupt("Unknown RDB string encoding type " + enc);
        }
    }

    private byte[] lzfString() throws IOException {
        long clen = length();
        long len = length();
        if (len > clen * LZF_MAX_RATIO || len > Integer.MAX_VALUE - 8) throw corrupt("Invalid LZF compressed string");
        byte[] c = bytes(clen);
        byte[] out = new byte[(int) len];
        if (Lzf.decompress(c, c.length, out) != len) throw corrupt("Invalid LZF compressed string");
        return out;
    }

    /** A string read as text (aux fields, function code). */
    public String text() throws IOException {
        return new String(string(), StandardCharsets.UTF_8);
    }

    /** rdbLoadMillisecondTime: 8 bytes little-endian (x86 wrote them so before RDB 9 too). */
    public long millis() throws IOException {
        return littleEndian(8);
    }

    /** rdbLoadBinaryDoubleValue. */
    public double binaryDouble() throws IOException {
        return Double.longBitsToDouble(littleEndian(8));
    }

    /** rdbLoadDoubleValue (RDB_TYPE_ZSET): a length byte and the text, or 253 nan, 254 +inf, 255 -inf. */
    public double textDouble() throws IOException {
        int len = u8();
        switch (len) {
            case 255: return Double.NEGATIVE_INFINITY;
            case 254: return Double.POSITIVE_INFINITY;
            case 253: return Double.NaN;
            default:
                String s = new String(bytes(len), StandardCharsets.US_ASCII).trim();
                try {
                    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                        case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
                        case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                        case "nan", "-nan" -> Double.NaN;
                        default -> Double.parseDouble(s);
                    };
                } catch (NumberFormatException e) {
                    throw corrupt("Invalid double '" + s + "'");
                }
        }
    }
}
