package dev.beryl.commands;

import dev.beryl.engine.Database;
import dev.beryl.engine.Engine;
import dev.beryl.resp.Numbers;
import dev.beryl.types.HashValue;
import dev.beryl.types.SetValue;
import dev.beryl.types.Quicklist;
import dev.beryl.types.Strings;
import dev.beryl.types.ZSetValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * DEBUG DIGEST and DIGEST-VALUE: Redis's SHA1-based fingerprint of the dataset (debug.c), computed the same way
 * so that equal datasets have equal digests on Beryl and on Redis. Each key's digest mixes the key, the value's
 * type code and content, and a marker when it has a TTL; the SHA1s of the key digests are XORed, so order does not matter.
 */
final class DatasetDigest {
    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

    private DatasetDigest() {}

    /** The whole dataset: 20 zero bytes when it is empty. */
    static byte[] dataset(Engine e) {
        byte[] fin = new byte[20];
        for (int j = 0; j < e.databaseCount(); j++) {
            Database db = e.database(j);
            if (db.size() == 0) continue;
            mix(fin, new byte[] {(byte) (j >>> 24), (byte) (j >>> 16), (byte) (j >>> 8), (byte) j});
            db.forEachKey(n -> {
                byte[] d = new byte[20];
                mix(d, n.key);
                value(d, db, n.key, n.value);
                xorHashOf(fin, d);
            });
        }
        return fin;
    }

    /** One key's value (DIGEST-VALUE): 20 zero bytes for a missing key. */
    static byte[] value(Database db, byte[] key, Object v) {
        byte[] d = new byte[20];
        if (v != null) value(d, db, key, v);
        return d;
    }

    /** Redis's xorObjectDigest: the type code, the content, then the expire marker. */
    private static void value(byte[] d, Database db, byte[] key, Object v) {
        if (Strings.isString(v)) {
            mix(d, new byte[] {0, 0, 0, 0}); // OBJ_STRING
            mix(d, Strings.bytes(v));
        } else if (v instanceof SetValue set) {
            mix(d, new byte[] {0, 0, 0, 2}); // OBJ_SET: members XORed, so their order does not matter
            set.forEach(m -> xorHashOf(d, m));
        } else if (v instanceof HashValue hash) {
            mix(d, new byte[] {0, 0, 0, 4}); // OBJ_HASH: each field/value pair digested, its SHA1 XORed in
            hash.forEach((f, val) -> {
                byte[] e = new byte[20];
                mix(e, f);
                mix(e, val);
                xorHashOf(d, e);
            });
        } else if (v instanceof Quicklist q) {
            mix(d, new byte[] {0, 0, 0, 1}); // OBJ_LIST
            Quicklist.Cursor cur = q.cursor(0, true);
            while (cur != null && cur.next()) mix(d, cur.value());
        } else if (v instanceof ZSetValue z) {
            mix(d, new byte[] {0, 0, 0, 3}); // OBJ_ZSET: each member/score pair digested, its SHA1 XORed in
            z.forEach((m, score) -> {
                byte[] e = new byte[20];
                mix(e, m);
                mix(e, Numbers.formatDouble17g(score).getBytes(StandardCharsets.US_ASCII));
                xorHashOf(d, e);
            });
        } else {
            // each collection type adds its type code and element walk here, as Redis's debug.c
            throw new IllegalStateException("no digest for " + v.getClass());
        }
        if (db.getExpire(key) != -1) xorHashOf(d, EXPIRE_MARK);
    }

    static String hex(byte[] d) {
        StringBuilder b = new StringBuilder(40);
        for (byte x : d) b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        return b.toString();
    }

    /** mixDigest: XOR in the SHA1 of the data, then replace the digest with its own SHA1. */
    private static void mix(byte[] d, byte[] data) {
        xorHashOf(d, data);
        System.arraycopy(sha1(d), 0, d, 0, 20);
    }

    /** xorDigest: XOR in the SHA1 of the data. */
    private static void xorHashOf(byte[] d, byte[] data) {
        xor(d, sha1(data));
    }

    private static void xor(byte[] d, byte[] h) {
        for (int i = 0; i < 20; i++) d[i] ^= h[i];
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
