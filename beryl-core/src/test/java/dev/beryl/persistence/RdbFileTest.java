package dev.beryl.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SAVE, loading at start, DEBUG RELOAD, and what happens with files that cannot be loaded. */
class RdbFileTest {
    @TempDir
    Path dir;

    /** One key of each type and encoding, in three databases, some with a TTL. */
    static void fill(TestServer s) {
        s.call("SET", "str", "hello");
        s.call("SET", "int", "12345");
        s.call("SET", "long", "a".repeat(300));
        s.call("APPEND", "raw", "edited");
        s.call("INCR", "counter");
        s.call("SET", "ttl", "v", "PX", "100000000");
        s.call("RPUSH", "list", "a", "b", "1", "-2", "x".repeat(100));
        s.call("SADD", "intset", "1", "2", "-300000");
        s.call("SADD", "set", "a", "b", "c");
        s.call("HSET", "hash", "f", "v", "n", "7");
        s.call("HSET", "bighash", "f", "v".repeat(100));
        s.call("ZADD", "zset", "1", "a", "2.5", "b", "-inf", "c");
        s.call("ZADD", "bigzset", "1", "m".repeat(100), "3", "n");
        for (int i = 0; i < 600; i++) {
            s.call(5, "RPUSH", "biglist", "element-" + i);
            s.call(5, "SADD", "bigset", Integer.toString(i));
            s.call(5, "HSET", "manyfields", "f" + i, "v" + i);
            s.call(5, "ZADD", "manyscores", Integer.toString(i % 7), "m" + i);
        }
        s.call(15, "SET", "last", "db");
        s.call(15, "EXPIRE", "last", "100000");
    }

    private static String state(TestServer s) {
        StringBuilder b = new StringBuilder(s.call("DEBUG", "DIGEST"));
        for (int db : new int[] {0, 5, 15}) b.append(s.call(db, "DBSIZE"));
        for (String k : new String[] {"str", "int", "long", "raw", "counter", "list", "intset", "set", "hash", "bighash",
                "zset", "bigzset"}) {
            b.append(k).append(s.call("OBJECT", "ENCODING", k));
        }
        for (String k : new String[] {"biglist", "bigset", "manyfields", "manyscores"}) b.append(k).append(s.call(5, "OBJECT", "ENCODING", k));
        return b.toString();
    }

