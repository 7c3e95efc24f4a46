package dev.beryl.commands;

import dev.beryl.types.RawString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static dev.beryl.commands.CommandCalls.NIL;
import static dev.beryl.commands.CommandCalls.NOT_INTEGER;
import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.SYNTAX;
import static dev.beryl.commands.CommandCalls.WRONGTYPE;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replies (exact RESP bytes), stored values, TTLs and dirty counts of the string commands, as Redis 7.0. */
class StringCommandsTest {
    private static final String EMPTY = "$0\r\n\r\n";

    @RegisterExtension
    static final CommandCalls h = CommandCalls.emptyEachTest();

    private static String invalidExpire(String cmd) {
        return error("ERR invalid expire time in '" + cmd + "' command");
    }

    // ---- GET / SET

    @Test
    void getAndSet() {
        assertEquals(NIL, h.call("GET", "k"));
        assertEquals("_\r\n", h.call3("GET", "k"));
        assertEquals(OK, h.call("SET", "k", "v"));
        assertEquals(bulk("v"), h.call("get", "k"));
        assertEquals(OK, h.call("SET", "k", ""));
        assertEquals(EMPTY, h.call("GET", "k"));
        assertEquals(OK, h.call("SET", "bin", "a\r\n\u0000\u00ff"));
        assertEquals("$5\r\na\r\n\u0000\u00ff\r\n", h.call("GET", "bin"));
    }

    @Test
    void setConditions() {
        assertEquals(OK, h.call("SET", "k", "1", "NX"));
        assertEquals(NIL, h.call("SET", "k", "2", "nx"));
        assertEquals(OK, h.call("SET", "k", "3", "XX"));
        assertEquals(NIL, h.call("SET", "missing", "3", "XX"));
        assertEquals(bulk("3"), h.call("GET", "k"));
        assertEquals(NIL, h.call("GET", "missing"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "NX", "XX"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "XX", "NX"));
        assertEquals(NIL, h.call("SET", "k", "v", "NX", "NX"));
        assertEquals(OK, h.call("SET", "k", "v", "XX", "XX"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "foo"));
    }

    @Test
    void setGetOption() {
        assertEquals(NIL, h.call("SET", "k", "a", "GET"));
        assertEquals(bulk("a"), h.call("SET", "k", "b", "GET"));
        assertEquals(bulk("b"), h.call("SET", "k", "c", "GET", "NX"));
        assertEquals(bulk("b"), h.call("GET", "k"));
        assertEquals(NIL, h.call("SET", "none", "c", "GET", "XX"));
        assertEquals(NIL, h.call("GET", "none"));
        assertEquals(bulk("b"), h.call("SET", "k", "d", "get", "xx", "GET"));
        h.wrongType("list");
        assertEquals(WRONGTYPE, h.call("SET", "list", "v", "GET"));
        assertEquals("+set\r\n", h.call("TYPE", "list"));
        assertEquals(OK, h.call("SET", "list", "v"));
    }

    @Test
    void setExpireOptions() {
        long before = System.currentTimeMillis();
        assertEquals(OK, h.call("SET", "k", "v", "EX", "100"));
        long at = h.expireAt("k");
        assertTrue(at >= before + 100_000 && at <= System.currentTimeMillis() + 100_000, "EX sets ttl");
        assertEquals(OK, h.call("SET", "k", "v", "PX", "5000"));
        assertTrue(h.expireAt("k") <= System.currentTimeMillis() + 5000);
        assertEquals(OK, h.call("SET", "k", "v", "EXAT", "4000000000"));
        assertEquals(4_000_000_000_000L, h.expireAt("k"));
        assertEquals(OK, h.call("SET", "k", "v", "PXAT", "4000000000123"));
        assertEquals(4_000_000_000_123L, h.expireAt("k"));
        assertEquals(OK, h.call("SET", "k", "w", "KEEPTTL"));
        assertEquals(4_000_000_000_123L, h.expireAt("k"));
        assertEquals(OK, h.call("SET", "k", "x"));
        assertEquals(-1, h.expireAt("k"));
        assertEquals(OK, h.call("SET", "k", "v", "EX", "10", "EX", "20"));
        assertTrue(h.expireAt("k") > System.currentTimeMillis() + 15_000, "the last EX wins");
        assertEquals(OK, h.call("SET", "k", "v", "XX", "PX", "10000"));
    }

