package dev.beryl.persistence;

import dev.beryl.engine.Database;
import dev.beryl.engine.Engine;
import dev.beryl.types.HashValue;
import dev.beryl.types.Quicklist;
import dev.beryl.types.SetValue;
import dev.beryl.types.ZSetValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BGSAVE: a point-in-time file while commands keep changing the data, its errors, save points. */
class BackgroundSaveTest {
    @TempDir
    Path dir;

    private static final int KEYS = 200_000;

    private static String info(TestServer s, String field) {
        String text = TestServer.text(s.call("INFO", "persistence"));
        for (String line : text.split("\r\n")) if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        throw new AssertionError(field + " not in INFO");
    }

    private static void awaitSave(TestServer s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (info(s, "rdb_bgsave_in_progress").equals("1")) {
            assertTrue(System.nanoTime() < deadline, "BGSAVE did not finish");
            Thread.sleep(10);
        }
    }

    private static void populate(TestServer s, int db, int n) {
        s.call(db, "DEBUG", "POPULATE", Integer.toString(n), "key", "20");
    }

    @Test
    void writesDuringTheSaveDoNotReachTheFile() throws Exception {
        String before;
        try (TestServer s = new TestServer(dir)) {
            populate(s, 0, KEYS);
            populate(s, 2, 1000);
            RdbFileTest.fill(s);
            for (int i = 0; i < 200; i++) s.call("HSET", "h" + i, "f", "v" + i);
            before = s.call("DEBUG", "DIGEST");
            assertEquals("+Background saving started\r\n", s.call("BGSAVE"));
            // every kind of write, spread over the keyspace: before and after the walk's cursor
            for (int i = 0; i < 200; i++) {
                s.call("SET", "key:" + (i * 499), "changed");
                s.call("DEL", "key:" + (i * 499 + 1));
                s.call("EXPIRE", "key:" + (i * 499 + 2), "1000");
                s.call("APPEND", "key:" + (i * 499 + 3), "more");
                s.call("HSET", "h" + i, "f", "new", "g", "added");
                s.call("SET", "new" + i, "created");
                s.call("RENAME", "key:" + (i * 499 + 4), "renamed" + i);
                if (i == 0) {
                    assertEquals("1", info(s, "rdb_bgsave_in_progress"), "the writes run while the save walks");
                    assertEquals("-ERR Background save already in progress\r\n", s.call("BGSAVE"));
                    assertEquals("-ERR Background save already in progress\r\n", s.call("BGSAVE", "SCHEDULE"));
                    assertEquals("-ERR Background save already in progress\r\n", s.call("SAVE"));
                }
            }
            s.call("RPUSH", "list", "pushed");
            s.call("ZADD", "zset", "9", "late");
            s.call(5, "HSET", "manyfields", "f1", "other");
            s.call("SWAPDB", "0", "2");
            s.call(15, "FLUSHDB");
            awaitSave(s);
            assertEquals("ok", info(s, "rdb_last_bgsave_status"));
            assertTrue(Long.parseLong(info(s, "rdb_last_cow_size")) > 0);
            assertTrue(Long.parseLong(info(s, "rdb_changes_since_last_save")) > 1000, "changes after the start stay counted");
        }
        try (TestServer s = new TestServer(dir)) {
            assertEquals(before, s.call("DEBUG", "DIGEST"));
        }
    }

