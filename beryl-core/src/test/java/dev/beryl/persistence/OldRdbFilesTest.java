package dev.beryl.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RDB files of older Redis versions, from the Redis 7.0.15 test suite's assets (tests/assets, BSD licence):
 * a zipmap hash (RDB 3, Redis 2.4), a ziplist hash (RDB 9), a quicklist of ziplists (RDB 8, Redis 4.0.9), every
 * old encoding at once (RDB 4), a ziplist sorted set, and empty collections (which are skipped). Loaded as Redis
 * 7.0 loads them (tests/integration/convert-*-on-load.tcl, rdb.tcl, corrupt-dump.tcl); the digests and encodings
 * are those of redis-server 7.0.15 loading the same files.
 */
class OldRdbFilesTest {
    private static final String HASH_ZIPMAP = "524544495330303033fe0009046861736810020266310200763102663202007632ffff";
    private static final String HASH_ZIPLIST = "524544495330303039fa0972656469732d7665720b3235352e3235352e323535fa0a7265"
            + "6469732d62697473c040fa056374696d65c2c85c9660fa08757365642d6d656dc290ad0c00fa0c616f662d707265616d626c65c000"
            + "fe00fb01000d04686173681b1b00000016000000040000026631040276310402663204027632ffff4f9cd1fd16699883";
    private static final String LIST_QUICKLIST = "524544495330303038fa0972656469732d76657205342e302e39fa0a72656469732d62"
            + "697473c040fa056374696d65c29f062661fa08757365642d6d656dc280920700fa0c616f662d707265616d626c65c000fe00fb0200"
            + "0e046c697374010d0d0000000a000000010000f8ff000178c007ff3572f8541ac4d740";

    private static final String ENCODINGS = "524544495330303034fe0003047a7365740c026262023230026363023330036262620332303004626262620a353030303030"
            + "3030303003636363033330300463636363093132333435363738390161013102616102313001620132036161610331303001"
            + "630133046161616104313030300b0c7365745f7a69707065645f3110020000000400000001000200030004000a0b6c697374"
            + "5f7a6970706564303000000025000000080000c0010004c0020004c0030004016103016203016303d0a086010006e000bca0"
            + "6501000000ff0006737472696e670b48656c6c6f20576f726c64000c636f6d707265737369626c65c3094089016161e07c00"
            + "0161610b0c7365745f7a69707065645f32180400000004000000a0860100400d0300e0930400801a060000066e756d626572"
            + "c00a0b0c7365745f7a69707065645f3338080000000600000000ca9a3b000000000094357700000000005ed0b20000000000"
            + "286bee0000000000f2052a0100000000bca065010000000203736574080a36303030303030303030c2a08601000161c00101"
            + "62c0020163c00301046c69737418c001c002c003016101620163c2a08601000a36303030303030303030c001c002c0030161"
            + "01620163c2a08601000a36303030303030303030c001c002c003016101620163c2a08601000a363030303030303030300d0b"
            + "686173685f7a697070656420200000001b000000060000016103c0010004016203c0020004016303c00300ff0c0b7a736574"
            + "5f7a697070656420200000001b000000060000016103c0010004016203c0020004016303c00300ff0404686173680b0162c0"
            + "02026161c00a0163c00303616161c064026262c014026363c01e03626262c1c80003636363c12c0103646464c19001036565"
            + "650a353030303030303030300161c001ff";
    private static final String ZSET_ZIPLIST = "524544495330303130fa0972656469732d7665720b3235352e3235352e323535fa0a72656469732d62697473c040fa056374"
            + "696d65c262b71361fa08757365642d6d656dc250f40c00fa0c616f662d707265616d626c65c000fe00fb01000c047a736574"
            + "191900000016000000040000036f6e6505f2020374776f05f3ffff1fb2fdf0997f9e19";
    private static final String EMPTY_KEYS = "524544495330303130fa0972656469732d7665720b3235352e3235352e323535fa0a72656469732d62697473c040fa056374"
            + "696d65c27a181561fa08757365642d6d656dc280311000fa0c616f662d707265616d626c65c000fe00fb0900020373657400"
            + "040468617368000a0c6c6973745f7a69706c6973740b0b0000000a0000000000ff05047a73657400110d7a7365745f6c6973"
            + "747061636b07070000000000ff100c686173685f7a69706c69737407070000000000ff0e0e6c6973745f717569636b6c6973"
            + "74000c0c7a7365745f7a69706c6973740b0b0000000a0000000000ff0e1c6c6973745f717569636b6c6973745f656d707479"
            + "5f7a69706c697374010b0b0000000a0000000000fffff0f506ddc66e6183";

    @TempDir
    Path dir;

    private TestServer load(String hex, String... settings) throws Exception {
        Files.write(dir.resolve("dump.rdb"), HexFormat.of().parseHex(hex));
        return new TestServer(dir, settings);
    }

    @Test
    void zipmapHash() throws Exception {
        try (TestServer s = load(HASH_ZIPMAP)) {
            assertEquals("$8\r\nlistpack\r\n", s.call("OBJECT", "ENCODING", "hash"));
            assertEquals("*2\r\n$2\r\nv1\r\n$2\r\nv2\r\n", s.call("HMGET", "hash", "f1", "f2"));
        }
        try (TestServer s = load(HASH_ZIPMAP, "hash-max-listpack-entries", "1")) {
            assertEquals("$9\r\nhashtable\r\n", s.call("OBJECT", "ENCODING", "hash"));
        }
        try (TestServer s = load(HASH_ZIPMAP, "hash-max-listpack-value", "1")) {
            assertEquals("$9\r\nhashtable\r\n", s.call("OBJECT", "ENCODING", "hash"));
            assertEquals(":2\r\n", s.call("HLEN", "hash"));
        }
    }