    @Test
    void setExpireErrors() {
        assertEquals(invalidExpire("set"), h.call("SET", "k", "v", "EX", "0"));
        assertEquals(invalidExpire("set"), h.call("SET", "k", "v", "PX", "-1"));
        assertEquals(invalidExpire("set"), h.call("SET", "k", "v", "EX", "9223372036854776"));
        assertEquals(invalidExpire("set"), h.call("SET", "k", "v", "EX", "9223372036854775"));
        assertEquals(invalidExpire("set"), h.call("SET", "k", "v", "PX", "9223372036854775807"));
        assertEquals(OK, h.call("SET", "k", "v", "PXAT", "9223372036854775807"));
        assertEquals(NOT_INTEGER, h.call("SET", "k", "v", "EX", "1.5"));
        assertEquals(NOT_INTEGER, h.call("SET", "k", "v", "EX", " 1"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "EX"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "EX", "10", "PX", "100"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "EXAT", "10", "PXAT", "100"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "KEEPTTL", "EX", "1"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "EX", "1", "KEEPTTL"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "PERSIST"));
        // the expire is checked before GET and before anything changes
        assertEquals(OK, h.call("SET", "old", "1"));
        assertEquals(NOT_INTEGER, h.call("SET", "old", "2", "GET", "EX", "x"));
        assertEquals(bulk("1"), h.call("GET", "old"));
    }

    @Test
    void setPastAbsoluteTimeLeavesAnExpiredKey() {
        assertEquals(OK, h.call("SET", "k", "v", "EXAT", "1"));
        assertEquals(NIL, h.call("GET", "k"));
    }

    @Test
    void setnxSetexPsetex() {
        assertEquals(integer(1), h.call("SETNX", "k", "a"));
        assertEquals(integer(0), h.call("SETNX", "k", "b"));
        assertEquals(bulk("a"), h.call("GET", "k"));
        assertEquals(OK, h.call("SETEX", "k", "100", "v"));
        assertTrue(h.expireAt("k") > System.currentTimeMillis() + 90_000);
        assertEquals(invalidExpire("setex"), h.call("SETEX", "k", "0", "v"));
        assertEquals(invalidExpire("setex"), h.call("SETEX", "k", "-5", "v"));
        assertEquals(NOT_INTEGER, h.call("SETEX", "k", "x", "v"));
        assertEquals(invalidExpire("psetex"), h.call("PSETEX", "k", "0", "v"));
        assertEquals(OK, h.call("PSETEX", "k", "100000", "w"));
        assertEquals(bulk("w"), h.call("GET", "k"));
        assertEquals(error("ERR wrong number of arguments for 'setex' command"), h.call("SETEX", "k", "1"));
    }

    @Test
    void getsetGetdel() {
        assertEquals(NIL, h.call("GETSET", "k", "a"));
        assertEquals(bulk("a"), h.call("GETSET", "k", "b"));
        h.call("SET", "t", "v", "EX", "100");
        assertEquals(bulk("v"), h.call("GETSET", "t", "w"));
        assertEquals(-1, h.expireAt("t"), "GETSET drops the TTL");
        assertEquals(bulk("b"), h.call("GETDEL", "k"));
        assertEquals(NIL, h.call("GETDEL", "k"));
        h.wrongType("l");
        assertEquals(WRONGTYPE, h.call("GETSET", "l", "x"));
        assertEquals(WRONGTYPE, h.call("GETDEL", "l"));
    }

