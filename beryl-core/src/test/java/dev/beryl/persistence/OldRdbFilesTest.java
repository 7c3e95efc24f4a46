package dev.beryl.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RDB files of older Redis versions, from the Redis 7.0.15 test suite's assets (tests/assets, BSD licence):
 * a zipmap hash (RDB 3, Redis 2.4), a ziplist hash (RDB 9) and a quicklist of ziplists (RDB 8, Redis 4.0.9).
 * Loaded as Redis 7.0 loads them (tests/integration/convert-*-on-load.tcl and rdb.tcl).
 */
class OldRdbFilesTest {
    private static final String HASH_ZIPMAP = "524544495330303033fe0009046861736810020266310200763102663202007632ffff";
    private static final String HASH_ZIPLIST = "524544495330303039fa0972656469732d7665720b3235352e3235352e323535fa0a7265"
            + "6469732d62697473c040fa056374696d65c2c85c9660fa08757365642d6d656dc290ad0c00fa0c616f662d707265616d626c65c000"
            + "fe00fb01000d04686173681b1b00000016000000040000026631040276310402663204027632ffff4f9cd1fd16699883";
    private static final String LIST_QUICKLIST = "524544495330303038fa0972656469732d76657205342e302e39fa0a72656469732d62"
            + "697473c040fa056374696d65c29f062661fa08757365642d6d656dc280920700fa0c616f662d707265616d626c65c000fe00fb0200"
            + "0e046c697374010d0d0000000a000000010000f8ff000178c007ff3572f8541ac4d740";

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
    void quicklistOfZiplists() throws Exception {
        try (TestServer s = load(LIST_QUICKLIST)) {
            assertEquals("$1\r\n7\r\n", s.call("GET", "x"));
            assertEquals("$1\r\n7\r\n", s.call("LPOP", "list"));
        }
    }
}
