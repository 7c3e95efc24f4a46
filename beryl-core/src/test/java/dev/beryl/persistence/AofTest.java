package dev.beryl.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AOF: what commands propagate (Redis's rewrites, exact argv), the multi-part directory, loading it back at
 * start and by DEBUG LOADAOF, a truncated tail, and the files against redis-check-aof and a real redis-server
 * (skipped when those are not installed).
 */
class AofTest {
    @TempDir
    Path dir;

    private Path incr() {
        return dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof");
    }

    private String incrText() throws IOException {
        return Files.readString(incr(), StandardCharsets.ISO_8859_1);
    }

    private static String resp(String... argv) {
        StringBuilder b = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        return b.toString();
    }

    @Test
    void commandsPropagateAsRedisRewritesThem() throws IOException {
        try (TestServer s = new TestServer(dir)) {
            s.appendonly();
            assertEquals("", incrText());
            s.call("set", "k", "v", "exat", "4000000000");
            s.call("get", "k"); // reads propagate nothing
            s.call("expireat", "k", "4000000001", "gt");
            s.call("incrbyfloat", "f", "1.5");
            s.call("getex", "k", "persist");
            s.call("getdel", "f");
            s.call("rpush", "l", "a", "b");
            s.call("blpop", "l", "0");
            s.call("blmove", "l", "m", "right", "left", "0");
            s.call("sadd", "s", "x");
            s.call("spop", "s");
            s.call("set", "gone", "1", "px", "100000"); // long enough that active expiry cannot append a DEL mid-test
            s.call(3, "set", "in3", "v");
            String expected = resp("SELECT", "0")
                    + resp("SET", "k", "v", "PXAT", "4000000000000")
                    + resp("PEXPIREAT", "k", "4000000001000", "gt")
                    + resp("SET", "f", "1.5", "KEEPTTL")
                    + resp("PERSIST", "k")
                    + resp("DEL", "f")
                    + resp("rpush", "l", "a", "b")
                    + resp("LPOP", "l")
                    + resp("LMOVE", "l", "m", "right", "left")
                    + resp("sadd", "s", "x")
                    + resp("SREM", "s", "x");
            String text = incrText();
            assertTrue(text.startsWith(expected), text);
            assertTrue(text.endsWith(resp("SELECT", "3") + resp("set", "in3", "v")), text);
        }
    }

    /** Redis propagates PUBLISH to replicas only: the AOF gets none, alone or inside a transaction. */
    @Test
    void publishIsNotWrittenToTheAof() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            s.appendonly();
            s.call("publish", "ch", "alone");
            // one client: MULTI, SET, PUBLISH, EXEC
            s.server.engine.call(2, 0, java.util.List.of(argv("multi"), argv("set", "k", "v"),
                    argv("publish", "ch", "in a transaction"), argv("exec"))).get(10, TimeUnit.SECONDS);
            assertEquals(resp("SELECT", "0") + resp("set", "k", "v"), incrText());
        }
    }

    private static byte[][] argv(String... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) a[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return a;
    }

    @Test
    void restorePropagatesItsTtlAsAbsolute() throws IOException {
        try (TestServer s = new TestServer(dir)) {
            s.call("set", "src", "value");
            byte[] payload = TestServer.bulk(s.call("dump", "src"));
            s.appendonly();
            long before = System.currentTimeMillis();
            s.call(0, "restore".getBytes(), "k".getBytes(), "100000".getBytes(), payload);
            s.call(0, "restore".getBytes(), "abs".getBytes(), "4000000000000".getBytes(), payload, "ABSTTL".getBytes());
            s.call(0, "restore".getBytes(), "src".getBytes(), "1".getBytes(), payload, "REPLACE".getBytes(), "ABSTTL".getBytes());
            String p = new String(payload, StandardCharsets.ISO_8859_1);
            String text = incrText();
            String head = resp("SELECT", "0") + "*5\r\n$7\r\nrestore\r\n$1\r\nk\r\n$13\r\n";
            assertTrue(text.startsWith(head), text);
            long at = Long.parseLong(text.substring(head.length(), head.length() + 13));
            assertTrue(at >= before + 100000 && at <= System.currentTimeMillis() + 100000, text);
            assertEquals(resp("SELECT", "0") + resp("restore", "k", Long.toString(at), p, "ABSTTL")
                    + resp("restore", "abs", "4000000000000", p, "ABSTTL")
                    + resp("DEL", "src"), text); // already expired: the key it replaced is deleted
        }
    }

    @Test
    void transactionAndLazyExpiryAreWrappedInMultiExec() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            s.appendonly();
            s.call("set", "t", "1", "px", "1");
            Thread.sleep(5);
            int before = incrText().length();
            byte[][][] tx = {bytes("multi"), bytes("incr", "a"), bytes("get", "x"), bytes("incr", "b"), bytes("exec")};
            s.server.engine.call(2, 0, java.util.List.of(tx)).get(10, TimeUnit.SECONDS);
            s.call("set", "t", "2"); // t had expired: its DEL goes with the SET, in one transaction
            assertEquals(resp("MULTI") + resp("incr", "a") + resp("incr", "b") + resp("EXEC")
                    + resp("MULTI") + resp("DEL", "t") + resp("set", "t", "2") + resp("EXEC"),
                    incrText().substring(before));
        }
    }

    private static byte[][] bytes(String... a) {
        byte[][] r = new byte[a.length][];
        for (int i = 0; i < a.length; i++) r[i] = a[i].getBytes(StandardCharsets.ISO_8859_1);
        return r;
    }

    @Test
    void dataSurvivesRestartAndDebugLoadaof() throws IOException {
        try (TestServer s = new TestServer(dir)) {
            s.call("set", "before", "base"); // goes into the base file
            s.appendonly();
            s.call("set", "k", "v", "ex", "100");
            s.call(2, "hset", "h", "f", "1");
            s.call("zadd", "z", "1.5", "m");
            assertEquals("+OK\r\n", s.call("debug", "loadaof"));
            assertEquals(":3\r\n", s.call("dbsize"));
            assertTrue(s.call("ttl", "k").matches(":(99|100)\r\n"));
        }
        try (TestServer s = new TestServer(dir, "appendonly", "yes")) {
            assertEquals("$4\r\nbase\r\n", s.call("get", "before"));
            assertEquals("$1\r\nv\r\n", s.call("get", "k"));
            assertEquals("$1\r\n1\r\n", s.call(2, "hget", "h", "f"));
            assertEquals("$3\r\n1.5\r\n", s.call("zscore", "z", "m"));
            s.call("set", "after", "restart"); // appended to the same incr file
        }
        try (TestServer s = new TestServer(dir, "appendonly", "yes")) {
            assertEquals("$7\r\nrestart\r\n", s.call("get", "after"));
        }
    }

    @Test
    void truncatedTailIsCutWithAofLoadTruncated() throws IOException {
        try (TestServer s = new TestServer(dir)) {
            s.appendonly();
            s.call("set", "a", "1");
        }
        long good = Files.size(incr());
        Files.write(incr(), "*3\r\n$3\r\nset\r\n$1\r\nb".getBytes(StandardCharsets.ISO_8859_1), java.nio.file.StandardOpenOption.APPEND);
        try (TestServer s = new TestServer(dir, "appendonly", "yes")) {
            assertEquals("$1\r\n1\r\n", s.call("get", "a"));
            assertEquals("$-1\r\n", s.call("get", "b"));
        }
        assertEquals(good, Files.size(incr()));
        Files.write(incr(), "*2\r\n$3\r\ndel".getBytes(StandardCharsets.ISO_8859_1), java.nio.file.StandardOpenOption.APPEND);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> new TestServer(dir, "appendonly", "yes", "aof-load-truncated", "no").close());
        assertTrue(e.getMessage().contains("Unexpected end of file"), e.getMessage());
    }

    @Test
    void redisToolsAcceptBerylsFiles() throws Exception {
        LocalRedis.assumeInstalled("redis-check-aof", "redis-server", "redis-cli");
        try (TestServer s = new TestServer(dir)) {
            s.call("set", "base", "1");
            s.appendonly();
            s.call("set", "k", "v", "ex", "100");
            s.call("sadd", "s", "a", "b", "c");
            s.call("spop", "s", "2");
        }
        Path manifest = dir.resolve("appendonlydir").resolve("appendonly.aof.manifest");
        String out = LocalRedis.check("redis-check-aof", manifest.toString());
        assertTrue(out.contains("All AOF files and manifest are valid"), out);

        try (LocalRedis redis = LocalRedis.start(dir, "appendonly", "yes")) {
            String ttl = redis.cli("ttl", "k");
            assertTrue(ttl.matches("(99|100)"), ttl + " " + redis.log());
            assertEquals("1", redis.cli("get", "base"));
            assertEquals("1", redis.cli("scard", "s"));
            redis.cli("set", "from", "redis");
            redis.shutdown();
        }
        try (TestServer s = new TestServer(dir, "appendonly", "yes")) {
            assertEquals("$5\r\nredis\r\n", s.call("get", "from"));
            assertEquals("$1\r\nv\r\n", s.call("get", "k"));
        }
    }
}