    @Test
    void getex() {
        h.call("SET", "k", "v");
        assertEquals(bulk("v"), h.call("GETEX", "k"));
        assertEquals(-1, h.expireAt("k"));
        assertEquals(bulk("v"), h.call("GETEX", "k", "EX", "100"));
        assertTrue(h.expireAt("k") > System.currentTimeMillis() + 90_000);
        assertEquals(bulk("v"), h.call("GETEX", "k", "PERSIST"));
        assertEquals(-1, h.expireAt("k"));
        assertEquals(bulk("v"), h.call("GETEX", "k", "PXAT", "4000000000000"));
        assertEquals(4_000_000_000_000L, h.expireAt("k"));
        assertEquals(bulk("v"), h.call("GETEX", "k", "EXAT", "1"));
        assertEquals(NIL, h.call("GET", "k"), "a past absolute time deletes the key");
        assertEquals(NIL, h.call("GETEX", "missing", "EX", "-1"), "the expire is checked only for a string");
        h.call("SET", "k", "v");
        assertEquals(invalidExpire("getex"), h.call("GETEX", "k", "EX", "-1"));
        assertEquals(NOT_INTEGER, h.call("GETEX", "k", "PX", "abc"));
        assertEquals(SYNTAX, h.call("GETEX", "k", "KEEPTTL"));
        assertEquals(SYNTAX, h.call("GETEX", "k", "GET"));
        assertEquals(SYNTAX, h.call("GETEX", "k", "PERSIST", "EX", "10"));
        assertEquals(SYNTAX, h.call("GETEX", "k", "EX", "10", "PERSIST"));
        assertEquals(SYNTAX, h.call("GETEX", "missing", "foo"));
        assertEquals(error("ERR wrong number of arguments for 'getex' command"), h.call("GETEX"));
        h.wrongType("l");
        assertEquals(WRONGTYPE, h.call("GETEX", "l", "EX", "-1"));
    }

    @Test
    void mgetMsetMsetnx() {
        assertEquals(OK, h.call("MSET", "a", "1", "b", "2"));
        h.wrongType("l");
        assertEquals("*4\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n$-1\r\n", h.call("MGET", "a", "none", "b", "l"));
        assertEquals("*1\r\n_\r\n", h.call3("MGET", "none"));
        assertEquals(error("ERR wrong number of arguments for 'mset' command"), h.call("MSET", "a", "1", "b"));
        assertEquals(error("ERR wrong number of arguments for 'msetnx' command"), h.call("MSETNX", "a", "1", "b"));
        assertEquals(integer(0), h.call("MSETNX", "x", "1", "a", "9"));
        assertEquals(NIL, h.call("GET", "x"));
        assertEquals(integer(1), h.call("MSETNX", "x", "1", "x", "2"));
        assertEquals(bulk("2"), h.call("GET", "x"));
        h.call("SET", "t", "v", "EX", "100");
        h.call("MSET", "t", "w");
        assertEquals(-1, h.expireAt("t"));
    }

    // ---- APPEND / SETRANGE / GETRANGE / STRLEN

    @Test
    void appendMakesARawStringInPlace() {
        assertEquals(integer(5), h.call("APPEND", "k", "hello"));
        assertEquals("embstr", h.encoding("k"));
        assertEquals(integer(11), h.call("APPEND", "k", " world"));
        assertEquals("raw", h.encoding("k"));
        Object raw = h.value("k");
        assertInstanceOf(RawString.class, raw);
        assertEquals(integer(12), h.call("APPEND", "k", "!"));
        assertSame(raw, h.value("k"), "appends modify the same string");
        assertEquals(bulk("hello world!"), h.call("GET", "k"));
        h.call("SET", "n", "12");
        assertEquals("int", h.encoding("n"));
        assertEquals(integer(2), h.call("APPEND", "n", ""));
        assertEquals("raw", h.encoding("n"), "APPEND converts even when appending nothing");
        h.call("SET", "t", "v", "PX", "100000");
        h.call("APPEND", "t", "w");
        assertTrue(h.expireAt("t") > 0, "APPEND keeps the TTL");
        h.wrongType("l");
        assertEquals(WRONGTYPE, h.call("APPEND", "l", "x"));
        h.call("SET", "i", "7");
        assertEquals(integer(1), h.call("APPEND", "new", "1"));
        assertEquals("int", h.encoding("new"));
    }

