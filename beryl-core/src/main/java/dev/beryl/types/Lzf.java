package dev.beryl.types;

/**
 * LZF, the byte-oriented compression Redis uses for RDB strings and interior quicklist nodes (list-compress-depth).
 * The stream format is liblzf's: a control byte below 32 starts a run of up to 32 literal bytes; any other control
 * byte is a back reference of 3 to 264 bytes up to 8192 bytes back. The compressor is liblzf's lzf_compress as
 * Redis builds it (HLOG 16, VERY_FAST), step for step, so it produces the bytes Redis produces and a DUMP payload
 * of a compressible string matches Redis's. (Redis leaves its hash table uninitialised, so a stale slot may
 * occasionally give it a different but equally valid match; here every call starts from an empty table.)
 */
public final class Lzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LITERAL = 32;
    private static final int MAX_OFFSET = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    /**
     * The hash table of the calling thread: position of the last 3-byte sequence per slot, valid only when its
     * stamp is the current call's (so the table never needs clearing).
     */
    private static final class Table {
        final int[] pos = new int[HSIZE];
        final int[] stamp = new int[HSIZE];
        int call;
    }

    private static final ThreadLocal<Table> TABLES = ThreadLocal.withInitial(Table::new);

    private Lzf() {}

    /**
     * Compresses in[0, inLen) into out[0, limit); returns the compressed length, or 0 when the output does not
     * fit in {@code limit} bytes (the caller then keeps the data uncompressed).
     */
    public static int compress(byte[] in, int inLen, byte[] out, int limit) {
        if (inLen == 0 || limit == 0) return 0;
        Table t = TABLES.get();
        if (++t.call == 0) { // stamps wrapped: forget every slot
            java.util.Arrays.fill(t.stamp, 0);
            t.call = 1;
        }
        int[] pos = t.pos, stamp = t.stamp;
        int call = t.call;
        int ip = 0;
        int op = 1; // out[op - lit - 1] is the control byte of the literal run being written
        int lit = 0;
        int hval = inLen >= 2 ? first(in, 0) : 0;
        while (ip < inLen - 2) {
            hval = next(hval, in, ip);
            int slot = idx(hval);
            int ref = stamp[slot] == call ? pos[slot] : 0; // position 0 is never a reference (liblzf: ref > in_data)
            pos[slot] = ip;
            stamp[slot] = call;
            int off = ip - ref - 1;
            if (ref > 0 && off < MAX_OFFSET && in[ref + 2] == in[ip + 2] && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxlen = Math.min(inLen - ip - len, MAX_REF);
                if (op + 3 + 1 >= limit && op - (lit == 0 ? 1 : 0) + 3 + 1 >= limit) return 0;
                out[op - lit - 1] = (byte) (lit - 1); // stop the literal run
                if (lit == 0) op--; // no literals: drop the reserved control byte
                matched:
                {
                    if (maxlen > 16) { // liblzf's unrolled first 16 steps check no bound: keep that exactly
                        for (int k = 0; k < 16; k++) {
                            len++;
                            if (in[ref + len] != in[ip + len]) break matched;
                        }
                    }
                    do len++;
                    while (len < maxlen && in[ref + len] == in[ip + len]);
                }
                len -= 2; // now the match length minus 2, as encoded
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >>> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >>> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // control byte of the next literal run
                ip += len + 1;
                if (ip >= inLen - 2) break;
                ip -= 2; // VERY_FAST: hash the last two positions of the match
                hval = first(in, ip);
                hval = next(hval, in, ip);
                slot = idx(hval);
                pos[slot] = ip;
                stamp[slot] = call;
                ip++;
                hval = next(hval, in, ip);
                slot = idx(hval);
                pos[slot] = ip;
                stamp[slot] = call;
                ip++;
            } else {
                if (op >= limit) return 0;
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LITERAL) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > limit) return 0; // at most 3 bytes can be missing here
        while (ip < inLen) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LITERAL) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1);
        if (lit == 0) op--;
        return op;
    }

    private static int first(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    private static int next(int v, byte[] b, int p) {
        return v << 8 | (b[p + 2] & 0xff);
    }

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
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
