package dev.beryl.it;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.resps.Tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static dev.beryl.it.ItServer.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real redis-server 7.0 started by a test, and what the file-exchange tests (RDB and AOF, both ways) do with it:
 * the same data of every type and encoding written to either server, and a key-by-key comparison of two servers.
 */
final class RealRedis implements AutoCloseable {
    /** Port of the redis-server the tests start (one at a time). */
    static final int PORT = 6386;

    final Jedis jedis;
    private final Process process;

    private RealRedis(Process process, Jedis jedis) {
        this.process = process;
        this.jedis = jedis;
    }

    /** Starts redis-server with its files in {@code dir} and the given settings ("--name", "value" pairs). */
    static RealRedis start(Path dir, Map<String, String> settings) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(PORT),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--enable-debug-command", "yes", "--logfile", dir.resolve("redis.log").toString()));
        settings.forEach((k, v) -> cmd.addAll(List.of("--" + k, v)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        for (int i = 0; i < 100; i++) {
            try {
                Jedis j = new Jedis(HOST, PORT, 30_000);
                if ("PONG".equals(j.ping())) return new RealRedis(p, j);
                j.close();
            } catch (JedisConnectionException notYet) {
                // not listening yet
            } catch (redis.clients.jedis.exceptions.JedisDataException loading) {
                // -LOADING while it reads its files
            }
            Thread.sleep(50);
        }
        p.destroy();
        throw new AssertionError("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
    }

    @Override
    public void close() throws Exception {
        jedis.close();
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    static boolean installed(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static String debug(Jedis j, String... args) {
        Object r = j.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII), args);
        return r instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : String.valueOf(r);
    }

    /** Keys of every type in the encodings the thresholds give, in databases 0, 5 and 15, some with a TTL. */
    static void fill(Jedis j) {
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
    static Set<String> assertSameData(Jedis expected, Jedis actual) {
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
    static final Set<String> ALL_ENCODINGS = new TreeSet<>(List.of("embstr", "int", "raw", "listpack",
            "hashtable", "intset", "quicklist", "skiplist"));

    private static List<String> pairs(List<Tuple> tuples) {
        List<String> r = new ArrayList<>();
        for (Tuple t : tuples) r.add(t.getElement() + "=" + t.getScore());
        return r;
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

}