    @Test
    void appendRespectsProtoMaxBulkLen() {
        h.config("proto-max-bulk-len", "1048576");
        try {
            h.call("SETRANGE", "k", "1048570", "abc");
            assertEquals(error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"),
                    h.call("APPEND", "k", "abcd"));
            assertEquals(integer(1048576), h.call("APPEND", "k", "abc"));
        } finally {
            h.config("proto-max-bulk-len", "536870912");
        }
    }

    @Test
    void setrange() {
        assertEquals(integer(3), h.call("SETRANGE", "k", "0", "foo"));
        assertEquals("raw", h.encoding("k"));
        assertEquals(integer(0), h.call("SETRANGE", "none", "0", ""));
        assertEquals(NIL, h.call("GET", "none"));
        assertEquals(integer(4), h.call("SETRANGE", "z", "1", "foo"));
        assertEquals(bulk("\u0000foo"), h.call("GET", "z"));
        assertEquals(integer(7), h.call("SETRANGE", "k", "4", "bar"));
        assertEquals(bulk("foo\u0000bar"), h.call("GET", "k"));
        h.call("SET", "n", "1234");
        assertEquals(integer(4), h.call("SETRANGE", "n", "0", ""));
        assertEquals("int", h.encoding("n"), "setting nothing changes nothing");
        assertEquals(integer(4), h.call("SETRANGE", "n", "1", "3"));
        assertEquals("raw", h.encoding("n"));
        assertEquals(bulk("1334"), h.call("GET", "n"));
        assertEquals(error("ERR offset is out of range"), h.call("SETRANGE", "k", "-1", "x"));
        assertEquals(NOT_INTEGER, h.call("SETRANGE", "k", "x", "x"));
        String tooBig = error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        assertEquals(tooBig, h.call("SETRANGE", "k", "536870908", "world"));
        assertEquals(tooBig, h.call("SETRANGE", "none", "536870908", "world"));
        assertEquals(tooBig, h.call("SETRANGE", "k", "9223372036854775807", "A"));
        h.wrongType("l");
        assertEquals(WRONGTYPE, h.call("SETRANGE", "l", "0", "x"));
    }

    @Test
    void getrange() {
        h.call("SET", "k", "Hello World");
        assertEquals(bulk("Hell"), h.call("GETRANGE", "k", "0", "3"));
        assertEquals(bulk("Hello World"), h.call("GETRANGE", "k", "0", "-1"));
        assertEquals(bulk("orld"), h.call("GETRANGE", "k", "-4", "-1"));
        assertEquals(EMPTY, h.call("GETRANGE", "k", "5", "3"));
        assertEquals(bulk(" World"), h.call("GETRANGE", "k", "5", "5000"));
        assertEquals(bulk("Hello World"), h.call("GETRANGE", "k", "-5000", "10000"));
        assertEquals(EMPTY, h.call("GETRANGE", "k", "-1", "-5"));
        assertEquals(bulk("Hello World"), h.call("GETRANGE", "k", "0", "4294967297"));
        assertEquals(bulk("Hell"), h.call("SUBSTR", "k", "0", "3"));
        assertEquals(EMPTY, h.call("GETRANGE", "none", "0", "-1"));
        assertEquals(NOT_INTEGER, h.call("GETRANGE", "none", "a", "1"));
        h.call("SET", "n", "1234");
        assertEquals(bulk("234"), h.call("GETRANGE", "n", "-3", "-1"));
        h.call("SET", "e", "");
        assertEquals(EMPTY, h.call("GETRANGE", "e", "0", "0"));
        h.call("APPEND", "r", "abc");
        h.call("APPEND", "r", "def");
        assertEquals(bulk("cde"), h.call("GETRANGE", "r", "2", "4"));
        h.wrongType("l");
        assertEquals(WRONGTYPE, h.call("GETRANGE", "l", "0", "1"));
    }

