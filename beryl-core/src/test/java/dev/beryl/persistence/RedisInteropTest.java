package dev.beryl.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RDB files across Beryl and a real redis-server 7.0 (on a unix socket, so no port is taken): files Beryl writes
 * pass redis-check-rdb and load into Redis with the same data, and files Redis writes load into Beryl with the
 * same data and encodings. Skipped, with the reason, when redis-server is not installed (.ci/run installs it).
 */
class RedisInteropTest {
    /** Small encoding thresholds, so that both encodings of every type appear with few elements. */
    private static final String[] SMALL = {"hash-max-listpack-entries", "4", "set-max-intset-entries", "4",
            "list-max-listpack-size", "4", "list-compress-depth", "1", "zset-max-listpack-entries", "4"};

    @TempDir
    Path dir;

    private static void assumeRedis() {
        LocalRedis.assumeInstalled("redis-server", "redis-cli", "redis-check-rdb");
    }

    private LocalRedis startRedis(String dbfilename, String... settings) throws Exception {
        return LocalRedis.start(dir, concat(settings, "dbfilename", dbfilename));
    }

    @Test
    void filesBerylWritesLoadIntoRedis() throws Exception {
        assumeRedis();
        String digest, pexpire;
        try (TestServer s = new TestServer(dir, SMALL)) {
            RdbFileTest.fill(s);
            for (int i = 0; i < 40; i++) s.call("RPUSH", "compressed", "item-" + i + "-padding-padding-padding");
            digest = TestServer.text(s.call("DEBUG", "DIGEST"));
            pexpire = TestServer.text(s.call("PEXPIRETIME", "ttl"));
            assertEquals("+OK\r\n", s.call("SAVE"));
        }
        String check = LocalRedis.check("redis-check-rdb", dir.resolve("dump.rdb").toString());
        assertTrue(check.contains("RDB looks OK") && check.contains("Checksum OK"), check);
        try (LocalRedis redis = startRedis("dump.rdb", SMALL)) {
            assertEquals(digest, redis.cli("DEBUG", "DIGEST"), redis.log());
            assertEquals(pexpire, redis.cli("PEXPIRETIME", "ttl"));
            assertEquals("1", redis.cli("-n", "15", "DBSIZE"));
            assertEquals("600", redis.cli("-n", "5", "LLEN", "biglist"));
        }
    }

    @Test
    void filesRedisWritesLoadIntoBeryl() throws Exception {
        assumeRedis();
        StringBuilder script = new StringBuilder();
        script.append("SET str hello\nSET int -42\nSET big 12345678901234\nSET long ").append("z".repeat(300)).append('\n');
        script.append("SET ttl v PX 100000000\nHSET small a 1 b 2\nHSET large a 1 b 2 c 3 d 4 e 5\n");
        script.append("SADD ints 1 2 3\nSADD manyints 1 2 3 4 5 6\nSADD words a b\nRPUSH short 1 2\n");
        script.append("ZADD zsmall 1 a 2.5 b\nZADD zlarge 1 a 2 b 3 c 4 d 5 e -inf f\n");
        for (int i = 0; i < 30; i++) script.append("RPUSH nodes element-").append(i).append("-padding-padding-padding\n");
        script.append("SELECT 7\nSET other db\nSAVE\n");
        String digest;
        String[] keys = {"str", "int", "big", "long", "small", "large", "ints", "manyints", "words", "short", "nodes",
                "zsmall", "zlarge"};
        List<String> encodings = new ArrayList<>();
        String nodes;
        try (LocalRedis redis = startRedis("redis.rdb", SMALL)) {
            redis.script(script.toString());
            digest = redis.cli("DEBUG", "DIGEST");
            for (String k : keys) encodings.add(redis.cli("OBJECT", "ENCODING", k));
            nodes = redis.cli("DEBUG", "OBJECT", "nodes").replaceAll(".* serializedlength:", "serializedlength:").replaceAll(" lru:\\S+ lru_seconds_idle:\\S+", "");
            redis.shutdown();
        }
        try (TestServer s = new TestServer(dir, concat(SMALL, "dbfilename", "redis.rdb"))) {
            assertEquals(digest, TestServer.text(s.call("DEBUG", "DIGEST")));
            for (int i = 0; i < keys.length; i++) {
                assertEquals(encodings.get(i), TestServer.text(s.call("OBJECT", "ENCODING", keys[i])), keys[i]);
            }
            String ours = TestServer.text(s.call("DEBUG", "OBJECT", "nodes"))
                    .replaceAll(".* serializedlength:", "serializedlength:").replaceAll(" lru:\\S+ lru_seconds_idle:\\S+", "");
            assertEquals(nodes, ours, "same nodes, same compression, same serialized length");
            assertEquals("$2\r\ndb\r\n", s.call(7, "GET", "other"));
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
