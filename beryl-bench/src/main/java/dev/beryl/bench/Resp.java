package dev.beryl.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** RESP request bytes shaped like redis-benchmark's: keys "key:" plus 12 digits, 3-byte values by default. */
final class Resp {
    private Resp() {}

    static byte[] command(byte[]... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "*" + args.length + "\r\n");
        for (byte[] a : args) {
            ascii(out, "$" + a.length + "\r\n");
            out.writeBytes(a);
            ascii(out, "\r\n");
        }
        return out.toByteArray();
    }

    static byte[] key(int i) {
        return String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] value(int size) {
        byte[] v = new byte[size];
        java.util.Arrays.fill(v, (byte) 'x');
        return v;
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(ascii(s));
    }
}
