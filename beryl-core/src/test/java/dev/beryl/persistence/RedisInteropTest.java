package dev.beryl.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    private Process redis;

    private static boolean installed(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void assumeRedis() {
        assumeTrue(installed("redis-server") && installed("redis-cli") && installed("redis-check-rdb"),
                "redis-server, redis-cli or redis-check-rdb is not installed: skipping the checks against real Redis");
    }

    private static String run(String input, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (input != null) p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    private Path socket() { return dir.resolve("redis.sock"); }

    /** redis-cli on the reference server; one command, its raw (--no-raw off) output trimmed. */
    private String redis(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-s", socket().toString()));
        cmd.addAll(List.of(args));
        return run(null, cmd.toArray(new String[0])).trim();
    }

    private void startRedis(String dbfilename, String... settings) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", "0", "--unixsocket", socket().toString(),
                "--dir", dir.toString(), "--dbfilename", dbfilename, "--save", "", "--enable-debug-command", "yes",
                "--logfile", dir.resolve("redis.log").toString()));
        for (int i = 0; i < settings.length; i += 2) cmd.addAll(List.of("--" + settings[i], settings[i + 1]));
        redis = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        for (int i = 0; i < 100 && !(Files.exists(socket()) && redis("PING").equals("PONG")); i++) Thread.sleep(50);
        assertEquals("PONG", redis("PING"), "redis-server did not start: " + log());
    }

    private String log() throws IOException {
        Path l = dir.resolve("redis.log");
        return Files.exists(l) ? Files.readString(l) : "";
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (redis == null) return;
        redis.destroy();
        redis.waitFor(10, TimeUnit.SECONDS);
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
        String check = run(null, "redis-check-rdb", dir.resolve("dump.rdb").toString());
        assertTrue(check.contains("RDB looks OK") && check.contains("Checksum OK"), check);
        startRedis("dump.rdb", SMALL);
        assertEquals(digest, redis("DEBUG", "DIGEST"), log());
        assertEquals(pexpire, redis("PEXPIRETIME", "ttl"));
        assertEquals("1", redis("-n", "15", "DBSIZE"));
        assertEquals("600", redis("-n", "5", "LLEN", "biglist"));
    }

    @Test
    void filesRedisWritesLoadIntoBeryl() throws Exception {
        assumeRedis();
        startRedis("redis.rdb", SMALL);
        StringBuilder script = new StringBuilder();
        script.append("SET str hello\nSET int -42\nSET big 12345678901234\nSET long ").append("z".repeat(300)).append('\n');
        script.append("SET ttl v PX 100000000\nHSET small a 1 b 2\nHSET large a 1 b 2 c 3 d 4 e 5\n");
        script.append("SADD ints 1 2 3\nSADD manyints 1 2 3 4 5 6\nSADD words a b\nRPUSH short 1 2\n");
        script.append("ZADD zsmall 1 a 2.5 b\nZADD zlarge 1 a 2 b 3 c 4 d 5 e -inf f\n");
        for (int i = 0; i < 30; i++) script.append("RPUSH nodes element-").append(i).append("-padding-padding-padding\n");
        script.append("SELECT 7\nSET other db\nSAVE\n");
        run(script.toString(), "redis-cli", "-s", socket().toString());
        String digest = redis("DEBUG", "DIGEST");
        String[] keys = {"str", "int", "big", "long", "small", "large", "ints", "manyints", "words", "short", "nodes",
                "zsmall", "zlarge"};
        List<String> encodings = new ArrayList<>();
        for (String k : keys) encodings.add(redis("OBJECT", "ENCODING", k));
        String nodes = redis("DEBUG", "OBJECT", "nodes").replaceAll(".* serializedlength:", "serializedlength:").replaceAll(" lru:\\S+ lru_seconds_idle:\\S+", "");
        redis("SHUTDOWN", "NOSAVE");
        redis.waitFor(10, TimeUnit.SECONDS);
        redis = null;
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
