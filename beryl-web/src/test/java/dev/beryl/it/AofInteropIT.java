package dev.beryl.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static dev.beryl.it.RealRedis.ALL_ENCODINGS;
import static dev.beryl.it.RealRedis.assertSameData;
import static dev.beryl.it.RealRedis.debug;
import static dev.beryl.it.RealRedis.fill;
import static dev.beryl.it.RealRedis.installed;
import static dev.beryl.it.RealRedis.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * AOF directories between Beryl on Liberty and a real redis-server 7.0 (issue 6): Beryl's multi-part directory
 * (manifest, base with and without the RDB preamble, incremental file written after a BGREWRITEAOF) passes
 * redis-check-aof and loads into Redis with the same keys, values, TTLs and encodings; Redis's directory, written
 * with small encoding thresholds, loads into Beryl (DEBUG LOADAOF, which reads the manifest from disk as Redis's
 * does) the same way. Skipped when redis-server or redis-check-aof is not installed (CI installs them).
 */
class AofInteropIT {
    private static final Map<String, String> SMALL = Map.of("hash-max-listpack-entries", "4",
            "set-max-intset-entries", "4", "list-max-listpack-size", "4", "zset-max-listpack-entries", "4");

    @TempDir
    Path tmp;
    private Jedis beryl;
    private Path berylAofDir;
    private final Map<String, String> berylSettings = new LinkedHashMap<>();

    @BeforeEach
    void connect() {
        assumeTrue(installed("redis-server"), "redis-server is not on the PATH: skipping the AOF checks");
        beryl = new Jedis(HOST, RESP_PORT, 30_000);
        berylAofDir = Path.of(beryl.configGet("dir").get("dir")).resolve(beryl.configGet("appenddirname").get("appenddirname"));
        for (String name : List.of("appendonly", "appendfsync", "aof-use-rdb-preamble", "list-compress-depth",
                "hash-max-listpack-entries", "set-max-intset-entries", "list-max-listpack-size", "zset-max-listpack-entries")) {
            berylSettings.putAll(beryl.configGet(name));
        }
        awaitRewrite(beryl);
        beryl.flushAll();
    }

    @AfterEach
    void restore() throws IOException {
        if (beryl == null) return;
        awaitRewrite(beryl);
        beryl.configSet("appendonly", "no"); // first: the other settings must not start a rewrite
        berylSettings.forEach(beryl::configSet);
        beryl.flushAll();
        beryl.close();
    }

    private static String persistence(Jedis j, String field) {
        for (String line : j.info("persistence").split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        throw new AssertionError("no " + field + " in INFO persistence");
    }

    private static void awaitRewrite(Jedis j) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"0".equals(persistence(j, "aof_rewrite_in_progress")) || !"0".equals(persistence(j, "aof_rewrite_scheduled"))) {
            assertTrue(System.nanoTime() < deadline, "the AOF rewrite did not finish");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertEquals("ok", persistence(j, "aof_last_bgrewrite_status"));
    }

    /** Data in a base and in an incremental file: half before a BGREWRITEAOF, changes after it. */
    private static void writeAcrossRewrite(Jedis j) {
        fill(j);
        j.bgrewriteaof();
        awaitRewrite(j);
        j.select(0);
        j.set("after-rewrite", "x");
        j.rpush("list", "tail");
        j.hdel("hash", "n");
        j.incrBy("int", 5);
        j.zincrby("zset", 2, "a");
        j.del("spaces");
        j.pexpire("str", 300_000_000);
        j.select(5);
        j.srem("bigset", "m1", "m2");
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> old = Files.list(to)) {
            for (Path p : old.toList()) Files.delete(p);
        }
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void berylsAofDirectoryPassesRedisCheckAofAndLoadsIntoRedis(String preamble) throws Exception {
        beryl.configSet("appendfsync", "always");
        beryl.configSet("aof-use-rdb-preamble", preamble);
        assertEquals("OK", beryl.configSet("appendonly", "yes"));
        awaitRewrite(beryl);
        writeAcrossRewrite(beryl);

        Path dir = tmp.resolve("appendonlydir");
        copyFiles(berylAofDir, dir);
        String check = run("redis-check-aof", dir.resolve("appendonly.aof.manifest").toString());
        assertTrue(check.contains("All AOF files and manifest are valid"), check);
        assertTrue(check.contains(preamble.equals("yes") ? "BASE AOF (RDB format)" : "BASE AOF (RESP format)"), check);
        try (RealRedis real = RealRedis.start(tmp, Map.of("appendonly", "yes"))) {
            assertEquals(ALL_ENCODINGS, assertSameData(beryl, real.jedis));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void redisAofDirectoryLoadsIntoBeryl(String preamble) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(SMALL);
        settings.put("appendonly", "yes");
        settings.put("appendfsync", "always");
        settings.put("aof-use-rdb-preamble", preamble);
        try (RealRedis redis = RealRedis.start(tmp, settings)) {
            Jedis real = redis.jedis;
            awaitRewrite(real);
            writeAcrossRewrite(real);

            SMALL.forEach(beryl::configSet); // loaded values take the encodings Redis gave them
            assertEquals("OK", beryl.configSet("appendonly", "yes"));
            awaitRewrite(beryl);
            copyFiles(tmp.resolve("appendonlydir"), berylAofDir);
            assertEquals("OK", debug(beryl, "LOADAOF"));
            assertEquals(ALL_ENCODINGS, assertSameData(real, beryl));
        }
    }
}
