package dev.beryl.commands;

import dev.beryl.types.RawString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Random;

import static dev.beryl.commands.CommandCalls.NIL;
import static dev.beryl.commands.CommandCalls.NOT_INTEGER;
import static dev.beryl.commands.CommandCalls.SYNTAX;
import static dev.beryl.commands.CommandCalls.WRONGTYPE;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO replies, as Redis 7.0 gives them. */
class BitmapCommandsTest {
    private static final String BIT_OFFSET = error("ERR bit offset is not an integer or out of range");
    private static final String BIT_VALUE = error("ERR bit is not an integer or out of range");
    private static final String EMPTY = "$0\r\n\r\n";

    @RegisterExtension
    static final CommandCalls h = CommandCalls.emptyEachTest();

    @Test
    void setbitAndGetbit() {
        assertEquals(integer(0), h.call("SETBIT", "k", "1", "1"));
        assertEquals(bulk("@"), h.call("GET", "k"));
        assertEquals("raw", h.encoding("k"));
        assertEquals(integer(1), h.call("SETBIT", "k", "1", "0"));
        assertEquals(bulk("\u0000"), h.call("GET", "k"));
        h.call("SET", "i", "1");
        assertEquals(integer(0), h.call("SETBIT", "i", "6", "1"));
        assertEquals(bulk("3"), h.call("GET", "i"));
        assertEquals(integer(1), h.call("GETBIT", "i", "2"));
        assertEquals(integer(0), h.call("GETBIT", "i", "10000"));
        assertEquals(integer(0), h.call("GETBIT", "none", "0"));
        assertEquals(integer(0), h.call("SETBIT", "far", "100", "1"));
        assertEquals(integer(13), h.call("STRLEN", "far"));
    }

    @Test
    void setbitErrors() {
        assertEquals(BIT_OFFSET, h.call("SETBIT", "k", "4294967296", "1"));
        assertEquals(BIT_OFFSET, h.call("SETBIT", "k", "-1", "1"));
        assertEquals(BIT_OFFSET, h.call("GETBIT", "k", "x"));
        for (String bad : new String[] {"-1", "2", "10", "x", "01"}) {
            assertEquals(BIT_VALUE, h.call("SETBIT", "k", "0", bad), bad);
        }
        assertEquals(NIL, h.call("GET", "k"));
        h.wrongType("l");
        assertEquals(error("WRONGTYPE Operation against a key holding the wrong kind of value"),
                h.call("SETBIT", "l", "0", "1"));
        assertEquals(WRONGTYPE, h.call("GETBIT", "l", "0"));
    }

    @Test
    void setbitFuzzAgainstAModel() {
        Random r = new Random(7);
        boolean[] model = new boolean[2048];
        for (int i = 0; i < 500; i++) {
            int bit = r.nextInt(model.length);
            boolean on = r.nextBoolean();
            assertEquals(integer(model[bit] ? 1 : 0), h.call("SETBIT", "f", String.valueOf(bit), on ? "1" : "0"));
            model[bit] = on;
        }
        for (int bit = 0; bit < model.length; bit += 37) {
            assertEquals(integer(model[bit] ? 1 : 0), h.call("GETBIT", "f", String.valueOf(bit)));
        }
    }

    @Test
    void setbitDirtyOnlyWhenSomethingChanges() {
        h.call("SETBIT", "k", "7", "1");
        long d = h.info("rdb_changes_since_last_save");
        h.call("SETBIT", "k", "7", "1");
        assertEquals(d, h.info("rdb_changes_since_last_save"));
        h.call("SETBIT", "k", "7", "0");
        h.call("SETBIT", "k", "15", "0");
        assertEquals(d + 2, h.info("rdb_changes_since_last_save"));
    }