    @Test
    void strlen() {
        assertEquals(integer(0), h.call("STRLEN", "none"));
        h.call("SET", "n", "-555");
        assertEquals(integer(4), h.call("STRLEN", "n"));
        h.call("APPEND", "r", "abcdef");
        h.call("APPEND", "r", "g");
        assertEquals(integer(7), h.call("STRLEN", "r"));
        h.wrongType("l");
        assertEquals(WRONGTYPE, h.call("STRLEN", "l"));
    }

    // ---- counters

    @Test
    void incrDecr() {
        assertEquals(integer(1), h.call("INCR", "c"));
        assertEquals(integer(0), h.call("DECR", "c"));
        assertEquals(integer(-1), h.call("DECR", "c"));
        assertEquals(integer(9), h.call("INCRBY", "c", "10"));
        assertEquals(integer(-1), h.call("DECRBY", "c", "10"));
        h.call("SET", "big", "17179869184");
        assertEquals(integer(34359738368L), h.call("INCRBY", "big", "17179869184"));
        assertEquals("int", h.encoding("big"));
        h.call("APPEND", "r", "41");
        assertEquals(integer(42), h.call("INCR", "r"));
        assertEquals("int", h.encoding("r"));
        h.call("SET", "t", "1", "EX", "100");
        h.call("INCR", "t");
        assertTrue(h.expireAt("t") > 0, "INCR keeps the TTL");
    }

    @Test
    void smallIntegersAreSharedAndCountersChangeInPlace() {
        String shared = integer(Integer.MAX_VALUE);
        h.call("SET", "s", "5");
        h.call("MSET", "m", "9999", "big", "10000");
        h.call("APPEND", "a", "0");
        assertEquals(shared, h.call("OBJECT", "REFCOUNT", "s"));
        assertEquals(shared, h.call("OBJECT", "REFCOUNT", "m"));
        assertEquals(shared, h.call("OBJECT", "REFCOUNT", "a"));
        assertEquals(integer(1), h.call("OBJECT", "REFCOUNT", "big"));
        assertEquals(integer(10000), h.call("INCR", "m"));
        assertEquals(integer(1), h.call("OBJECT", "REFCOUNT", "m"));
        Object counter = h.value("m");
        assertEquals(integer(-5), h.call("DECRBY", "m", "10005"));
        assertSame(counter, h.value("m"), "an unshared counter is rewritten in place");
        assertEquals("int", h.encoding("m"));
        assertEquals(integer(0), h.call("INCRBY", "m", "5"));
        assertEquals(shared, h.call("OBJECT", "REFCOUNT", "m"));
        h.config("maxmemory", "1gb");
        h.config("maxmemory-policy", "allkeys-lru");
        try {
            h.call("SET", "s", "5");
            assertEquals(integer(1), h.call("OBJECT", "REFCOUNT", "s"), "LRU needs per-key objects");
            h.call("INCR", "s");
            assertEquals(integer(1), h.call("OBJECT", "REFCOUNT", "s"));
        } finally {
            h.config("maxmemory", "0");
            h.config("maxmemory-policy", "noeviction");
        }
    }

