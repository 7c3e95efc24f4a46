package dev.beryl.commands;

import java.nio.charset.StandardCharsets;

/** Command names and tokens that commands propagate in place of themselves (Redis's shared.* objects). */
final class Propagated {
    static final byte[] SET = bytes("SET");
    static final byte[] DEL = bytes("DEL");
    static final byte[] PXAT = bytes("PXAT");
    static final byte[] KEEPTTL = bytes("KEEPTTL");
    static final byte[] PEXPIREAT = bytes("PEXPIREAT");
    static final byte[] PERSIST = bytes("PERSIST");
    static final byte[] SREM = bytes("SREM");
    static final byte[] HSET = bytes("HSET");

    private Propagated() {}

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
