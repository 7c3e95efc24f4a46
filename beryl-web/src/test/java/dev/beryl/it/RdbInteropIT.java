package dev.beryl.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * RDB files between Beryl on Liberty and a real redis-server 7.0 with the real tools (issue 6): Beryl's file passes
 * redis-check-rdb and loads into Redis with the same keys, values, TTLs and encodings; Redis's files, written with
 * small and with large encoding thresholds, load into Beryl (DEBUG RELOAD NOSAVE) the same way; a truncated and a
 * corrupt file get Redis's DEBUG RELOAD error. The test starts the redis-server itself on port 6386 with a temp
 * dir, and finds the IT server's dir with CONFIG GET dir. Skipped when redis-server is not installed (CI installs it).
 */
class RdbInteropIT {
    private static final int REDIS_PORT = 6386;
    /** Every encoding of every type appears with few elements. */
    private static final Map<String, String> SMALL = thresholds("4", "64", "4", "4", "4", "64");
    /** Nothing converts: listpacks and intsets up to 1000 entries, 64 KB list nodes. */
    private static final Map<String, String> LARGE = thresholds("1000", "1000", "1000", "-5", "1000", "1000");

    @TempDir
    Path tmp;
    private Process redis;
    private Jedis beryl;
    private Path berylFile;
    private final Map<String, String> berylSettings = new LinkedHashMap<>();

