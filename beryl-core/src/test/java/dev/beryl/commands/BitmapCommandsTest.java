package dev.beryl.commands;

import dev.beryl.types.RawString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import java.util.Random;

import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO replies, as Redis 7.0 gives them. */
class BitmapCommandsTest {
    private static final String BIT_OFFSET = error("ERR bit offset is not an integer or out of range");
    private static final String BIT_VALUE = error("ERR bit is not an integer or out of range");
    private static final String OK = "+OK\r\n";
    private static final String NIL = "$-1\r\n";
    private static final String EMPTY = "$0\r\n\r\n";
    private static final String SYNTAX = error("ERR syntax error");
    private static final String NOT_INTEGER = error("ERR value is not an integer or out of range");
    private static final String WRONGTYPE = error("WRONGTYPE Operation against a key holding the wrong kind of value");
    private static CommandCalls h;

    @BeforeAll
    static void start() {
        h = new CommandCalls();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void flush() {
        assertEquals(OK, h.call("FLUSHALL"));
    }

    private static String call(String... args) {
        return h.call(args);
    }

    private static String resp3(String... args) {
        return h.call3(args);
    }

    private static String encoding(String key) {
        String r = h.call("OBJECT", "ENCODING", key);
        return r.substring(r.indexOf('\n') + 1, r.length() - 2);
    }

    private static long info(String field) {
        return h.info(field);
    }

    /** Makes key a set, to provoke WRONGTYPE. */
    private static void wrongType(String key) {
        assertEquals(integer(1), h.call("SADD", key, "m"));
    }

    private static void config(String name, String value) {
        assertEquals(OK, h.call("CONFIG", "SET", name, value));
    }

    /** The absolute expire time in unix ms, or -1. */
    private static long expireAt(String key) {
        String r = h.call("PEXPIRETIME", key);
        return Long.parseLong(r.substring(1, r.length() - 2));
    }

    /** The stored value object itself (to check representations and identity). */
    private static Object value(String key) {
        Object[] v = new Object[1];
        h.onEngine(() -> v[0] = h.server.engine.database(h.db).peek(key.getBytes(StandardCharsets.ISO_8859_1)));
        return v[0];
    }

    @Test
    void setbitAndGetbit() {
        assertEquals(integer(0), call("SETBIT", "k", "1", "1"));
        assertEquals(bulk("@"), call("GET", "k"));
        assertEquals("raw", encoding("k"));
        assertEquals(integer(1), call("SETBIT", "k", "1", "0"));
        assertEquals(bulk("\u0000"), call("GET", "k"));
        call("SET", "i", "1");
        assertEquals(integer(0), call("SETBIT", "i", "6", "1"));
        assertEquals(bulk("3"), call("GET", "i"));
        assertEquals(integer(1), call("GETBIT", "i", "2"));
        assertEquals(integer(0), call("GETBIT", "i", "10000"));
        assertEquals(integer(0), call("GETBIT", "none", "0"));
        assertEquals(integer(0), call("SETBIT", "far", "100", "1"));
        assertEquals(integer(13), call("STRLEN", "far"));
    }

    @Test
    void setbitErrors() {
        assertEquals(BIT_OFFSET, call("SETBIT", "k", "4294967296", "1"));
        assertEquals(BIT_OFFSET, call("SETBIT", "k", "-1", "1"));
        assertEquals(BIT_OFFSET, call("GETBIT", "k", "x"));
        for (String bad : new String[] {"-1", "2", "10", "x", "01"}) {
            assertEquals(BIT_VALUE, call("SETBIT", "k", "0", bad), bad);
        }
        assertEquals(NIL, call("GET", "k"));
        wrongType("l");
        assertEquals(error("WRONGTYPE Operation against a key holding the wrong kind of value"),
                call("SETBIT", "l", "0", "1"));
        assertEquals(WRONGTYPE, call("GETBIT", "l", "0"));
    }

    @Test
    void setbitFuzzAgainstAModel() {
        Random r = new Random(7);
        boolean[] model = new boolean[2048];
        for (int i = 0; i < 500; i++) {
            int bit = r.nextInt(model.length);
            boolean on = r.nextBoolean();
            assertEquals(integer(model[bit] ? 1 : 0), call("SETBIT", "f", String.valueOf(bit), on ? "1" : "0"));
            model[bit] = on;
        }
        for (int bit = 0; bit < model.length; bit += 37) {
            assertEquals(integer(model[bit] ? 1 : 0), call("GETBIT", "f", String.valueOf(bit)));
        }
    }

    @Test
    void setbitDirtyOnlyWhenSomethingChanges() {
        call("SETBIT", "k", "7", "1");
        long d = info("rdb_changes_since_last_save");
        call("SETBIT", "k", "7", "1");
        assertEquals(d, info("rdb_changes_since_last_save"));
        call("SETBIT", "k", "7", "0");
        call("SETBIT", "k", "15", "0");
        assertEquals(d + 2, info("rdb_changes_since_last_save"));
    }

    @Test
    void bitcount() {
        call("SET", "s", "foobar");
        assertEquals(integer(26), call("BITCOUNT", "s"));
        assertEquals(integer(4), call("BITCOUNT", "s", "0", "0"));
        assertEquals(integer(6), call("BITCOUNT", "s", "1", "1", "BYTE"));
        assertEquals(integer(17), call("BITCOUNT", "s", "5", "30", "BIT"));
        assertEquals(integer(26), call("BITCOUNT", "s", "0", "-1", "bit"));
        assertEquals(integer(0), call("BITCOUNT", "s", "-1", "-2"));
        assertEquals(integer(0), call("BITCOUNT", "s", "-1", "-2", "foo"), "empty range before the unit check");
        assertEquals(SYNTAX, call("BITCOUNT", "s", "0", "1", "foo"));
        assertEquals(SYNTAX, call("BITCOUNT", "s", "0"));
        assertEquals(NOT_INTEGER, call("BITCOUNT", "s", "x", "1"));
        assertEquals(integer(0), call("BITCOUNT", "none", "x"));
        call("SET", "n", "1234");
        assertEquals(integer(13), call("BITCOUNT", "n"));
        wrongType("l");
        assertEquals(WRONGTYPE, call("BITCOUNT", "l"));
    }

    @Test
    void bitpos() {
        call("SETRANGE", "p", "0", "\u00ff\u00f0\u0000");
        assertEquals(integer(12), call("BITPOS", "p", "0"));
        assertEquals(integer(0), call("BITPOS", "p", "1"));
        assertEquals(integer(-1), call("BITPOS", "p", "1", "2"));
        assertEquals(integer(7), call("BITPOS", "p", "1", "7", "15", "BIT"));
        assertEquals(integer(-1), call("BITPOS", "p", "0", "0", "11", "BIT"));
        assertEquals(integer(12), call("BITPOS", "p", "0", "0", "12", "BIT"));
        call("SETRANGE", "ff", "0", "\u00ff\u00ff\u00ff");
        assertEquals(integer(24), call("BITPOS", "ff", "0"));
        assertEquals(integer(24), call("BITPOS", "ff", "0", "0"));
        assertEquals(integer(-1), call("BITPOS", "ff", "0", "0", "-1"));
        assertEquals(integer(-1), call("BITPOS", "none", "1"));
        assertEquals(integer(0), call("BITPOS", "none", "0", "x"));
        assertEquals(error("ERR The bit argument must be 1 or 0."), call("BITPOS", "p", "2"));
        assertEquals(NOT_INTEGER, call("BITPOS", "p", "x"));
        assertEquals(SYNTAX, call("BITPOS", "p", "1", "0", "x", "foo"));
        assertEquals(NOT_INTEGER, call("BITPOS", "p", "1", "0", "x"));
        assertEquals(SYNTAX, call("BITPOS", "p", "1", "0", "1", "bit", "more"));
    }

    @Test
    void bitop() {
        call("SET", "a", "\u0001\u0002");
        call("SET", "b", "\u00f0");
        assertEquals(integer(2), call("BITOP", "AND", "d", "a", "b"));
        assertEquals(bulk("\u0000\u0000"), call("GET", "d"));
        assertInstanceOf(RawString.class, value("d"));
        assertEquals(integer(2), call("BITOP", "or", "d", "a", "b", "none"));
        assertEquals(bulk("\u00f1\u0002"), call("GET", "d"));
        assertEquals(integer(2), call("BITOP", "XOR", "d", "a", "b"));
        assertEquals(bulk("\u00f1\u0002"), call("GET", "d"));
        assertEquals(integer(2), call("BITOP", "NOT", "d", "a"));
        assertEquals(bulk("\u00fe\u00fd"), call("GET", "d"));
        assertEquals(error("ERR BITOP NOT must be called with a single source key."),
                call("BITOP", "NOT", "d", "a", "b"));
        assertEquals(SYNTAX, call("BITOP", "NAND", "d", "a"));
        assertEquals(integer(0), call("BITOP", "AND", "d", "none", "none2"));
        assertEquals(NIL, call("GET", "d"), "an empty result deletes the destination");
        wrongType("l");
        assertEquals(WRONGTYPE, call("BITOP", "OR", "d", "a", "l"));
    }

    @Test
    void bitfield() {
        assertEquals("*2\r\n:0\r\n:255\r\n", call("BITFIELD", "f", "SET", "u8", "0", "255", "GET", "u8", "0"));
        assertEquals("*1\r\n:9\r\n", call("BITFIELD", "f", "INCRBY", "u8", "0", "10"));
        assertEquals("*1\r\n:255\r\n", call("BITFIELD", "f", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "300"));
        assertEquals("*1\r\n$-1\r\n", call("BITFIELD", "f", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1"));
        assertEquals("*3\r\n:-1\r\n:-100\r\n:156\r\n",
                call("BITFIELD", "f", "SET", "i8", "0", "-100", "GET", "i8", "0", "GET", "u8", "0"));
        assertEquals("*1\r\n:-128\r\n", call("BITFIELD", "f", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-100"));
        assertEquals("*1\r\n:28\r\n", call("BITFIELD", "f", "OVERFLOW", "WRAP", "INCRBY", "i8", "0", "-100"));
        assertEquals("*3\r\n:0\r\n:200\r\n:200\r\n",
                call("BITFIELD", "f", "SET", "u8", "#1", "200", "GET", "u8", "#1", "GET", "u8", "8"));
        assertEquals("*4\r\n:0\r\n:-9223372036854775808\r\n:-9223372036854775807\r\n:-9223372036854775806\r\n",
                call("BITFIELD", "g", "SET", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "1",
                        "OVERFLOW", "SAT", "INCRBY", "i64", "0", "1", "OVERFLOW", "FAIL", "INCRBY", "i64", "0", "1"));
        assertEquals("*2\r\n$-1\r\n:0\r\n",
                call("BITFIELD", "h", "OVERFLOW", "FAIL", "SET", "u8", "0", "256", "SET", "u8", "0", "1"));
        assertEquals("*0\r\n", call("BITFIELD", "f"));
        assertEquals("*1\r\n:0\r\n", call("BITFIELD_RO", "none", "GET", "u8", "0"));
    }

    @Test
    void bitfieldErrors() {
        String type = error("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported"
                + " but i64 is.");
        assertEquals(type, call("BITFIELD", "f", "GET", "u64", "0"));
        assertEquals(type, call("BITFIELD", "f", "GET", "i65", "0"));
        assertEquals(type, call("BITFIELD", "f", "GET", "i0", "0"));
        assertEquals(type, call("BITFIELD", "f", "GET", "x8", "0"));
        assertEquals(BIT_OFFSET, call("BITFIELD", "f", "GET", "u8", "-1"));
        assertEquals(NOT_INTEGER, call("BITFIELD", "f", "SET", "u8", "0", "x"));
        assertEquals(error("ERR Invalid OVERFLOW type specified"), call("BITFIELD", "f", "OVERFLOW", "foo"));
        assertEquals(SYNTAX, call("BITFIELD", "f", "GET", "u8"));
        assertEquals(SYNTAX, call("BITFIELD", "f", "foo"));
        assertEquals(error("ERR BITFIELD_RO only supports the GET subcommand"),
                call("BITFIELD_RO", "f", "SET", "u8", "0", "1"));
        assertEquals(NIL, call("GET", "f"), "nothing is written when an operation is refused");
        wrongType("l");
        assertEquals(WRONGTYPE, call("BITFIELD", "l", "GET", "u8", "0"));
        assertEquals(WRONGTYPE, call("BITFIELD", "l", "SET", "u8", "0", "1"));
    }
}