    /**
     * Writers change three keys of different types in one atomic call, again and again, while BGSAVE runs: a
     * point-in-time file has the three equal, whichever moments the walk reached each key.
     */
    @Test
    void concurrentWritersSeeAConsistentSnapshot() throws Exception {
        int groups = 50;
        try (TestServer s = new TestServer(dir)) {
            populate(s, 0, KEYS);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong rounds = new AtomicLong();
            Thread writer = new Thread(() -> {
                for (long v = 0; !stop.get(); v++) {
                    List<byte[][]> cmds = new ArrayList<>();
                    for (int g = 0; g < groups; g++) {
                        String val = Long.toString(v);
                        cmds.add(argv("SET", "s" + g, val));
                        cmds.add(argv("HSET", "h" + g, "f", val));
                        cmds.add(argv("RPUSH", "l" + g, val));
                    }
                    try {
                        s.server.engine.call(2, 0, cmds).get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    rounds.incrementAndGet();
                }
            });
            writer.start();
            while (rounds.get() < 5) Thread.sleep(1);
            assertEquals("+Background saving started\r\n", s.call("BGSAVE"));
            awaitSave(s);
            stop.set(true);
            writer.join();
            assertEquals("ok", info(s, "rdb_last_bgsave_status"));
        }
        try (TestServer s = new TestServer(dir)) {
            for (int g = 0; g < groups; g++) {
                String v = TestServer.text(s.call("GET", "s" + g));
                assertEquals(v, TestServer.text(s.call("HGET", "h" + g, "f")));
                assertEquals(v, TestServer.text(s.call("LINDEX", "l" + g, "-1")));
                assertEquals(Long.parseLong(v) + 1, Long.parseLong(TestServer.text(s.call("LLEN", "l" + g))));
            }
        }
    }

    private static byte[][] argv(String... a) {
        byte[][] r = new byte[a.length][];
        for (int i = 0; i < a.length; i++) r[i] = a[i].getBytes(StandardCharsets.ISO_8859_1);
        return r;
    }

    @Test
    void bgsaveInsideMultiIsScheduledAndSyntaxIsChecked() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            s.call("SET", "a", "1");
            assertEquals("-ERR syntax error\r\n", s.call("BGSAVE", "NOW"));
            assertEquals("-ERR syntax error\r\n", s.call("BGSAVE", "SCHEDULE", "x"));
            byte[] r = s.server.engine.call(2, 0, List.of(argv("MULTI"), argv("BGSAVE"), argv("EXEC"))).get(10, TimeUnit.SECONDS);
            assertEquals("+OK\r\n+QUEUED\r\n*1\r\n+Background saving scheduled\r\n", new String(r, StandardCharsets.ISO_8859_1));
            waitForScheduled(s);
            awaitSave(s);
            assertTrue(Files.exists(dir.resolve("dump.rdb")), "the cron ran the scheduled save");
        }
    }

    private static void waitForScheduled(TestServer s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!info(s, "rdb_saves").equals("1")) {
            assertTrue(System.nanoTime() < deadline, "the scheduled BGSAVE did not start");
            Thread.sleep(10);
        }
    }

    @Test
    void savePointsStartABackgroundSave() throws Exception {
        try (TestServer s = new TestServer(dir, "save", "")) {
            assertEquals("*2\r\n$4\r\nsave\r\n$0\r\n\r\n", s.call("CONFIG", "GET", "save"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n",
                    s.call("CONFIG", "SET", "save", "1 2 3"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n",
                    s.call("CONFIG", "SET", "save", "0 1"));
            assertEquals("+OK\r\n", s.call("CONFIG", "SET", "save", "  1   2 "));
            assertEquals("*2\r\n$4\r\nsave\r\n$3\r\n1 2\r\n", s.call("CONFIG", "GET", "save"));
            s.call("SET", "a", "1");
            s.call("SET", "b", "2");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(dir.resolve("dump.rdb"))) {
                assertTrue(System.nanoTime() < deadline, "no save after 2 changes and 1 second");
                Thread.sleep(20);
            }
            awaitSave(s);
            assertEquals("0", info(s, "rdb_changes_since_last_save"));
            assertEquals("1", info(s, "rdb_saves"));
        }
    }

    @Test
    void shutdownSavesWhenSavePointsAreSetAndStops() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            s.call("SET", "a", "1");
            assertEquals("-ERR syntax error\r\n", s.call("SHUTDOWN", "NOSAVE", "SAVE"));
            assertEquals("-ERR syntax error\r\n", s.call("SHUTDOWN", "ABORT", "NOW"));
            assertEquals("-ERR syntax error\r\n", s.call("SHUTDOWN", "LATER"));
            assertEquals("-ERR No shutdown in progress.\r\n", s.call("SHUTDOWN", "ABORT"));
            assertEquals("", s.call("SHUTDOWN"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.server.engine.isRunning()) {
                assertTrue(System.nanoTime() < deadline, "the engine did not stop");
                Thread.sleep(10);
            }
        }
        try (TestServer s = new TestServer(dir)) {
            assertEquals("$1\r\n1\r\n", s.call("GET", "a"));
        }
    }

    @Test
    void shutdownThatCannotSaveKeepsRunningUnlessForced() throws Exception {
        Path notADir = Files.createFile(dir.resolve("file"));
        try (TestServer s = new TestServer(notADir.resolve("sub"))) {
            assertEquals("-ERR Errors trying to SHUTDOWN. Check logs.\r\n", s.call("SHUTDOWN", "SAVE"));
            assertTrue(s.server.engine.isRunning());
            assertEquals("", s.call("SHUTDOWN", "SAVE", "FORCE"));
        }
    }

    @Test
    void defaultSavePointsAreRedisDefaults() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            assertEquals("*2\r\n$4\r\nsave\r\n$23\r\n3600 1 300 100 60 10000\r\n", s.call("CONFIG", "GET", "save"));
        }
    }

    @Test
    void flushallSavesTheEmptyDatasetOnlyWithSavePoints() throws Exception {
        try (TestServer s = new TestServer(dir, "save", "")) {
            s.call("SET", "key", "value");
            assertEquals("+OK\r\n", s.call("FLUSHALL"));
            assertEquals("2", info(s, "rdb_changes_since_last_save"), "the SET and the deleted key");
            assertTrue(Files.notExists(dir.resolve("dump.rdb")), "no save points: nothing saved");

            assertEquals("+OK\r\n", s.call("CONFIG", "SET", "save", "3600 1 300 100 60 10000"));
            s.call("SET", "key", "value");
            assertEquals("+OK\r\n", s.call("FLUSHALL", "SYNC"));
            assertEquals("0", info(s, "rdb_changes_since_last_save"));
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
        }
        try (TestServer s = new TestServer(dir)) {
            assertEquals(":0\r\n", s.call("DBSIZE"), "the saved file is the empty dataset");
        }
    }

    @Test
    void flushallStopsARunningBackgroundSave() throws Exception {
        try (TestServer s = new TestServer(dir, "save", "")) {
            populate(s, 0, KEYS);
            assertEquals("+Background saving started\r\n", s.call("BGSAVE"));
            assertEquals("+OK\r\n", s.call("FLUSHALL"));
            assertEquals("0", info(s, "rdb_bgsave_in_progress"));
            assertTrue(Long.parseLong(info(s, "rdb_changes_since_last_save")) >= KEYS, "the stopped save reset nothing");
            assertEquals("ok", info(s, "rdb_last_bgsave_status"), "stopping is not a failure (Redis's SIGUSR1)");
            assertEquals("+OK\r\n", s.call("SET", "x", "xx"));
            // the stopped writer thread may open its temp file after the FLUSHALL and delete it when it sees the
            // abort: the directory must stay empty for a while, not just once
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int emptyChecks = 0;
            while (emptyChecks < 30) {
                try (var files = Files.list(dir)) {
                    emptyChecks = files.findAny().isEmpty() ? emptyChecks + 1 : 0;
                }
                assertTrue(System.nanoTime() < deadline, "the stopped save left its temp file");
                Thread.sleep(10);
            }
        }
    }

    /**
     * A write to a big collection while the save encodes it slice by slice (the set's, hash's, zset's and list's
     * slicing seen in two steps first): the collection is completed as it was, so the file has the old value and
     * the engine the new one.
     */
    @Test
    void aWriteToABigCollectionBeingEncodedInSlicesLeavesTheFileAtTheOldValue() throws Exception {
        int n = 100_000;
        String before;
        String after;
        try (TestServer s = new TestServer(dir, "save", "")) {
            populate(s, 0, 1000);
            List<byte[][]> fill = new ArrayList<>();
            for (int start = 0; start < n; start += 1000) {
                List<String> set = new ArrayList<>(List.of("SADD", "bigset"));
                List<String> hash = new ArrayList<>(List.of("HSET", "bighash"));
                List<String> zset = new ArrayList<>(List.of("ZADD", "bigzset"));
                List<String> list = new ArrayList<>(List.of("RPUSH", "biglist"));
                for (int i = start; i < start + 1000; i++) {
                    set.add("member:" + i);
                    hash.addAll(List.of("field:" + i, "value:" + i));
                    zset.addAll(List.of(Integer.toString(i), "member:" + i));
                    list.add("element:" + i);
                }
                for (List<String> cmd : List.of(set, hash, zset, list)) fill.add(argv(cmd.toArray(new String[0])));
            }
            s.server.engine.call(2, 0, fill).get(60, TimeUnit.SECONDS);
            s.call("PEXPIREAT", "bighash", "4000000000000");
            before = s.call("DEBUG", "DIGEST");

            Engine engine = s.server.engine;
            CompletableFuture<Set<String>> changed = new CompletableFuture<>();
            engine.submit(() -> {
                try {
                    BackgroundSave bg = engine.backgroundSave();
                    Database db = engine.database(0);
                    Set<String> done = new HashSet<>();
                    String seen = null;
                    assertTrue(bg.start());
                    while (bg.walking()) {
                        bg.step();
                        String key = bg.slicing() == null ? null : new String(bg.slicing(), StandardCharsets.US_ASCII);
                        if (key == null || done.contains(key)) continue;
                        if (!key.equals(seen)) { // first seen: one more step before the write
                            seen = key;
                            continue;
                        }
                        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
                        db.lookupRead(k); // a read changes nothing
                        Object v = db.lookupWrite(k); // what every write command does first
                        assertNull(bg.slicing(), "the entry was completed before the write");
                        if (v instanceof SetValue set) set.add(argv("new")[0], 0);
                        else if (v instanceof HashValue h) h.set(argv("field:1")[0], argv("new")[0], 0, 0);
                        else if (v instanceof ZSetValue z) z.add(-1, argv("new")[0], 0, 0, 0);
                        else ((Quicklist) v).push(argv("new")[0], true);
                        db.setExpire(k, 4_100_000_000_000L);
                        done.add(key);
                    }
                    changed.complete(done);
                } catch (Throwable t) {
                    changed.completeExceptionally(t);
                }
            });
            assertEquals(Set.of("bigset", "bighash", "bigzset", "biglist"), changed.get(60, TimeUnit.SECONDS));
            awaitSave(s);
            assertEquals("ok", info(s, "rdb_last_bgsave_status"));
            after = s.call("DEBUG", "DIGEST");
            assertNotEquals(before, after);
        }
        try (TestServer s = new TestServer(dir)) {
            assertEquals(before, s.call("DEBUG", "DIGEST"), "the file has the values as they were at BGSAVE");
            assertEquals(":" + n + "\r\n", s.call("SCARD", "bigset"));
        }
    }
}