    @Test
    void ziplistHash() throws Exception {
        try (TestServer s = load(HASH_ZIPLIST)) {
            assertEquals("$8\r\nlistpack\r\n", s.call("OBJECT", "ENCODING", "hash"));
            assertEquals("*2\r\n$2\r\nv1\r\n$2\r\nv2\r\n", s.call("HMGET", "hash", "f1", "f2"));
        }
        try (TestServer s = load(HASH_ZIPLIST, "hash-max-listpack-entries", "1")) {
            assertEquals("$9\r\nhashtable\r\n", s.call("OBJECT", "ENCODING", "hash"));
            assertEquals("*2\r\n$2\r\nv1\r\n$2\r\nv2\r\n", s.call("HMGET", "hash", "f1", "f2"));
        }
    }

    @Test
    void everyOldEncoding() throws Exception {
        try (TestServer s = load(ENCODINGS)) {
            assertEquals("+b7324c5e2d3a7618126155c2bf9e40c794649565\r\n", s.call("DEBUG", "DIGEST"));
            String[][] encodings = {{"number", "int"}, {"set", "hashtable"}, {"hash", "listpack"},
                {"compressible", "raw"}, {"zset", "listpack"}, {"zset_zipped", "listpack"}, {"hash_zipped", "listpack"},
                {"list", "quicklist"}, {"set_zipped_2", "intset"}, {"list_zipped", "quicklist"}, {"string", "embstr"},
                {"set_zipped_1", "intset"}, {"set_zipped_3", "intset"}};
            for (String[] e : encodings) {
                assertEquals("$" + e[1].length() + "\r\n" + e[1] + "\r\n", s.call("OBJECT", "ENCODING", e[0]), e[0]);
            }
        }
    }

    @Test
    void ziplistSortedSet() throws Exception {
        try (TestServer s = load(ZSET_ZIPLIST)) {
            assertEquals("+fa1ca919dcef4dea3e3e609298a9e329d3bb7c61\r\n", s.call("DEBUG", "DIGEST"));
            assertEquals("$8\r\nlistpack\r\n", s.call("OBJECT", "ENCODING", "zset"));
        }
        try (TestServer s = load(ZSET_ZIPLIST, "zset-max-listpack-entries", "1")) {
            assertEquals("$8\r\nskiplist\r\n", s.call("OBJECT", "ENCODING", "zset"));
            assertEquals("+fa1ca919dcef4dea3e3e609298a9e329d3bb7c61\r\n", s.call("DEBUG", "DIGEST"));
        }
    }

    /** corrupt-dump.tcl's "load corrupted rdb with empty keys": skipped, and logged as Redis logs them. */
    @ParameterizedTest
    @ValueSource(strings = {"no", "yes"})
    void emptyCollectionsAreSkipped(String sanitize) throws Exception {
        List<String> log = logOf(() -> {
            try (TestServer s = load(EMPTY_KEYS, "sanitize-dump-payload", sanitize)) {
                assertEquals(":0\r\n", s.call("DBSIZE"));
            }
        });
        for (String key : List.of("set", "list_quicklist", "list_quicklist_empty_ziplist", "list_ziplist", "hash",
                "hash_ziplist", "zset", "zset_ziplist", "zset_listpack")) {
            assertTrue(log.contains("rdbLoadObject skipping empty key: " + key), key + " in " + log);
        }
        assertTrue(log.contains("Done loading RDB, keys loaded: 0, keys expired: 0, empty keys skipped: 9."), log.toString());
    }

    /**
     * corrupt-dump.tcl's "load corrupted rdb with no CRC - #3505" (tests/assets/corrupt_ziplist.rdb): the start
     * fails, and the log tells what redis-check-rdb would: where, what, in which key.
     */
    @Test
    void corruptZiplistStopsTheStart() throws Exception {
        byte[] rdb;
        try (var in = OldRdbFilesTest.class.getResourceAsStream("corrupt_ziplist.rdb")) {
            rdb = in.readAllBytes();
        }
        List<String> log = logOf(() -> {
            Files.write(dir.resolve("dump.rdb"), rdb);
            IOException e = assertThrows(IOException.class, () -> new TestServer(dir, "sanitize-dump-payload", "no"));
            assertTrue(e.getMessage().contains("Hash ziplist integrity check failed."), e.getMessage());
        });
        assertTrue(log.contains("[offset 494] Hash ziplist integrity check failed."), log.toString());
        assertTrue(log.contains("[additional info] Reading key 'key:000000000091' of type hash-ziplist in DB 0"), log.toString());
        assertTrue(log.contains("[info] 15 keys loaded before it"), log.toString());
    }

    private interface Body {
        void run() throws Exception;
    }

    /** The messages of the dev.beryl loggers while body runs. */
    private static List<String> logOf(Body body) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) { log.add(r.getMessage()); }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger.getLogger("dev.beryl").addHandler(capture);
        try {
            body.run();
        } finally {
            Logger.getLogger("dev.beryl").removeHandler(capture);
        }
        return log;
    }

    @Test
    void quicklistOfZiplists() throws Exception {
        try (TestServer s = load(LIST_QUICKLIST)) {
            assertEquals("$1\r\n7\r\n", s.call("GET", "x"));
            assertEquals("$1\r\n7\r\n", s.call("LPOP", "list"));
        }
    }
}
