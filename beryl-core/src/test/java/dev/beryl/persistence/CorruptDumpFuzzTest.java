package dev.beryl.persistence;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite's corrupt-dump-fuzzer, in-process: DUMP a key of every type and encoding, change a byte or two, RESTORE
 * it with the checksum check off, and use what was restored. RESTORE must answer OK or "Bad data format" (never
 * an internal error), and every command on a key it let in must work: what got in is sound.
 */
class CorruptDumpFuzzTest {
    private static final String[] KEYS = {
        "hash", "list", "zset", "set", "int", "string", "hashbig", "listbig", "zsetbig", "setbig", "intset",
        "intsetbig", "plainlist", "stream"};
    /** Redis 7.0's DUMP of a stream (2 entries, a group, a consumer): Beryl has no streams, but checks their payloads. */
    private static final byte[] STREAM = HexFormat.of().parseHex("13011000000000000000010000000000000001c32a30103000000013000201000101018161020001400a400c00"
            + "042005400700024016200406620203010801ff02010201010000020101670101010100000000000000010000000000000001ee398f52a2010000010105616c696365ee398f52a201000001000000000000000100000000000000010a0032aed9028dc8246c");

    @TempDir
    static Path dir;
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(dir);
        s.call("CONFIG", "SET", "list-max-listpack-size", "5");
        s.call("CONFIG", "SET", "hash-max-listpack-entries", "5");
        s.call("CONFIG", "SET", "zset-max-listpack-entries", "5");
        s.call("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "1");
        collections("", 3);
        collections("big", 10);
        s.call("INCR", "int");
        s.call("SET", "string", "str");
        s.call("SADD", "intset", "1", "-7", "300000", "5");
        for (int i = 0; i < 10; i++) s.call("SADD", "intsetbig", String.valueOf(i * 77777));
        s.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "10");
        s.call("RPUSH", "plainlist", "a", "b".repeat(20), "c");
        s.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0");
    }

    /** As the fuzzer's generate_collections: integers and strings alternately. */
    private static void collections(String suffix, int n) {
        for (int j = 0; j < n; j++) {
            String v = j % 2 == 0 ? String.valueOf(j) : "_" + j;
            s.call("HSET", "hash" + suffix, String.valueOf(j), v);
            s.call("LPUSH", "list" + suffix, v);
            s.call("ZADD", "zset" + suffix, String.valueOf(j), v);
            s.call("SADD", "set" + suffix, v);
        }
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void corruptPayloadsAreRefusedOrSound() {
        SplittableRandom rnd = new SplittableRandom(Long.getLong("fuzz.seed", 7445));
        int restored = 0, refused = 0;
        for (int cycle = 0; cycle < Integer.getInteger("fuzz.cycles", 2000); cycle++) {
            String k = KEYS[rnd.nextInt(KEYS.length)];
            byte[] payload = corrupt(k.equals("stream") ? STREAM : TestServer.bulk(s.call("DUMP", k)), rnd);
            String reply = s.call(0, b("RESTORE"), b("_" + k), b("0"), payload, b("REPLACE"));
            if (reply.equals("+OK\r\n")) {
                restored++;
                use("_" + k, rnd);
            } else {
                refused++;
                assertTrue(reply.equals("-ERR Bad data format\r\n")
                        || reply.equals("-ERR DUMP payload version or checksum are wrong\r\n"), reply);
                assertEquals(":0\r\n", s.call("EXISTS", "_" + k), "a refused RESTORE leaves no key");
            }
        }
        assertTrue(restored > 100 && refused > 100, restored + " restored, " + refused + " refused");
    }

    /**
     * The same for a whole RDB file: DEBUG RELOAD of a corrupted copy either loads it or answers its error and
     * leaves the dataset as it was.
     */
    @Test
    void corruptFilesAreRefusedOrSound() throws Exception {
        SplittableRandom rnd = new SplittableRandom(Long.getLong("fuzz.seed", 3505));
        assertEquals("+OK\r\n", s.call("SAVE"));
        Path file = dir.resolve("dump.rdb");
        byte[] rdb = Files.readAllBytes(file);
        String digest = s.call("DEBUG", "DIGEST");
        int loaded = 0, refused = 0;
        for (int cycle = 0; cycle < Integer.getInteger("fuzz.cycles", 2000) / 4; cycle++) {
            Files.write(file, corrupt(rdb, rnd));
            String reply = s.call("DEBUG", "RELOAD", "NOSAVE");
            if (reply.equals("+OK\r\n")) {
                loaded++;
                for (String k : KEYS) {
                    if (!k.equals("stream")) use(k, rnd);
                }
                Files.write(file, rdb);
                assertEquals("+OK\r\n", s.call("DEBUG", "RELOAD", "NOSAVE"));
            } else {
                refused++;
                assertEquals("-ERR Error trying to load the RDB dump\r\n", reply);
            }
            assertEquals(digest, s.call("DEBUG", "DIGEST"), "the dataset is the file's, or as it was");
        }
        assertTrue(loaded > 10 && refused > 10, loaded + " loaded, " + refused + " refused");
    }

    private static byte[] corrupt(byte[] p, SplittableRandom rnd) {
        byte[] c = p.clone();
        int count = rnd.nextInt(10) == 0 ? 2 : 1;
        for (int i = 0; i < count; i++) c[rnd.nextInt(c.length)] = (byte) rnd.nextInt(255);
        return c;
    }

    /** Reads, changes and re-dumps the key: no command may fail on it. */
    private static void use(String key, SplittableRandom rnd) {
        String type = TestServer.text(s.call("TYPE", key));
        List<String[]> cmds = new ArrayList<>();
        cmds.add(new String[] {"OBJECT", "ENCODING", key});
        cmds.add(new String[] {"DEBUG", "DIGEST-VALUE", key});
        String r = String.valueOf(rnd.nextInt(20));
        switch (type) {
            case "hash" -> {
                cmds.add(new String[] {"HGETALL", key});
                cmds.add(new String[] {"HGET", key, r});
                cmds.add(new String[] {"HSET", key, r, "x".repeat(rnd.nextInt(100))});
                cmds.add(new String[] {"HDEL", key, "1"});
                cmds.add(new String[] {"HRANDFIELD", key, "-5", "WITHVALUES"});
                cmds.add(new String[] {"HSCAN", key, "0"});
            }
            case "list" -> {
                cmds.add(new String[] {"LRANGE", key, "0", "-1"});
                cmds.add(new String[] {"LINDEX", key, "-2"});
                cmds.add(new String[] {"LPOS", key, r});
                cmds.add(new String[] {"LINSERT", key, "BEFORE", "_1", "y"});
                cmds.add(new String[] {"LREM", key, "0", "2"});
                cmds.add(new String[] {"RPUSH", key, "z".repeat(rnd.nextInt(100))});
                cmds.add(new String[] {"LPOP", key});
            }
            case "set" -> {
                cmds.add(new String[] {"SMEMBERS", key});
                cmds.add(new String[] {"SISMEMBER", key, r});
                cmds.add(new String[] {"SADD", key, r, "m" + r});
                cmds.add(new String[] {"SREM", key, "2"});
                cmds.add(new String[] {"SRANDMEMBER", key, "-5"});
                cmds.add(new String[] {"SPOP", key});
            }
            case "zset" -> {
                cmds.add(new String[] {"ZRANGE", key, "0", "-1", "WITHSCORES"});
                cmds.add(new String[] {"ZRANGEBYSCORE", key, "-inf", "+inf"});
                cmds.add(new String[] {"ZRANGEBYLEX", key, "-", "+"});
                cmds.add(new String[] {"ZSCORE", key, "_1"});
                cmds.add(new String[] {"ZADD", key, r, "n" + r});
                cmds.add(new String[] {"ZREM", key, "2"});
                cmds.add(new String[] {"ZRANK", key, "_3"});
                cmds.add(new String[] {"ZPOPMIN", key});
            }
            default -> {
                cmds.add(new String[] {"GET", key});
                cmds.add(new String[] {"APPEND", key, "a"});
            }
        }
        cmds.add(new String[] {"DEBUG", "RELOAD"});
        for (String[] c : cmds) {
            String reply = s.call(c);
            assertTrue(!reply.startsWith("-ERR internal error"), String.join(" ", c) + " -> " + reply);
        }
        byte[] again = TestServer.bulk(s.call("DUMP", key));
        if (again != null) { // a pop may have emptied it
            assertEquals("+OK\r\n", s.call(0, b("RESTORE"), b(key), b("0"), again, b("REPLACE")), "its DUMP restores");
        }
        s.call("DEL", key);
    }

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }
}
