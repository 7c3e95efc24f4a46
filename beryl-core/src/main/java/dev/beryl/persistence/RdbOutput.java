package dev.beryl.persistence;

import dev.beryl.resp.Numbers;
import dev.beryl.types.Lzf;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The primitive encodings of the RDB format (Redis's rdbSaveLen, rdbSaveRawString ...) written to a stream
 * through a buffer, with the running CRC-64 of everything written. Strings get Redis's integer encoding when
 * they are short canonical integers and LZF compression when that is enabled and they are longer than 20 bytes,
 * exactly as rdbSaveRawString decides, so the bytes match Redis's.
 */
public final class RdbOutput {
    private final OutputStream out;
    private final boolean compress;
    private final boolean checksum;
    /** Buffered output: starts small (a DUMP of a short string) and grows to this before it is written out. */
    private static final int MAX_BUFFER = 64 * 1024;
    private byte[] buf = new byte[256];
    private int n;
    private long crc;
    private long written;
    private byte[] scratch = new byte[0];

    /**
     * @param compress LZF-compress strings (rdbcompression)
     * @param checksum keep the CRC-64 (rdbchecksum); without it the file ends with a zero checksum
     */
    public RdbOutput(OutputStream out, boolean compress, boolean checksum) {
        this.out = out;
        this.compress = compress;
        this.checksum = checksum;
    }

    /** Bytes written so far (buffered ones included). */
    public long written() { return written + n; }

    /** The CRC-64 of everything written so far (0 when checksums are off). */
    private long crc() throws IOException {
        drain();
        return crc;
    }

    public void type(int b) throws IOException {
        room();
        buf[n++] = (byte) b;
    }

    public void raw(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            room();
            int k = Math.min(len, buf.length - n);
            System.arraycopy(b, off, buf, n, k);
            n += k;
            off += k;
            len -= k;
        }
    }

    /** rdbSaveLen: 6 bits, 14 bits, or a marker byte and 32 or 64 bits big-endian. */
    public void length(long len) throws IOException {
        if (len < (1 << 6)) {
            type((int) len);
        } else if (len < (1 << 14)) {
            type((int) (len >>> 8) | 0x40);
            type((int) len & 0xff);
        } else if (len <= 0xffffffffL) {
            type(0x80);
            bigEndian(len, 4);
        } else {
            type(0x81);
            bigEndian(len, 8);
        }
    }

    private void bigEndian(long v, int bytes) throws IOException {
        for (int i = bytes - 1; i >= 0; i--) type((int) (v >>> (8 * i)) & 0xff);
    }

    public void littleEndian(long v, int bytes) throws IOException {
        for (int i = 0; i < bytes; i++) type((int) (v >>> (8 * i)) & 0xff);
    }

    /** rdbSaveMillisecondTime: 8 bytes little-endian. */
    public void millis(long t) throws IOException {
        littleEndian(t, 8);
    }

    /** rdbSaveBinaryDoubleValue: the IEEE 754 bits, little-endian. */
    public void binaryDouble(double d) throws IOException {
        littleEndian(Double.doubleToRawLongBits(d), 8);
    }

    public void string(byte[] s) throws IOException {
        string(s, s.length);
    }

    /** rdbSaveRawString of s[0, len): integer encoding, else LZF, else length and bytes. */
    public void string(byte[] s, int len) throws IOException {
        if (len <= 11 && Numbers.isLong(s, 0, len)) {
            long v = Numbers.parseLongUnchecked(s, 0, len);
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                integer(v);
                return;
            }
        }
        // under 21 bytes LZF cannot even shrink "aaaaaaaaaaaaaaaaaaaa", so Redis does not try
        if (compress && len > 20 && lzfString(s, len)) return;
        length(len);
        raw(s, 0, len);
    }

    /** rdbEncodeInteger: the smallest of the 8, 16 and 32-bit encodings. */
    private void integer(long v) throws IOException {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            type(0xC0 | RdbConstants.ENC_INT8);
            littleEndian(v, 1);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            type(0xC0 | RdbConstants.ENC_INT16);
            littleEndian(v, 2);
        } else {
            type(0xC0 | RdbConstants.ENC_INT32);
            littleEndian(v, 4);
        }
    }

    /** rdbSaveLzfStringObject: worth it only when the result saves at least 4 bytes. */
    private boolean lzfString(byte[] s, int len) throws IOException {
        int c = lzf(s, len, len - 4);
        if (c == 0) return false;
        lzfBlob(scratch, c, len);
        return true;
    }

    /**
     * Writes a quicklist node that is compressed in memory as Redis does: its LZF form, whatever rdbcompression
     * says, when compression saves more than 8 bytes (__quicklistCompressNode's rule); false (nothing written)
     * when it does not, and the caller writes it as a plain string.
     */
    public boolean lzfNode(byte[] s) throws IOException {
        int c = lzf(s, s.length, s.length);
        if (c == 0 || c + 8 >= s.length) return false;
        lzfBlob(scratch, c, s.length);
        return true;
    }

    /** LZF of s[0, len) into the scratch buffer if it fits in limit bytes; its length, or 0. */
    private int lzf(byte[] s, int len, int limit) {
        if (scratch.length < limit) scratch = new byte[limit];
        return Lzf.compress(s, len, scratch, limit);
    }

    /** rdbSaveLzfBlob: the LZF marker, compressed and original lengths, the compressed bytes. */
    private void lzfBlob(byte[] data, int compressedLen, int originalLen) throws IOException {
        type(0xC0 | RdbConstants.ENC_LZF);
        length(compressedLen);
        length(originalLen);
        raw(data, 0, compressedLen);
    }

    /** Writes the CRC-64 of everything before it (little-endian) and flushes: the end of a file or payload. */
    public void checksumAndFlush() throws IOException {
        littleEndian(crc(), 8);
        drain();
        out.flush();
    }

    /** Writes out what is buffered (no checksum): the end of a pre-encoded entry. */
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Makes room for at least one byte: a bigger buffer while it is small, else the buffer written out. */
    private void room() throws IOException {
        if (n < buf.length) return;
        if (buf.length < MAX_BUFFER) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        else drain();
    }

    private void drain() throws IOException {
        if (n == 0) return;
        if (checksum) crc = Crc64.update(crc, buf, 0, n);
        out.write(buf, 0, n);
        written += n;
        n = 0;
    }
}