    private static Map<String, String> thresholds(String hashEntries, String hashValue, String intset, String listSize,
                                                  String zsetEntries, String zsetValue) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hash-max-listpack-entries", hashEntries);
        m.put("hash-max-listpack-value", hashValue);
        m.put("set-max-intset-entries", intset);
        m.put("list-max-listpack-size", listSize);
        m.put("zset-max-listpack-entries", zsetEntries);
        m.put("zset-max-listpack-value", zsetValue);
        return m;
    }

    private static boolean installed(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @BeforeEach
    void connect() {
        assumeTrue(installed("redis-server") && installed("redis-check-rdb"),
                "redis-server or redis-check-rdb is not on the PATH: skipping the RDB checks against real Redis");
        beryl = new Jedis(HOST, RESP_PORT, 30_000);
        Map<String, String> dir = beryl.configGet("dir");
        berylFile = Path.of(dir.get("dir")).resolve(beryl.configGet("dbfilename").get("dbfilename"));
        for (String name : List.of("list-compress-depth", "hash-max-listpack-entries", "hash-max-listpack-value",
                "set-max-intset-entries", "list-max-listpack-size", "zset-max-listpack-entries", "zset-max-listpack-value")) {
            berylSettings.putAll(beryl.configGet(name));
        }
        beryl.flushAll();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
        if (beryl == null) return;
        berylSettings.forEach(beryl::configSet);
        beryl.flushAll();
        beryl.save(); // the IT server must not be left with a foreign or broken file to load at its next start
        beryl.close();
    }

    private Jedis startRedis(Map<String, String> settings) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(REDIS_PORT),
                "--bind", "127.0.0.1", "--dir", tmp.toString(), "--save", "", "--appendonly", "no",
                "--enable-debug-command", "yes", "--logfile", tmp.resolve("redis.log").toString()));
        settings.forEach((k, v) -> cmd.addAll(List.of("--" + k, v)));
        redis = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        for (int i = 0; i < 100; i++) {
            try {
                return new Jedis(HOST, REDIS_PORT, 30_000); // Jedis connects here
            } catch (JedisConnectionException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("redis-server did not start: " + Files.readString(tmp.resolve("redis.log")));
    }

    private static String debug(Jedis j, String... args) {
        Object r = j.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII), args);
        return r instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : String.valueOf(r);
    }

    /** Keys of every type in the encodings the thresholds give, in databases 0, 5 and 15, some with a TTL. */
    private static void fill(Jedis j) {
        j.select(0);
        j.set("str", "hello");
        j.set("int", "-12345");
        j.set("bigint", "12345678901234");
        j.set("long", "a".repeat(300)); // LZF-compressed in the file
        j.append("raw", "appended");
        j.set("spaces", "with spaces\tand tabs");
        j.psetex("ttl", 100_000_000, "v");
        j.hset("hash", Map.of("f", "v", "n", "7"));
        j.hset("hashlongvalue", "f", "v".repeat(100));
        j.sadd("intset", "1", "2", "-300000");
        j.sadd("words", "a", "b", "c");
        j.zadd("zset", Map.of("a", 1.0, "b", 2.5, "c", Double.NEGATIVE_INFINITY, "d", 1e300));
        j.zadd("zsetlongmember", Map.of("m".repeat(100), 1.0, "n", 3.0));
        j.rpush("list", "a", "b", "1", "-2", "x".repeat(100));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) many.add("element-" + i + "-padding-padding-padding");
        j.configSet("list-compress-depth", "1"); // lists created now compress their inner nodes
        j.rpush("compressed", many.toArray(new String[0]));
        j.configSet("list-compress-depth", "0");
        j.select(5);
        for (int i = 0; i < 600; i++) {
            j.rpush("biglist", "element-" + i);
            j.sadd("bigintset", Integer.toString(i));
            j.sadd("bigset", "m" + i);
            j.hset("bighash", "f" + i, "v" + i);
            j.zadd("bigzset", i % 7, "m" + i);
        }
        j.pexpire("bighash", 200_000_000);
        j.select(15);
        j.set("last", "db");
        j.expire("last", 100_000);
        j.select(0);
    }

    /**
     * The databases, keys, types, values, expire times and encodings of both servers are the same; returns the
     * encodings seen.
     */
    private static Set<String> assertSameData(Jedis expected, Jedis actual) {
        Set<String> encodings = new TreeSet<>();
        assertEquals(debug(expected, "DIGEST"), debug(actual, "DIGEST"), "DEBUG DIGEST");
        for (int db = 0; db < 16; db++) {
            expected.select(db);
            actual.select(db);
            TreeSet<String> keys = new TreeSet<>(expected.keys("*"));
            assertEquals(keys, new TreeSet<>(actual.keys("*")), "keys of db " + db);
            for (String k : keys) {
                String type = expected.type(k);
                String what = "db " + db + " key " + k;
                assertEquals(type, actual.type(k), what);
                String encoding = expected.objectEncoding(k);
                encodings.add(encoding);
                assertEquals(encoding, actual.objectEncoding(k), what + " encoding");
                assertEquals(expected.pexpireTime(k), actual.pexpireTime(k), what + " expire time");
                switch (type) {
                    case "string" -> assertEquals(expected.get(k), actual.get(k), what);
                    case "hash" -> assertEquals(expected.hgetAll(k), actual.hgetAll(k), what);
                    case "set" -> assertEquals(expected.smembers(k), actual.smembers(k), what);
                    case "list" -> assertEquals(expected.lrange(k, 0, -1), actual.lrange(k, 0, -1), what);
                    case "zset" -> assertEquals(pairs(expected.zrangeWithScores(k, 0, -1)),
                            pairs(actual.zrangeWithScores(k, 0, -1)), what);
                    default -> throw new AssertionError(what + ": unexpected type " + type);
                }
            }
        }
        expected.select(0);
        actual.select(0);
        return encodings;
    }

    /** Every encoding of every type but the stream. */
    private static final Set<String> ALL_ENCODINGS = new TreeSet<>(List.of("embstr", "int", "raw", "listpack",
            "hashtable", "intset", "quicklist", "skiplist"));

    private static List<String> pairs(List<Tuple> tuples) {
        List<String> r = new ArrayList<>();
        for (Tuple t : tuples) r.add(t.getElement() + "=" + t.getScore());
        return r;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void berylsFilePassesRedisCheckRdbAndLoadsIntoRedis() throws Exception {
        fill(beryl);
        assertEquals("OK", beryl.save());
        Files.copy(berylFile, tmp.resolve("dump.rdb"));
        String check = run("redis-check-rdb", tmp.resolve("dump.rdb").toString());
        assertTrue(check.contains("RDB looks OK") && check.contains("Checksum OK"), check);
        try (Jedis real = startRedis(Map.of())) {
            assertEquals(ALL_ENCODINGS, assertSameData(beryl, real));
        }
    }

    @Test
    void redisFilesWithSmallThresholdsLoadIntoBeryl() throws Exception {
        redisFileLoadsIntoBeryl(SMALL);
    }

    @Test
    void redisFilesWithLargeThresholdsLoadIntoBeryl() throws Exception {
        redisFileLoadsIntoBeryl(LARGE);
    }

    private void redisFileLoadsIntoBeryl(Map<String, String> thresholds) throws Exception {
        try (Jedis real = startRedis(thresholds)) {
            fill(real);
            assertEquals("OK", real.save());
            // same thresholds on Beryl, so the loaded values take the encodings Redis gave them
            thresholds.forEach(beryl::configSet);
            Files.copy(tmp.resolve("dump.rdb"), berylFile, StandardCopyOption.REPLACE_EXISTING);
            assertEquals("OK", debug(beryl, "RELOAD", "NOSAVE"));
            Set<String> encodings = assertSameData(real, beryl);
            if (thresholds == SMALL) assertEquals(ALL_ENCODINGS, encodings);
        }
    }

    /** A truncated file and one with a flipped byte: Redis's DEBUG RELOAD error; Beryl keeps its data meanwhile. */
    @Test
    void truncatedAndCorruptFilesGetRedisError() throws Exception {
        debug(beryl, "POPULATE", "1000", "key", "20");
        assertEquals("OK", beryl.save());
        byte[] good = Files.readAllBytes(berylFile);
        byte[] corrupt = good.clone();
        corrupt[good.length / 2] ^= 0x5a;
        byte[][] bad = {java.util.Arrays.copyOf(good, good.length / 2), corrupt};
        try (Jedis real = startRedis(Map.of())) {
            for (byte[] content : bad) {
                Files.write(berylFile, content);
                Files.write(tmp.resolve("dump.rdb"), content);
                String ours = assertThrows(JedisDataException.class, () -> debug(beryl, "RELOAD", "NOSAVE")).getMessage();
                String theirs = assertThrows(JedisDataException.class, () -> debug(real, "RELOAD", "NOSAVE")).getMessage();
                assertEquals("ERR Error trying to load the RDB dump", theirs);
                assertEquals(theirs, ours);
                assertEquals(1000, beryl.dbSize(), "a failed load leaves the data as it was");
            }
        } finally {
            Files.write(berylFile, good);
        }
    }
}
