package dev.beryl.types;

/**
 * LZF, the byte-oriented compression Redis uses for interior quicklist nodes (list-compress-depth). The stream
 * format is liblzf's: a control byte below 32 starts a run of up to 32 literal bytes; any other control byte is a
 * back reference of 3 to 264 bytes up to 8192 bytes back. The compressor is a plain single-probe hash matcher;
 * its output decompresses with any LZF implementation (an RDB writer can store it as Redis stores its nodes).
 */
public final class Lzf {
    private static final int HASH_BITS = 14;
    private static final int MAX_LITERAL = 32;
    private static final int MAX_OFFSET = 1 << 13;
    private static final int MAX_MATCH = 264;

    private Lzf() {}

    /**
     * Compresses in[0, inLen) into out[0, limit); returns the compressed length, or 0 when the output does not
     * fit in {@code limit} bytes (the caller then keeps the data uncompressed).
     */
    public static int compress(byte[] in, int inLen, byte[] out, int limit) {
        if (inLen == 0) return 0;
        int[] table = new int[1 << HASH_BITS]; // position + 1 of the last 3-byte sequence with that hash
        int ip = 0;
        int op = 1; // out[op - lit - 1] is the control byte of the literal run being written
        int lit = 0;
        while (ip < inLen - 2) {
            int h = hash(in, ip);
            int ref = table[h] - 1;
            table[h] = ip + 1;
            int off = ip - ref - 1;
            if (ref >= 0 && off < MAX_OFFSET && in[ref] == in[ip] && in[ref + 1] == in[ip + 1] && in[ref + 2] == in[ip + 2]) {
                int max = Math.min(MAX_MATCH, inLen - ip);
                int len = 3;
                while (len < max && in[ref + len] == in[ip + len]) len++;
                if (lit > 0) out[op - lit - 1] = (byte) (lit - 1);
                else op--; // no literals: drop the reserved control byte
                if (op + 4 > limit) return 0;
                int l = len - 2;
                if (l < 7) {
                    out[op++] = (byte) ((l << 5) | (off >> 8));
                } else {
                    out[op++] = (byte) ((7 << 5) | (off >> 8));
                    out[op++] = (byte) (l - 7);
                }
                out[op++] = (byte) off;
                op++; // control byte of the next literal run
                lit = 0;
                ip += len;
            } else {
                if (op >= limit) return 0;
                out[op++] = in[ip++];
                if (++lit == MAX_LITERAL) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    op++;
                    lit = 0;
                }
            }
        }
        while (ip < inLen) {
            if (op >= limit) return 0;
            out[op++] = in[ip++];
            if (++lit == MAX_LITERAL) {
                out[op - lit - 1] = (byte) (lit - 1);
                op++;
                lit = 0;
            }
        }
        if (lit > 0) out[op - lit - 1] = (byte) (lit - 1);
        else op--;
        return op;
    }

    private static int hash(byte[] b, int p) {
        int v = ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
        return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    /**
     * Decompresses in[0, inLen) into out, which must hold exactly the original length; returns the number of
     * bytes written, or 0 when the stream is corrupt or does not fit.
     */
    public static int decompress(byte[] in, int inLen, byte[] out) {
        int ip = 0, op = 0;
        while (ip < inLen) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < MAX_LITERAL) {
                int n = ctrl + 1;
                if (op + n > out.length || ip + n > inLen) return 0;
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
            } else {
                int len = ctrl >> 5;
                if (ip >= inLen) return 0;
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= inLen) return 0;
                }
                int ref = op - ((ctrl & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
                len += 2;
                if (op + len > out.length || ref < 0) return 0;
                for (int i = 0; i < len; i++) out[op++] = out[ref++]; // may overlap: byte by byte
            }
        }
        return op;
    }
}
