package dev.beryl.commands;

import dev.beryl.types.RawString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    private static String invalidExpire(String cmd) {
        return error("ERR invalid expire time in '" + cmd + "' command");
    }

    // ---- GET / SET

    @Test
    void getAndSet() {
        assertEquals(NIL, call("GET", "k"));
        assertEquals("_\r\n", resp3("GET", "k"));
        assertEquals(OK, call("SET", "k", "v"));
        assertEquals(bulk("v"), call("get", "k"));
        assertEquals(OK, call("SET", "k", ""));
        assertEquals(EMPTY, call("GET", "k"));
        assertEquals(OK, call("SET", "bin", "a\r\n\u0000\u00ff"));
        assertEquals("$5\r\na\r\n\u0000\u00ff\r\n", call("GET", "bin"));
    }

    @Test
    void setConditions() {
        assertEquals(OK, call("SET", "k", "1", "NX"));
        assertEquals(NIL, call("SET", "k", "2", "nx"));
        assertEquals(OK, call("SET", "k", "3", "XX"));
        assertEquals(NIL, call("SET", "missing", "3", "XX"));
        assertEquals(bulk("3"), call("GET", "k"));
        assertEquals(NIL, call("GET", "missing"));
        assertEquals(SYNTAX, call("SET", "k", "v", "NX", "XX"));
        assertEquals(SYNTAX, call("SET", "k", "v", "XX", "NX"));
        assertEquals(NIL, call("SET", "k", "v", "NX", "NX"));
        assertEquals(OK, call("SET", "k", "v", "XX", "XX"));
        assertEquals(SYNTAX, call("SET", "k", "v", "foo"));
    }

    @Test
    void setGetOption() {
        assertEquals(NIL, call("SET", "k", "a", "GET"));
        assertEquals(bulk("a"), call("SET", "k", "b", "GET"));
        assertEquals(bulk("b"), call("SET", "k", "c", "GET", "NX"));
        assertEquals(bulk("b"), call("GET", "k"));
        assertEquals(NIL, call("SET", "none", "c", "GET", "XX"));
        assertEquals(NIL, call("GET", "none"));
        assertEquals(bulk("b"), call("SET", "k", "d", "get", "xx", "GET"));
        wrongType("list");
        assertEquals(WRONGTYPE, call("SET", "list", "v", "GET"));
        assertEquals("+set\r\n", call("TYPE", "list"));
        assertEquals(OK, call("SET", "list", "v"));
    }

    @Test
    void setExpireOptions() {
        long before = System.currentTimeMillis();
        assertEquals(OK, call("SET", "k", "v", "EX", "100"));
        long at = expireAt("k");
        assertTrue(at >= before + 100_000 && at <= System.currentTimeMillis() + 100_000, "EX sets ttl");
        assertEquals(OK, call("SET", "k", "v", "PX", "5000"));
        assertTrue(expireAt("k") <= System.currentTimeMillis() + 5000);
        assertEquals(OK, call("SET", "k", "v", "EXAT", "4000000000"));
        assertEquals(4_000_000_000_000L, expireAt("k"));
        assertEquals(OK, call("SET", "k", "v", "PXAT", "4000000000123"));
        assertEquals(4_000_000_000_123L, expireAt("k"));
        assertEquals(OK, call("SET", "k", "w", "KEEPTTL"));
        assertEquals(4_000_000_000_123L, expireAt("k"));
        assertEquals(OK, call("SET", "k", "x"));
        assertEquals(-1, expireAt("k"));
        assertEquals(OK, call("SET", "k", "v", "EX", "10", "EX", "20"));
        assertTrue(expireAt("k") > System.currentTimeMillis() + 15_000, "the last EX wins");
        assertEquals(OK, call("SET", "k", "v", "XX", "PX", "10000"));
    }

    @Test
    void setExpireErrors() {
        assertEquals(invalidExpire("set"), call("SET", "k", "v", "EX", "0"));
        assertEquals(invalidExpire("set"), call("SET", "k", "v", "PX", "-1"));
        assertEquals(invalidExpire("set"), call("SET", "k", "v", "EX", "9223372036854776"));
        assertEquals(invalidExpire("set"), call("SET", "k", "v", "EX", "9223372036854775"));
        assertEquals(invalidExpire("set"), call("SET", "k", "v", "PX", "9223372036854775807"));
        assertEquals(OK, call("SET", "k", "v", "PXAT", "9223372036854775807"));
        assertEquals(NOT_INTEGER, call("SET", "k", "v", "EX", "1.5"));
        assertEquals(NOT_INTEGER, call("SET", "k", "v", "EX", " 1"));
        assertEquals(SYNTAX, call("SET", "k", "v", "EX"));
        assertEquals(SYNTAX, call("SET", "k", "v", "EX", "10", "PX", "100"));
        assertEquals(SYNTAX, call("SET", "k", "v", "EXAT", "10", "PXAT", "100"));
        assertEquals(SYNTAX, call("SET", "k", "v", "KEEPTTL", "EX", "1"));
        assertEquals(SYNTAX, call("SET", "k", "v", "EX", "1", "KEEPTTL"));
        assertEquals(SYNTAX, call("SET", "k", "v", "PERSIST"));
        // the expire is checked before GET and before anything changes
        assertEquals(OK, call("SET", "old", "1"));
        assertEquals(NOT_INTEGER, call("SET", "old", "2", "GET", "EX", "x"));
        assertEquals(bulk("1"), call("GET", "old"));
    }

    @Test
    void setPastAbsoluteTimeLeavesAnExpiredKey() {
        assertEquals(OK, call("SET", "k", "v", "EXAT", "1"));
        assertEquals(NIL, call("GET", "k"));
    }

    @Test
    void setnxSetexPsetex() {
        assertEquals(integer(1), call("SETNX", "k", "a"));
        assertEquals(integer(0), call("SETNX", "k", "b"));
        assertEquals(bulk("a"), call("GET", "k"));
        assertEquals(OK, call("SETEX", "k", "100", "v"));
        assertTrue(expireAt("k") > System.currentTimeMillis() + 90_000);
        assertEquals(invalidExpire("setex"), call("SETEX", "k", "0", "v"));
        assertEquals(invalidExpire("setex"), call("SETEX", "k", "-5", "v"));
        assertEquals(NOT_INTEGER, call("SETEX", "k", "x", "v"));
        assertEquals(invalidExpire("psetex"), call("PSETEX", "k", "0", "v"));
        assertEquals(OK, call("PSETEX", "k", "100000", "w"));
        assertEquals(bulk("w"), call("GET", "k"));
        assertEquals(error("ERR wrong number of arguments for 'setex' command"), call("SETEX", "k", "1"));
    }

    @Test
    void getsetGetdel() {
        assertEquals(NIL, call("GETSET", "k", "a"));
        assertEquals(bulk("a"), call("GETSET", "k", "b"));
        call("SET", "t", "v", "EX", "100");
        assertEquals(bulk("v"), call("GETSET", "t", "w"));
        assertEquals(-1, expireAt("t"), "GETSET drops the TTL");
        assertEquals(bulk("b"), call("GETDEL", "k"));
        assertEquals(NIL, call("GETDEL", "k"));
        wrongType("l");
        assertEquals(WRONGTYPE, call("GETSET", "l", "x"));
        assertEquals(WRONGTYPE, call("GETDEL", "l"));
    }

    @Test
    void getex() {
        call("SET", "k", "v");
        assertEquals(bulk("v"), call("GETEX", "k"));
        assertEquals(-1, expireAt("k"));
        assertEquals(bulk("v"), call("GETEX", "k", "EX", "100"));
        assertTrue(expireAt("k") > System.currentTimeMillis() + 90_000);
        assertEquals(bulk("v"), call("GETEX", "k", "PERSIST"));
        assertEquals(-1, expireAt("k"));
        assertEquals(bulk("v"), call("GETEX", "k", "PXAT", "4000000000000"));
        assertEquals(4_000_000_000_000L, expireAt("k"));
        assertEquals(bulk("v"), call("GETEX", "k", "EXAT", "1"));
        assertEquals(NIL, call("GET", "k"), "a past absolute time deletes the key");
        assertEquals(NIL, call("GETEX", "missing", "EX", "-1"), "the expire is checked only for a string");
        call("SET", "k", "v");
        assertEquals(invalidExpire("getex"), call("GETEX", "k", "EX", "-1"));
        assertEquals(NOT_INTEGER, call("GETEX", "k", "PX", "abc"));
        assertEquals(SYNTAX, call("GETEX", "k", "KEEPTTL"));
        assertEquals(SYNTAX, call("GETEX", "k", "GET"));
        assertEquals(SYNTAX, call("GETEX", "k", "PERSIST", "EX", "10"));
        assertEquals(SYNTAX, call("GETEX", "k", "EX", "10", "PERSIST"));
        assertEquals(SYNTAX, call("GETEX", "missing", "foo"));
        assertEquals(error("ERR wrong number of arguments for 'getex' command"), call("GETEX"));
        wrongType("l");
        assertEquals(WRONGTYPE, call("GETEX", "l", "EX", "-1"));
    }

    @Test
    void mgetMsetMsetnx() {
        assertEquals(OK, call("MSET", "a", "1", "b", "2"));
        wrongType("l");
        assertEquals("*4\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n$-1\r\n", call("MGET", "a", "none", "b", "l"));
        assertEquals("*1\r\n_\r\n", resp3("MGET", "none"));
        assertEquals(error("ERR wrong number of arguments for 'mset' command"), call("MSET", "a", "1", "b"));
        assertEquals(error("ERR wrong number of arguments for 'msetnx' command"), call("MSETNX", "a", "1", "b"));
        assertEquals(integer(0), call("MSETNX", "x", "1", "a", "9"));
        assertEquals(NIL, call("GET", "x"));
        assertEquals(integer(1), call("MSETNX", "x", "1", "x", "2"));
        assertEquals(bulk("2"), call("GET", "x"));
        call("SET", "t", "v", "EX", "100");
        call("MSET", "t", "w");
        assertEquals(-1, expireAt("t"));
    }

    // ---- APPEND / SETRANGE / GETRANGE / STRLEN

    @Test
    void appendMakesARawStringInPlace() {
        assertEquals(integer(5), call("APPEND", "k", "hello"));
        assertEquals("embstr", encoding("k"));
        assertEquals(integer(11), call("APPEND", "k", " world"));
        assertEquals("raw", encoding("k"));
        Object raw = value("k");
        assertInstanceOf(RawString.class, raw);
        assertEquals(integer(12), call("APPEND", "k", "!"));
        assertSame(raw, value("k"), "appends modify the same string");
        assertEquals(bulk("hello world!"), call("GET", "k"));
        call("SET", "n", "12");
        assertEquals("int", encoding("n"));
        assertEquals(integer(2), call("APPEND", "n", ""));
        assertEquals("raw", encoding("n"), "APPEND converts even when appending nothing");
        call("SET", "t", "v", "PX", "100000");
        call("APPEND", "t", "w");
        assertTrue(expireAt("t") > 0, "APPEND keeps the TTL");
        wrongType("l");
        assertEquals(WRONGTYPE, call("APPEND", "l", "x"));
        call("SET", "i", "7");
        assertEquals(integer(1), call("APPEND", "new", "1"));
        assertEquals("int", encoding("new"));
    }

    @Test
    void appendRespectsProtoMaxBulkLen() {
        config("proto-max-bulk-len", "1048576");
        try {
            call("SETRANGE", "k", "1048570", "abc");
            assertEquals(error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"),
                    call("APPEND", "k", "abcd"));
            assertEquals(integer(1048576), call("APPEND", "k", "abc"));
        } finally {
            config("proto-max-bulk-len", "536870912");
        }
    }

    @Test
    void setrange() {
        assertEquals(integer(3), call("SETRANGE", "k", "0", "foo"));
        assertEquals("raw", encoding("k"));
        assertEquals(integer(0), call("SETRANGE", "none", "0", ""));
        assertEquals(NIL, call("GET", "none"));
        assertEquals(integer(4), call("SETRANGE", "z", "1", "foo"));
        assertEquals(bulk("\u0000foo"), call("GET", "z"));
        assertEquals(integer(7), call("SETRANGE", "k", "4", "bar"));
        assertEquals(bulk("foo\u0000bar"), call("GET", "k"));
        call("SET", "n", "1234");
        assertEquals(integer(4), call("SETRANGE", "n", "0", ""));
        assertEquals("int", encoding("n"), "setting nothing changes nothing");
        assertEquals(integer(4), call("SETRANGE", "n", "1", "3"));
        assertEquals("raw", encoding("n"));
        assertEquals(bulk("1334"), call("GET", "n"));
        assertEquals(error("ERR offset is out of range"), call("SETRANGE", "k", "-1", "x"));
        assertEquals(NOT_INTEGER, call("SETRANGE", "k", "x", "x"));
        String tooBig = error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        assertEquals(tooBig, call("SETRANGE", "k", "536870908", "world"));
        assertEquals(tooBig, call("SETRANGE", "none", "536870908", "world"));
        assertEquals(tooBig, call("SETRANGE", "k", "9223372036854775807", "A"));
        wrongType("l");
        assertEquals(WRONGTYPE, call("SETRANGE", "l", "0", "x"));
    }

    @Test
    void getrange() {
        call("SET", "k", "Hello World");
        assertEquals(bulk("Hell"), call("GETRANGE", "k", "0", "3"));
        assertEquals(bulk("Hello World"), call("GETRANGE", "k", "0", "-1"));
        assertEquals(bulk("orld"), call("GETRANGE", "k", "-4", "-1"));
        assertEquals(EMPTY, call("GETRANGE", "k", "5", "3"));
        assertEquals(bulk(" World"), call("GETRANGE", "k", "5", "5000"));
        assertEquals(bulk("Hello World"), call("GETRANGE", "k", "-5000", "10000"));
        assertEquals(EMPTY, call("GETRANGE", "k", "-1", "-5"));
        assertEquals(bulk("Hello World"), call("GETRANGE", "k", "0", "4294967297"));
        assertEquals(bulk("Hell"), call("SUBSTR", "k", "0", "3"));
        assertEquals(EMPTY, call("GETRANGE", "none", "0", "-1"));
        assertEquals(NOT_INTEGER, call("GETRANGE", "none", "a", "1"));
        call("SET", "n", "1234");
        assertEquals(bulk("234"), call("GETRANGE", "n", "-3", "-1"));
        call("SET", "e", "");
        assertEquals(EMPTY, call("GETRANGE", "e", "0", "0"));
        call("APPEND", "r", "abc");
        call("APPEND", "r", "def");
        assertEquals(bulk("cde"), call("GETRANGE", "r", "2", "4"));
        wrongType("l");
        assertEquals(WRONGTYPE, call("GETRANGE", "l", "0", "1"));
    }

    @Test
    void strlen() {
        assertEquals(integer(0), call("STRLEN", "none"));
        call("SET", "n", "-555");
        assertEquals(integer(4), call("STRLEN", "n"));
        call("APPEND", "r", "abcdef");
        call("APPEND", "r", "g");
        assertEquals(integer(7), call("STRLEN", "r"));
        wrongType("l");
        assertEquals(WRONGTYPE, call("STRLEN", "l"));
    }

    // ---- counters

    @Test
    void incrDecr() {
        assertEquals(integer(1), call("INCR", "c"));
        assertEquals(integer(0), call("DECR", "c"));
        assertEquals(integer(-1), call("DECR", "c"));
        assertEquals(integer(9), call("INCRBY", "c", "10"));
        assertEquals(integer(-1), call("DECRBY", "c", "10"));
        call("SET", "big", "17179869184");
        assertEquals(integer(34359738368L), call("INCRBY", "big", "17179869184"));
        assertEquals("int", encoding("big"));
        call("APPEND", "r", "41");
        assertEquals(integer(42), call("INCR", "r"));
        assertEquals("int", encoding("r"));
        call("SET", "t", "1", "EX", "100");
        call("INCR", "t");
        assertTrue(expireAt("t") > 0, "INCR keeps the TTL");
    }

    @Test
    void smallIntegersAreSharedAndCountersChangeInPlace() {
        String shared = integer(Integer.MAX_VALUE);
        call("SET", "s", "5");
        call("MSET", "m", "9999", "big", "10000");
        call("APPEND", "a", "0");
        assertEquals(shared, call("OBJECT", "REFCOUNT", "s"));
        assertEquals(shared, call("OBJECT", "REFCOUNT", "m"));
        assertEquals(shared, call("OBJECT", "REFCOUNT", "a"));
        assertEquals(integer(1), call("OBJECT", "REFCOUNT", "big"));
        assertEquals(integer(10000), call("INCR", "m"));
        assertEquals(integer(1), call("OBJECT", "REFCOUNT", "m"));
        Object counter = value("m");
        assertEquals(integer(-5), call("DECRBY", "m", "10005"));
        assertSame(counter, value("m"), "an unshared counter is rewritten in place");
        assertEquals("int", encoding("m"));
        assertEquals(integer(0), call("INCRBY", "m", "5"));
        assertEquals(shared, call("OBJECT", "REFCOUNT", "m"));
        config("maxmemory", "1gb");
        config("maxmemory-policy", "allkeys-lru");
        try {
            call("SET", "s", "5");
            assertEquals(integer(1), call("OBJECT", "REFCOUNT", "s"), "LRU needs per-key objects");
            call("INCR", "s");
            assertEquals(integer(1), call("OBJECT", "REFCOUNT", "s"));
        } finally {
            config("maxmemory", "0");
            config("maxmemory-policy", "noeviction");
        }
    }

    @Test
    void incrErrors() {
        for (String bad : new String[] {" 11", "11 ", "011", "-0", "+1", "1.5", "", "abc"}) {
            call("SET", "s", bad);
            assertEquals(NOT_INTEGER, call("INCR", "s"), bad);
        }
        assertEquals(NOT_INTEGER, call("INCRBY", "c", "1.0"));
        call("SET", "max", "9223372036854775807");
        assertEquals(error("ERR increment or decrement would overflow"), call("INCR", "max"));
        call("SET", "min", "-9223372036854775808");
        assertEquals(error("ERR increment or decrement would overflow"), call("DECR", "min"));
        assertEquals(error("ERR decrement would overflow"), call("DECRBY", "c", "-9223372036854775808"));
        assertEquals(integer(-9223372036854775807L), call("DECRBY", "c", "9223372036854775807"));
        wrongType("l");
        assertEquals(WRONGTYPE, call("INCR", "l"));
        assertEquals(NOT_INTEGER, call("INCRBY", "l", "x"), "the increment is parsed first");
    }

    @Test
    void incrbyfloat() {
        assertEquals(bulk("1"), call("INCRBYFLOAT", "f", "1"));
        assertEquals("embstr", encoding("f"), "an integer-looking float result is not int encoded");
        assertEquals(bulk("1.25"), call("INCRBYFLOAT", "f", "0.25"));
        call("SET", "f", "10.5");
        assertEquals(bulk("10.6"), call("INCRBYFLOAT", "f", "0.1"));
        assertEquals(bulk("10000000010.59999999962747097"), call("INCRBYFLOAT", "f", "1e10"));
        call("SET", "g", "17179869184");
        assertEquals(bulk("17179869185.5"), call("INCRBYFLOAT", "g", "1.5"));
        call("SET", "g", "1");
        assertEquals(bulk("-0.1"), call("INCRBYFLOAT", "g", "-1.1"));
        assertEquals(bulk("0"), call("INCRBYFLOAT", "z", "-0.000000000000000004"));
        assertEquals(bulk("0.00000381469726562"), call("INCRBYFLOAT", "half", "0.000003814697265625"));
        assertEquals(bulk("5015.125"), call("INCRBYFLOAT", "hex", "0x1397.2p0"));
        call("SET", "t", "1", "EX", "100");
        call("INCRBYFLOAT", "t", "1");
        assertTrue(expireAt("t") > 0, "INCRBYFLOAT keeps the TTL");
    }

    @Test
    void incrbyfloatNoNegativeZero() {
        call("INCRBYFLOAT", "f", String.valueOf(1.0 / 41));
        assertEquals(bulk("0"), call("INCRBYFLOAT", "f", String.valueOf(-1.0 / 41)));
    }

    @Test
    void incrbyfloatErrors() {
        String notFloat = error("ERR value is not a valid float");
        String nanOrInf = error("ERR increment would produce NaN or Infinity");
        for (String bad : new String[] {"abc", " 1", "1 ", "nan", "1e", "0x", "1e5000", "1e-5000", ""}) {
            assertEquals(notFloat, call("INCRBYFLOAT", "f", bad), bad);
        }
        assertEquals(nanOrInf, call("INCRBYFLOAT", "f", "+inf"));
        assertEquals(nanOrInf, call("INCRBYFLOAT", "f", "-Infinity"));
        call("SET", "m", "1e4932");
        assertEquals(nanOrInf, call("INCRBYFLOAT", "m", "1e4932"));
        call("SET", "s", "1");
        call("SETRANGE", "s", "2", "2");
        assertEquals(notFloat, call("INCRBYFLOAT", "s", "1"));
        call("SET", "sp", " 11");
        assertEquals(notFloat, call("INCRBYFLOAT", "sp", "1"));
        wrongType("l");
        assertEquals(WRONGTYPE, call("INCRBYFLOAT", "l", "1"));
        assertEquals(NIL, call("GET", "f"));
    }

    // ---- LCS

    @Test
    void lcs() {
        call("SET", "a", "ohmytext");
        call("SET", "b", "mynewtext");
        assertEquals(bulk("mytext"), call("LCS", "a", "b"));
        assertEquals(integer(6), call("LCS", "a", "b", "LEN"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n"
                + "*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n", call("LCS", "a", "b", "IDX"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n",
                call("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"));
        assertEquals("%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n", resp3("LCS", "x", "y", "IDX"));
        assertEquals(EMPTY, call("LCS", "a", "none"));
        assertEquals(error("ERR If you want both the length and indexes, please just use IDX."),
                call("LCS", "a", "b", "LEN", "IDX"));
        assertEquals(SYNTAX, call("LCS", "a", "b", "MINMATCHLEN"));
        assertEquals(NOT_INTEGER, call("LCS", "a", "b", "MINMATCHLEN", "x"));
        assertEquals(SYNTAX, call("LCS", "a", "b", "foo"));
        wrongType("l");
        assertEquals(error("ERR The specified keys must contain string values"), call("LCS", "a", "l", "foo"));
    }

    @Test
    void lcsRefusesHugeTables() {
        config("proto-max-bulk-len", "1048576");
        try {
            call("SETRANGE", "a", "1000", "x");
            call("SETRANGE", "b", "1000", "x");
            assertEquals(error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"),
                    call("LCS", "a", "b", "LEN"));
        } finally {
            config("proto-max-bulk-len", "536870912");
        }
    }

    // ---- bookkeeping

    /** Runs space-separated commands in order as one client and returns all replies. */
    private static String session(String... commands) {
        List<byte[][]> argvs = new ArrayList<>();
        for (String cmd : commands) {
            String[] words = cmd.split(" ");
            byte[][] argv = new byte[words.length][];
            for (int i = 0; i < words.length; i++) argv[i] = words[i].getBytes(StandardCharsets.ISO_8859_1);
            argvs.add(argv);
        }
        try {
            byte[] r = h.server.engine.call(2, h.db, argvs).get(5, TimeUnit.SECONDS);
            return new String(r, StandardCharsets.ISO_8859_1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void inPlaceEditsAbortWatchingTransactions() {
        String[][] edits = {{"SET k 1", "APPEND k x"}, {"APPEND k ab", "APPEND k x"}, {"SET k abc", "SETRANGE k 1 x"},
                {"SET k 20000", "INCR k"}, {"SET k 1", "SETBIT k 7 0"}, {"SET k 1", "BITFIELD k SET u8 0 1"}};
        for (String[] e : edits) {
            session(e[0]);
            if (e[1].startsWith("INCR")) session(e[1]); // the second INCR rewrites the counter in place
            String r = session("WATCH k", e[1], "MULTI", "PING", "EXEC");
            assertTrue(r.endsWith("+OK\r\n+QUEUED\r\n*-1\r\n"), String.join(", ", e) + ": " + r);
        }
        session("SET k 1");
        assertEquals("+OK\r\n:1\r\n*1\r\n$-1\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n",
                session("WATCH k", "SETBIT k 7 1", "BITFIELD k OVERFLOW FAIL SET u8 0 256", "MULTI", "PING", "EXEC"),
                "edits that change nothing do not abort");
    }

    @Test
    void dirtyCountsWrites() {
        long d = info("rdb_changes_since_last_save");
        call("SET", "k", "v");
        call("SET", "k", "v", "NX");
        call("MSET", "a", "1", "b", "2");
        call("APPEND", "k", "w");
        call("GETEX", "k");
        call("GETEX", "k", "PERSIST");
        call("GETEX", "k", "EX", "100");
        call("GETDEL", "none");
        call("SETRANGE", "k", "0", "");
        call("INCR", "c");
        assertEquals(d + 6, info("rdb_changes_since_last_save"));
    }

    @Test
    void readsCountHitsAndMisses() {
        call("SET", "k", "v");
        long hits = info("keyspace_hits"), misses = info("keyspace_misses");
        call("GET", "k");
        call("GET", "none");
        call("MGET", "k", "none", "k");
        call("SET", "k", "w", "GET");
        assertEquals(hits + 4, info("keyspace_hits"));
        assertEquals(misses + 2, info("keyspace_misses"));
    }

    @Test
    void plainSetStoresTheArgumentAndMutationsNeverTouchIt() {
        call("SET", "k", "abc");
        Object before = value("k");
        call("APPEND", "k", "d");
        assertNotSame(before, value("k"));
        assertEquals("abc", new String((byte[]) before, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