    @Test
    void bitcount() {
        h.call("SET", "s", "foobar");
        assertEquals(integer(26), h.call("BITCOUNT", "s"));
        assertEquals(integer(4), h.call("BITCOUNT", "s", "0", "0"));
        assertEquals(integer(6), h.call("BITCOUNT", "s", "1", "1", "BYTE"));
        assertEquals(integer(17), h.call("BITCOUNT", "s", "5", "30", "BIT"));
        assertEquals(integer(26), h.call("BITCOUNT", "s", "0", "-1", "bit"));
        assertEquals(integer(0), h.call("BITCOUNT", "s", "-1", "-2"));
        assertEquals(integer(0), h.call("BITCOUNT", "s", "-1", "-2", "foo"), "empty range before the unit check");
        assertEquals(SYNTAX, h.call("BITCOUNT", "s", "0", "1", "foo"));
        assertEquals(SYNTAX, h.call("BITCOUNT", "s", "0"));
        assertEquals(NOT_INTEGER, h.call("BITCOUNT", "s", "x", "1"));
        assertEquals(integer(0), h.call("BITCOUNT", "none", "x"));
        h.call("SET", "n", "1234");
        assertEquals(integer(13), h.call("BITCOUNT", "n"));
        h.wrongType("l");
        assertEquals(WRONGTYPE, h.call("BITCOUNT", "l"));
    }

    @Test
    void bitpos() {
        h.call("SETRANGE", "p", "0", "\u00ff\u00f0\u0000");
        assertEquals(integer(12), h.call("BITPOS", "p", "0"));
        assertEquals(integer(0), h.call("BITPOS", "p", "1"));
        assertEquals(integer(-1), h.call("BITPOS", "p", "1", "2"));
        assertEquals(integer(7), h.call("BITPOS", "p", "1", "7", "15", "BIT"));
        assertEquals(integer(-1), h.call("BITPOS", "p", "0", "0", "11", "BIT"));
        assertEquals(integer(12), h.call("BITPOS", "p", "0", "0", "12", "BIT"));
        h.call("SETRANGE", "ff", "0", "\u00ff\u00ff\u00ff");
        assertEquals(integer(24), h.call("BITPOS", "ff", "0"));
        assertEquals(integer(24), h.call("BITPOS", "ff", "0", "0"));
        assertEquals(integer(-1), h.call("BITPOS", "ff", "0", "0", "-1"));
        assertEquals(integer(-1), h.call("BITPOS", "none", "1"));
        assertEquals(integer(0), h.call("BITPOS", "none", "0", "x"));
        assertEquals(error("ERR The bit argument must be 1 or 0."), h.call("BITPOS", "p", "2"));
        assertEquals(NOT_INTEGER, h.call("BITPOS", "p", "x"));
        assertEquals(SYNTAX, h.call("BITPOS", "p", "1", "0", "x", "foo"));
        assertEquals(NOT_INTEGER, h.call("BITPOS", "p", "1", "0", "x"));
        assertEquals(SYNTAX, h.call("BITPOS", "p", "1", "0", "1", "bit", "more"));
    }

    @Test
    void bitop() {
        h.call("SET", "a", "\u0001\u0002");
        h.call("SET", "b", "\u00f0");
        assertEquals(integer(2), h.call("BITOP", "AND", "d", "a", "b"));
        assertEquals(bulk("\u0000\u0000"), h.call("GET", "d"));
        assertInstanceOf(RawString.class, h.value("d"));
        assertEquals(integer(2), h.call("BITOP", "or", "d", "a", "b", "none"));
        assertEquals(bulk("\u00f1\u0002"), h.call("GET", "d"));
        assertEquals(integer(2), h.call("BITOP", "XOR", "d", "a", "b"));
        assertEquals(bulk("\u00f1\u0002"), h.call("GET", "d"));
        assertEquals(integer(2), h.call("BITOP", "NOT", "d", "a"));
        assertEquals(bulk("\u00fe\u00fd"), h.call("GET", "d"));
        assertEquals(error("ERR BITOP NOT must be called with a single source key."),
                h.call("BITOP", "NOT", "d", "a", "b"));
        assertEquals(SYNTAX, h.call("BITOP", "NAND", "d", "a"));
        assertEquals(integer(0), h.call("BITOP", "AND", "d", "none", "none2"));
        assertEquals(NIL, h.call("GET", "d"), "an empty result deletes the destination");
        h.wrongType("l");
        assertEquals(WRONGTYPE, h.call("BITOP", "OR", "d", "a", "l"));
    }

