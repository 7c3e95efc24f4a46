package dev.beryl.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BGREWRITEAOF in the background: writes that go on during the rewrite end up in the new incremental file, and
 * base plus incremental file load back to the same DEBUG DIGEST (DEBUG LOADAOF, a restart, a real redis-server
 * 7.0, which also checks the directory with redis-check-aof); with and without the RDB preamble; the manifest
 * and the deleted history; the replies while a BGSAVE or a transaction is in the way; the automatic rewrite.
 */
class AofRewriteTest {
    @TempDir
    Path dir;

    private Path aofDir() { return dir.resolve("appendonlydir"); }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(aofDir())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String info(TestServer s, String field) {
        for (String line : s.call("info", "persistence").split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        return null;
    }

    /** Commands that change keys the walk has or has not reached yet, create and delete some. */
    private static void write(TestServer s, int i) {
        s.call("set", "key:" + (i * 37 % 100000), "changed-" + i);
        s.call("sadd", "big", "new-" + i);
        s.call("del", "key:" + (i * 91 % 100000 + 1));
        s.call("hset", "h" + i, "f", Integer.toString(i));
        s.call("pexpire", "key:" + (i * 53 % 100000), "100000000");
        s.call("rpush", "biglist", "new-" + i);
        s.call("hset", "bighash", "f" + (i * 7 % 12000), "changed-" + i);
        s.call("zadd", "bigzset", Integer.toString(i % 100), "new-" + i);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void rewriteWhileWritesContinueLoadsToTheSameDigest(String preamble) throws Exception {
        String digest;
        try (TestServer s = new TestServer(dir, "aof-use-rdb-preamble", preamble)) {
            RdbFileTest.fill(s);
            s.call("debug", "populate", "100000");
            // big collections are written in slices (SlicedEntry), as RDB or as commands
            for (int i = 0; i < 20000; i++) s.call("sadd", "big", "member-" + i);
            for (int i = 0; i < 12000; i++) {
                s.call("rpush", "biglist", "element-" + i);
                s.call("hset", "bighash", "f" + i, "v" + i);
                s.call("zadd", "bigzset", i + ".5", "member-" + i);
            }
            s.call("pexpire", "bigzset", "100000000");
            s.appendonly();
            assertEquals(List.of("appendonly.aof.1.base." + ("yes".equals(preamble) ? "rdb" : "aof"),
                    "appendonly.aof.1.incr.aof", "appendonly.aof.manifest"), files());
            assertEquals("+Background append only file rewriting started\r\n", s.call("bgrewriteaof"));
            int during = 0;
            for (int i = 0; i < 3000; i++) {
                if ("1".equals(info(s, "aof_rewrite_in_progress"))) during++;
                write(s, i);
            }
            s.awaitRewrite();
            assertTrue(during > 0, "no write happened while the rewrite ran");
            for (int i = 3000; i < 3100; i++) write(s, i);
            assertEquals("ok", info(s, "aof_last_bgrewrite_status"));
            digest = TestServer.text(s.call("debug", "digest"));
            assertEquals("+OK\r\n", s.call("debug", "loadaof"));
            assertEquals(digest, TestServer.text(s.call("debug", "digest")));
        }
        String base = "appendonly.aof.2.base." + ("yes".equals(preamble) ? "rdb" : "aof");
        assertEquals(List.of(base, "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"), files());
        assertEquals("file " + base + " seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                Files.readString(aofDir().resolve("appendonly.aof.manifest")));
        if ("no".equals(preamble)) {
            String head = new String(Files.readAllBytes(aofDir().resolve(base)), 0, 16, StandardCharsets.ISO_8859_1);
            assertEquals("*2\r\n$6\r\nSELECT\r\n", head);
        }
        try (TestServer s = new TestServer(dir, "appendonly", "yes")) {
            assertEquals(digest, TestServer.text(s.call("debug", "digest")));
        }
        LocalRedis.assumeInstalled("redis-server", "redis-cli", "redis-check-aof");
        String check = LocalRedis.check("redis-check-aof", aofDir().resolve("appendonly.aof.manifest").toString());
        assertTrue(check.contains("All AOF files and manifest are valid"), check);
        try (LocalRedis redis = LocalRedis.start(dir, "appendonly", "yes")) {
            assertEquals(digest, redis.cli("DEBUG", "DIGEST"), redis.log());
        }
    }

    @Test
    void rewriteWithTheAofOffLeavesABaseOnly() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            s.call("set", "x", "10");
            s.call("expire", "x", "1000");
            assertEquals("+Background append only file rewriting started\r\n", s.call("bgrewriteaof"));
            s.awaitRewrite();
            assertEquals(List.of("appendonly.aof.1.base.rdb", "appendonly.aof.manifest"), files());
            s.call("set", "x", "other");
            assertEquals("+OK\r\n", s.call("debug", "loadaof"));
            assertEquals("$2\r\n10\r\n", s.call("get", "x"));
            assertTrue(s.call("ttl", "x").matches(":(999|1000)\r\n"));
            assertEquals("+Background append only file rewriting started\r\n", s.call("bgrewriteaof"));
            s.awaitRewrite();
            assertEquals(List.of("appendonly.aof.2.base.rdb", "appendonly.aof.manifest"), files());
            assertEquals("0", info(s, "aof_enabled"));
            assertEquals("2", info(s, "aof_rewrites"));
            assertEquals(null, info(s, "aof_current_size")); // listed only with the AOF on, as Redis
        }
    }

    @Test
    void repliesWhenARewriteOrABgsaveRuns() throws IOException {
        try (TestServer s = new TestServer(dir)) {
            s.call("debug", "populate", "300000");
            assertEquals("+Background append only file rewriting started\r\n", s.call("bgrewriteaof"));
            assertEquals("-ERR Background append only file rewriting already in progress\r\n", s.call("bgrewriteaof"));
            assertEquals("-ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE "
                    + "in order to schedule a BGSAVE whenever possible.\r\n", s.call("bgsave"));
            assertEquals("+Background saving scheduled\r\n", s.call("bgsave", "schedule"));
            s.awaitRewrite();
            waitFor(s, "rdb_bgsave_in_progress", "0");
            assertEquals("+Background saving started\r\n", s.call("bgsave"));
            assertEquals("+Background append only file rewriting scheduled\r\n", s.call("bgrewriteaof"));
            assertEquals("1", info(s, "aof_rewrite_scheduled"));
            s.awaitRewrite(); // the cron starts it once the BGSAVE is done
            assertEquals("2", info(s, "aof_rewrites"));
            byte[][][] tx = {{"multi".getBytes()}, {"bgrewriteaof".getBytes()}, {"exec".getBytes()}};
            String r = reply(s, tx);
            assertEquals("+OK\r\n+QUEUED\r\n*1\r\n+Background append only file rewriting scheduled\r\n", r);
            s.awaitRewrite();
            assertEquals("3", info(s, "aof_rewrites"));
        }
    }

    @Test
    void shutdownRefusesWhileTheFirstRewriteRuns() throws IOException {
        try (TestServer s = new TestServer(dir, "save", "")) {
            s.call("debug", "populate", "300000");
            assertEquals("+OK\r\n", s.call("config", "set", "appendonly", "yes"));
            assertEquals("1", info(s, "aof_rewrite_in_progress"));
            assertEquals("-ERR Errors trying to SHUTDOWN. Check logs.\r\n", s.call("shutdown"));
            s.awaitRewrite();
            assertEquals("1", info(s, "aof_enabled"));
        }
    }

    @Test
    void theCronRewritesWhenTheFilesHaveGrown() throws IOException {
        try (TestServer s = new TestServer(dir, "auto-aof-rewrite-percentage", "100", "auto-aof-rewrite-min-size", "1000")) {
            s.appendonly();
            assertEquals("1", info(s, "aof_rewrites"));
            for (int i = 0; i < 100; i++) s.call("set", "k" + i, "v".repeat(20));
            waitFor(s, "aof_rewrites", "2");
            s.awaitRewrite();
            long current = Long.parseLong(info(s, "aof_current_size"));
            assertEquals(current, Long.parseLong(info(s, "aof_base_size")));
            assertTrue(current > 0);
        }
    }

    private static String reply(TestServer s, byte[][][] commands) {
        try {
            return new String(s.server.engine.call(2, 0, List.of(commands)).get(10, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(TestServer s, String field, String value) {
        for (int i = 0; i < 1000 && !value.equals(info(s, field)); i++) sleep();
        assertEquals(value, info(s, field), field);
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
