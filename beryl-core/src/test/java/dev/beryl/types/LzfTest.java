package dev.beryl.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LzfTest {
    private static byte[] compress(byte[] in, int limit) {
        byte[] out = new byte[limit];
        return Arrays.copyOf(out, Lzf.compress(in, in.length, out, limit));
    }

    /** Outputs of Redis 7.0.15's lzf_compress (liblzf 3.6, HLOG 16, VERY_FAST) for the same inputs. */
    @Test
    void sameBytesAsLiblzf() {
        assertEquals("016161e02d00016161", HexFormat.of().formatHex(compress("a".repeat(58).getBytes(StandardCharsets.US_ASCII), 54)));
        assertEquals("0668656c6c6f2068e01105016c6f",
                HexFormat.of().formatHex(compress("hello hello hello hello hello hello".getBytes(StandardCharsets.US_ASCII), 100)));
        assertEquals("1f54686520717569636b2062726f776e20666f78206a756d7073206f7665722074201e0a6c617a7920646f672e2054200de01d2c01672e",
                HexFormat.of().formatHex(compress(("The quick brown fox jumps over the lazy dog. "
                        + "The quick brown fox jumps over the lazy dog.").getBytes(StandardCharsets.US_ASCII), 200)));
        byte[] ramp = new byte[768];
        for (int i = 0; i < ramp.length; i++) ramp[i] = (byte) i;
        assertEquals(275, compress(ramp, 10000).length);
    }

    @Test
    void roundTripsAndReportsWhatDoesNotFit() {
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 300; t++) {
            byte[] in = new byte[1 + r.nextInt(5000)];
            int alphabet = 1 + r.nextInt(t % 2 == 0 ? 4 : 256);
            for (int i = 0; i < in.length; i++) in[i] = (byte) r.nextInt(alphabet);
            byte[] c = compress(in, in.length + in.length / 16 + 64); // incompressible data grows by 1/32
            byte[] back = new byte[in.length];
            assertEquals(in.length, Lzf.decompress(c, c.length, back));
            assertArrayEquals(in, back);
        }
        byte[] random = new byte[100];
        r.nextBytes(random);
        assertEquals(0, Lzf.compress(random, random.length, new byte[96], 96), "random data does not shrink");
    }

    @Test
    void corruptStreamsDecompressToNothing() {
        assertEquals(0, Lzf.decompress(new byte[] {0x05, 'a'}, 2, new byte[6]), "literal run past the input");
        assertEquals(0, Lzf.decompress(new byte[] {0x00, 'a', 0x20, 0x05}, 4, new byte[10]), "reference before the start");
        assertEquals(0, Lzf.decompress(new byte[] {0x01, 'a', 'b'}, 3, new byte[1]), "output too small");
    }
}
