package dev.beryl.persistence;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Redis's CRC-64 (crc64.c): the Jones polynomial 0xad93d23594c935a9, reflected input and output, initial value
 * 0, no final XOR ("123456789" gives 0xe9c6d914c4b8d9ca). It ends every RDB file and every DUMP payload.
 * Computed eight bytes at a time (slice-by-8), as Redis's crcspeed does, since it runs over whole snapshots.
 */
public final class Crc64 {
    /** The polynomial with its bits reversed, for the reflected (LSB-first) algorithm. */
    private static final long POLY_REFLECTED = 0x95ac9329ac4bc9b5L;
    private static final long[][] TABLES = new long[8][256];
    /** Eight bytes as one little-endian long, in one load. */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            TABLES[0][n] = crc;
        }
        for (int n = 0; n < 256; n++) {
            long crc = TABLES[0][n];
            for (int k = 1; k < 8; k++) {
                crc = TABLES[0][(int) crc & 0xff] ^ (crc >>> 8);
                TABLES[k][n] = crc;
            }
        }
    }

    private Crc64() {}

    /** The CRC of b[off, off + len) continued from {@code crc} (0 to start). */
    public static long update(long crc, byte[] b, int off, int len) {
        long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
        long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
        int i = off, end = off + len;
        for (; end - i >= 8; i += 8) {
            crc ^= (long) LONG_LE.get(b, i);
            crc = t7[(int) crc & 0xff] ^ t6[(int) (crc >>> 8) & 0xff] ^ t5[(int) (crc >>> 16) & 0xff]
                    ^ t4[(int) (crc >>> 24) & 0xff] ^ t3[(int) (crc >>> 32) & 0xff] ^ t2[(int) (crc >>> 40) & 0xff]
                    ^ t1[(int) (crc >>> 48) & 0xff] ^ t0[(int) (crc >>> 56)];
        }
        for (; i < end; i++) crc = t0[(int) (crc ^ b[i]) & 0xff] ^ (crc >>> 8);
        return crc;
    }

    public static long of(byte[] b) {
        return update(0, b, 0, b.length);
    }
}
