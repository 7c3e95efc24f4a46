package dev.beryl.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.RealRedis.ALL_ENCODINGS;
import static dev.beryl.it.RealRedis.assertSameData;
import static dev.beryl.it.RealRedis.debug;
import static dev.beryl.it.RealRedis.fill;
import static dev.beryl.it.RealRedis.installed;
import static dev.beryl.it.RealRedis.run;
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
    /** Every encoding of every type appears with few elements. */
    private static final Map<String, String> SMALL = thresholds("4", "64", "4", "4", "4", "64");
    /** Nothing converts: listpacks and intsets up to 1000 entries, 64 KB list nodes. */
    private static final Map<String, String> LARGE = thresholds("1000", "1000", "1000", "-5", "1000", "1000");

    @TempDir
    Path tmp;
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
        if (beryl == null) return;
        berylSettings.forEach(beryl::configSet);
        beryl.flushAll();
        beryl.save(); // the IT server must not be left with a foreign or broken file to load at its next start
        beryl.close();
    }

    @Test
    void berylsFilePassesRedisCheckRdbAndLoadsIntoRedis() throws Exception {
        fill(beryl);
        assertEquals("OK", beryl.save());
        Files.copy(berylFile, tmp.resolve("dump.rdb"));
        String check = run("redis-check-rdb", tmp.resolve("dump.rdb").toString());
        assertTrue(check.contains("RDB looks OK") && check.contains("Checksum OK"), check);
        try (RealRedis real = RealRedis.start(tmp, Map.of())) {
            assertEquals(ALL_ENCODINGS, assertSameData(beryl, real.jedis));
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
        try (RealRedis redis = RealRedis.start(tmp, thresholds)) {
            Jedis real = redis.jedis;
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
        try (RealRedis redis = RealRedis.start(tmp, Map.of())) {
            Jedis real = redis.jedis;
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