    @Test
    void incrErrors() {
        for (String bad : new String[] {" 11", "11 ", "011", "-0", "+1", "1.5", "", "abc"}) {
            h.call("SET", "s", bad);
            assertEquals(NOT_INTEGER, h.call("INCR", "s"), bad);
        }
        assertEquals(NOT_INTEGER, h.call("INCRBY", "c", "1.0"));
        h.call("SET", "max", "9223372036854775807");
        assertEquals(error("ERR increment or decrement would overflow"), h.call("INCR", "max"));
        h.call("SET", "min", "-9223372036854775808");
        assertEquals(error("ERR increment or decrement would overflow"), h.call("DECR", "min"));
        assertEquals(error("ERR decrement would overflow"), h.call("DECRBY", "c", "-9223372036854775808"));
        assertEquals(integer(-9223372036854775807L), h.call("DECRBY", "c", "9223372036854775807"));
        h.wrongType("l");
        assertEquals(WRONGTYPE, h.call("INCR", "l"));
        assertEquals(NOT_INTEGER, h.call("INCRBY", "l", "x"), "the increment is parsed first");
    }

    @Test
    void incrbyfloat() {
        assertEquals(bulk("1"), h.call("INCRBYFLOAT", "f", "1"));
        assertEquals("embstr", h.encoding("f"), "an integer-looking float result is not int encoded");
        assertEquals(bulk("1.25"), h.call("INCRBYFLOAT", "f", "0.25"));
        h.call("SET", "f", "10.5");
        assertEquals(bulk("10.6"), h.call("INCRBYFLOAT", "f", "0.1"));
        assertEquals(bulk("10000000010.59999999962747097"), h.call("INCRBYFLOAT", "f", "1e10"));
        h.call("SET", "g", "17179869184");
        assertEquals(bulk("17179869185.5"), h.call("INCRBYFLOAT", "g", "1.5"));
        h.call("SET", "g", "1");
        assertEquals(bulk("-0.1"), h.call("INCRBYFLOAT", "g", "-1.1"));
        assertEquals(bulk("0"), h.call("INCRBYFLOAT", "z", "-0.000000000000000004"));
        assertEquals(bulk("0.00000381469726562"), h.call("INCRBYFLOAT", "half", "0.000003814697265625"));
        assertEquals(bulk("5015.125"), h.call("INCRBYFLOAT", "hex", "0x1397.2p0"));
        h.call("SET", "t", "1", "EX", "100");
        h.call("INCRBYFLOAT", "t", "1");
        assertTrue(h.expireAt("t") > 0, "INCRBYFLOAT keeps the TTL");
    }

    @Test
    void incrbyfloatNoNegativeZero() {
        h.call("INCRBYFLOAT", "f", String.valueOf(1.0 / 41));
        assertEquals(bulk("0"), h.call("INCRBYFLOAT", "f", String.valueOf(-1.0 / 41)));
    }

    @Test
    void incrbyfloatErrors() {
        String notFloat = error("ERR value is not a valid float");
        String nanOrInf = error("ERR increment would produce NaN or Infinity");
        for (String bad : new String[] {"abc", " 1", "1 ", "nan", "1e", "0x", "1e5000", "1e-5000", ""}) {
            assertEquals(notFloat, h.call("INCRBYFLOAT", "f", bad), bad);
        }
        assertEquals(nanOrInf, h.call("INCRBYFLOAT", "f", "+inf"));
        assertEquals(nanOrInf, h.call("INCRBYFLOAT", "f", "-Infinity"));
        h.call("SET", "m", "1e4932");
        assertEquals(nanOrInf, h.call("INCRBYFLOAT", "m", "1e4932"));
        h.call("SET", "s", "1");
        h.call("SETRANGE", "s", "2", "2");
        assertEquals(notFloat, h.call("INCRBYFLOAT", "s", "1"));
        h.call("SET", "sp", " 11");
        assertEquals(notFloat, h.call("INCRBYFLOAT", "sp", "1"));
        h.wrongType("l");
        assertEquals(WRONGTYPE, h.call("INCRBYFLOAT", "l", "1"));
        assertEquals(NIL, h.call("GET", "f"));
    }

    // ---- LCS