    @Test
    void saveThenStartAgainRestoresEverything() throws Exception {
        String before;
        long ttl;
        try (TestServer s = new TestServer(dir)) {
            fill(s);
            before = state(s);
            ttl = Long.parseLong(TestServer.text(s.call("PEXPIRETIME", "ttl")));
            assertEquals("+OK\r\n", s.call("SAVE"));
            assertTrue(s.call("INFO", "persistence").contains("rdb_changes_since_last_save:0\r\n"));
            long last = Long.parseLong(TestServer.text(s.call("LASTSAVE")));
            assertTrue(Math.abs(last - System.currentTimeMillis() / 1000) <= 2);
        }
        assertTrue(Files.exists(dir.resolve("dump.rdb")));
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temp file was renamed away");
        }
        try (TestServer s = new TestServer(dir)) {
            assertEquals(before, state(s));
            assertEquals(":" + ttl + "\r\n", s.call("PEXPIRETIME", "ttl"));
            assertTrue(s.call("INFO", "persistence").contains("rdb_last_load_keys_loaded:18"));
        }
    }

    @Test
    void expiredKeysAreNotLoaded() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            s.call("SET", "short", "v", "PX", "30");
            s.call("SET", "kept", "v");
            s.call("SAVE");
        }
        Thread.sleep(60);
        try (TestServer s = new TestServer(dir)) {
            assertEquals(":0\r\n", s.call("EXISTS", "short"));
            assertEquals(":1\r\n", s.call("EXISTS", "kept"));
            String info = s.call("INFO", "persistence");
            assertTrue(info.contains("rdb_last_load_keys_expired:1\r\n") && info.contains("rdb_last_load_keys_loaded:1\r\n"), info);
        }
    }

    @Test
    void debugReloadKeepsTheDataset() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            fill(s);
            String before = state(s);
            assertEquals("+OK\r\n", s.call("DEBUG", "RELOAD"));
            assertEquals(before, state(s));
            assertEquals("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n", s.call("DEBUG", "RELOAD", "FAST"));
            // NOFLUSH without MERGE: a key both in memory and in the file makes the reload fail, changing nothing
            s.call("SET", "str", "changed");
            assertEquals("-ERR Error trying to load the RDB dump\r\n", s.call("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH"));
            assertEquals("$7\r\nchanged\r\n", s.call("GET", "str"));
            // MERGE: the file's version wins, keys only in memory stay
            s.call("SET", "memoryonly", "1");
            assertEquals("+OK\r\n", s.call("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"));
            assertEquals("$5\r\nhello\r\n", s.call("GET", "str"));
            assertEquals(":1\r\n", s.call("EXISTS", "memoryonly"));
            // NOSAVE with no file: an error, and the data is still there
            Files.delete(dir.resolve("dump.rdb"));
            assertEquals("-ERR Error trying to load the RDB dump\r\n", s.call("DEBUG", "RELOAD", "NOSAVE"));
            assertEquals(":1\r\n", s.call("EXISTS", "memoryonly"));
        }
    }

    private byte[] savedFile() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            fill(s);
            s.call("SAVE");
        }
        return Files.readAllBytes(dir.resolve("dump.rdb"));
    }

    /** Starting on a bad file fails with a message naming the problem and the offset, and leaves the file alone. */
    private String refusedStart(byte[] content) throws Exception {
        Path f = dir.resolve("dump.rdb");
        Files.write(f, content);
        IOException e = assertThrows(IOException.class, () -> new TestServer(dir).close());
        assertArrayEquals(content, Files.readAllBytes(f));
        return e.getMessage();
    }

    @Test
    void corruptTruncatedOrForeignFilesAreRefused() throws Exception {
        byte[] good = savedFile();
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 30);
        assertTrue(refusedStart(truncated).contains("Unexpected end of data (at offset"), refusedStart(truncated));
        byte[] flipped = good.clone();
        flipped[good.length - 20] ^= 0x40;
        String m = refusedStart(flipped);
        assertTrue(m.contains("Wrong RDB checksum") || m.contains("at offset"), m);
        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        assertTrue(refusedStart(badMagic).contains("Wrong signature"));
        byte[] newer = good.clone();
        newer[8] = '1'; // REDIS0011
        assertTrue(refusedStart(newer).contains("Can't handle RDB format version 0011"));
        // a module AUX opcode right after the header
        byte[] module = HexFormat.of().parseHex("524544495330303130f7");
        assertTrue(refusedStart(module).contains("AUX module data"));
        // a listpack hash whose second entry has a wrong back-length, inside a key (zero checksum: not checked)
        byte[] bad = HexFormat.of().parseHex("524544495330303130" + "fe00" + "10" + "0168"
                + "0d" + "0d000000" + "0200" + "816602" + "817603" + "ff" + "ff" + "0000000000000000");
        m = refusedStart(bad);
        assertTrue(m.contains("Hash listpack integrity check failed. (at offset") && m.contains("key 'h' of type hash-listpack in DB 0"), m);
        // the same key twice
        byte[] twice = HexFormat.of().parseHex("524544495330303130" + "fe00" + "00016101" + "31" + "00016101" + "32"
                + "ff" + "0000000000000000");
        assertTrue(refusedStart(twice).contains("RDB has duplicated key 'a' in DB 0"));
    }

    @Test
    void aFileForMoreDatabasesIsRefused() throws Exception {
        savedFile();
        IOException e = assertThrows(IOException.class, () -> new TestServer(dir, "databases", "4").close());
        assertTrue(e.getMessage().contains("configured to handle more than 4 databases"), e.getMessage());
    }

    @Test
    void withoutChecksumTheFileEndsInZerosAndStillLoads() throws Exception {
        try (TestServer s = new TestServer(dir, "rdbchecksum", "no")) {
            s.call("SET", "k", "v");
            s.call("SAVE");
        }
        byte[] f = Files.readAllBytes(dir.resolve("dump.rdb"));
        for (int i = f.length - 8; i < f.length; i++) assertEquals(0, f[i]);
        try (TestServer s = new TestServer(dir)) {
            assertEquals("$1\r\nv\r\n", s.call("GET", "k"));
        }
    }

    @Test
    void saveFailsCleanlyWhenTheDirectoryCannotBeWritten() throws Exception {
        Path file = dir.resolve("notadir");
        Files.write(file, new byte[] {1});
        try (TestServer s = new TestServer(file.resolve("sub"))) {
            s.call("SET", "k", "v");
            assertEquals("-ERR\r\n", s.call("SAVE"));
            assertEquals("-ERR\r\n", s.call("DEBUG", "RELOAD"));
            assertEquals("$1\r\nv\r\n", s.call("GET", "k"));
        }
        assertFalse(Files.exists(file.resolve("sub")));
    }
}