    @Test
    void bitfield() {
        assertEquals("*2\r\n:0\r\n:255\r\n", h.call("BITFIELD", "f", "SET", "u8", "0", "255", "GET", "u8", "0"));
        assertEquals("*1\r\n:9\r\n", h.call("BITFIELD", "f", "INCRBY", "u8", "0", "10"));
        assertEquals("*1\r\n:255\r\n", h.call("BITFIELD", "f", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "300"));
        assertEquals("*1\r\n$-1\r\n", h.call("BITFIELD", "f", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1"));
        assertEquals("*3\r\n:-1\r\n:-100\r\n:156\r\n",
                h.call("BITFIELD", "f", "SET", "i8", "0", "-100", "GET", "i8", "0", "GET", "u8", "0"));
        assertEquals("*1\r\n:-128\r\n", h.call("BITFIELD", "f", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-100"));
        assertEquals("*1\r\n:28\r\n", h.call("BITFIELD", "f", "OVERFLOW", "WRAP", "INCRBY", "i8", "0", "-100"));
        assertEquals("*3\r\n:0\r\n:200\r\n:200\r\n",
                h.call("BITFIELD", "f", "SET", "u8", "#1", "200", "GET", "u8", "#1", "GET", "u8", "8"));
        assertEquals("*4\r\n:0\r\n:-9223372036854775808\r\n:-9223372036854775807\r\n:-9223372036854775806\r\n",
                h.call("BITFIELD", "g", "SET", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "1",
                        "OVERFLOW", "SAT", "INCRBY", "i64", "0", "1", "OVERFLOW", "FAIL", "INCRBY", "i64", "0", "1"));
        assertEquals("*2\r\n$-1\r\n:0\r\n",
                h.call("BITFIELD", "h", "OVERFLOW", "FAIL", "SET", "u8", "0", "256", "SET", "u8", "0", "1"));
        assertEquals("*0\r\n", h.call("BITFIELD", "f"));
        assertEquals("*1\r\n:0\r\n", h.call("BITFIELD_RO", "none", "GET", "u8", "0"));
    }

    @Test
    void bitfieldErrors() {
        String type = error("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported"
                + " but i64 is.");
        assertEquals(type, h.call("BITFIELD", "f", "GET", "u64", "0"));
        assertEquals(type, h.call("BITFIELD", "f", "GET", "i65", "0"));
        assertEquals(type, h.call("BITFIELD", "f", "GET", "i0", "0"));
        assertEquals(type, h.call("BITFIELD", "f", "GET", "x8", "0"));
        assertEquals(BIT_OFFSET, h.call("BITFIELD", "f", "GET", "u8", "-1"));
        assertEquals(NOT_INTEGER, h.call("BITFIELD", "f", "SET", "u8", "0", "x"));
        assertEquals(error("ERR Invalid OVERFLOW type specified"), h.call("BITFIELD", "f", "OVERFLOW", "foo"));
        assertEquals(SYNTAX, h.call("BITFIELD", "f", "GET", "u8"));
        assertEquals(SYNTAX, h.call("BITFIELD", "f", "foo"));
        assertEquals(error("ERR BITFIELD_RO only supports the GET subcommand"),
                h.call("BITFIELD_RO", "f", "SET", "u8", "0", "1"));
        assertEquals(NIL, h.call("GET", "f"), "nothing is written when an operation is refused");
        h.wrongType("l");
        assertEquals(WRONGTYPE, h.call("BITFIELD", "l", "GET", "u8", "0"));
        assertEquals(WRONGTYPE, h.call("BITFIELD", "l", "SET", "u8", "0", "1"));
    }
}