    @Test
    void lcs() {
        h.call("SET", "a", "ohmytext");
        h.call("SET", "b", "mynewtext");
        assertEquals(bulk("mytext"), h.call("LCS", "a", "b"));
        assertEquals(integer(6), h.call("LCS", "a", "b", "LEN"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n"
                + "*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n", h.call("LCS", "a", "b", "IDX"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n",
                h.call("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"));
        assertEquals("%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n", h.call3("LCS", "x", "y", "IDX"));
        assertEquals(EMPTY, h.call("LCS", "a", "none"));
        assertEquals(error("ERR If you want both the length and indexes, please just use IDX."),
                h.call("LCS", "a", "b", "LEN", "IDX"));
        assertEquals(SYNTAX, h.call("LCS", "a", "b", "MINMATCHLEN"));
        assertEquals(NOT_INTEGER, h.call("LCS", "a", "b", "MINMATCHLEN", "x"));
        assertEquals(SYNTAX, h.call("LCS", "a", "b", "foo"));
        h.wrongType("l");
        assertEquals(error("ERR The specified keys must contain string values"), h.call("LCS", "a", "l", "foo"));
    }

    @Test
    void lcsRefusesHugeTables() {
        h.config("proto-max-bulk-len", "1048576");
        try {
            h.call("SETRANGE", "a", "1000", "x");
            h.call("SETRANGE", "b", "1000", "x");
            assertEquals(error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"),
                    h.call("LCS", "a", "b", "LEN"));
        } finally {
            h.config("proto-max-bulk-len", "536870912");
        }
    }

    // ---- bookkeeping

    @Test
    void inPlaceEditsAbortWatchingTransactions() {
        String[][] edits = {{"SET k 1", "APPEND k x"}, {"APPEND k ab", "APPEND k x"}, {"SET k abc", "SETRANGE k 1 x"},
                {"SET k 20000", "INCR k"}, {"SET k 1", "SETBIT k 7 0"}, {"SET k 1", "BITFIELD k SET u8 0 1"}};
        for (String[] e : edits) {
            h.session(e[0]);
            if (e[1].startsWith("INCR")) h.session(e[1]); // the second INCR rewrites the counter in place
            String r = h.session("WATCH k", e[1], "MULTI", "PING", "EXEC");
            assertTrue(r.endsWith("+OK\r\n+QUEUED\r\n*-1\r\n"), String.join(", ", e) + ": " + r);
        }
        h.session("SET k 1");
        assertEquals("+OK\r\n:1\r\n*1\r\n$-1\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n",
                h.session("WATCH k", "SETBIT k 7 1", "BITFIELD k OVERFLOW FAIL SET u8 0 256", "MULTI", "PING", "EXEC"),
                "edits that change nothing do not abort");
    }

    @Test
    void dirtyCountsWrites() {
        long d = h.info("rdb_changes_since_last_save");
        h.call("SET", "k", "v");
        h.call("SET", "k", "v", "NX");
        h.call("MSET", "a", "1", "b", "2");
        h.call("APPEND", "k", "w");
        h.call("GETEX", "k");
        h.call("GETEX", "k", "PERSIST");
        h.call("GETEX", "k", "EX", "100");
        h.call("GETDEL", "none");
        h.call("SETRANGE", "k", "0", "");
        h.call("INCR", "c");
        assertEquals(d + 6, h.info("rdb_changes_since_last_save"));
    }

    @Test
    void readsCountHitsAndMisses() {
        h.call("SET", "k", "v");
        long hits = h.info("keyspace_hits"), misses = h.info("keyspace_misses");
        h.call("GET", "k");
        h.call("GET", "none");
        h.call("MGET", "k", "none", "k");
        h.call("SET", "k", "w", "GET");
        assertEquals(hits + 4, h.info("keyspace_hits"));
        assertEquals(misses + 2, h.info("keyspace_misses"));
    }

    @Test
    void plainSetStoresTheArgumentAndMutationsNeverTouchIt() {
        h.call("SET", "k", "abc");
        Object before = h.value("k");
        h.call("APPEND", "k", "d");
        assertNotSame(before, h.value("k"));
        assertEquals("abc", new String((byte[]) before, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
