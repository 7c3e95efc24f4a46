package dev.beryl.persistence;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Crc64Test {
    /** Redis's crc64.c test vectors. */
    @Test
    void redisVectors() {
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)));
        byte[] li = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
                + "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi "
                + "ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse "
                + "cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa "
                + "qui officia deserunt mollit anim id est laborum.\0").getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xc7794709e69683b3L, Crc64.of(li)); // sizeof(li): the C string's NUL included
        assertEquals(0, Crc64.of(new byte[0]));
    }

    /** Bit by bit, the definition: reflected Jones polynomial. */
    private static long slow(byte[] b, int off, int len) {
        long crc = 0;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xff;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x95ac9329ac4bc9b5L : crc >>> 1;
        }
        return crc;
    }

    @Test
    void eightAtATimeMatchesTheDefinitionAndContinues() {
        SplittableRandom r = new SplittableRandom(7);
        byte[] b = new byte[4096];
        r.nextBytes(b);
        for (int n = 0; n < 200; n++) {
            int off = r.nextInt(64), len = r.nextInt(b.length - off);
            assertEquals(slow(b, off, len), Crc64.update(0, b, off, len));
            int cut = r.nextInt(len + 1);
            assertEquals(slow(b, off, len), Crc64.update(Crc64.update(0, b, off, cut), b, off + cut, len - cut));
        }
    }
}
