package dev.beryl.commands;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.beryl.commands.CommandCalls.NIL;
import static dev.beryl.commands.CommandCalls.NOT_INTEGER;
import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.WRONGTYPE;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** List commands: replies compared byte for byte with Redis 7.0.15's. */
class ListCommandsTest {
    private static final String NIL_ARRAY = "*-1\r\n";
    private static final String EMPTY = "*0\r\n";

    @RegisterExtension
    static final CommandCalls r = CommandCalls.emptyEachTest();

    @AfterEach
    void defaults() {
        r.call("CONFIG", "SET", "list-max-listpack-size", "-2");
        r.call("CONFIG", "SET", "list-compress-depth", "0");
        r.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0");
    }

    private static String array(String... items) { return "*" + items.length + "\r\n" + String.join("", items); }

    private static String bulks(String... items) {
        String[] b = new String[items.length];
        for (int i = 0; i < items.length; i++) b[i] = bulk(items[i]);
        return array(b);
    }

    private static String[] cmd(String prefix, int from, int to) {
        List<String> args = new ArrayList<>(List.of(prefix.split(" ")));
        for (int i = from; i <= to; i++) args.add(Integer.toString(i));
        return args.toArray(new String[0]);
    }

    /** DEBUG OBJECT without the address and clock fields. */
    private static String debugObject(String key) {
        String s = r.call("DEBUG", "OBJECT", key);
        return s.substring(s.indexOf("encoding:"), s.indexOf(" serializedlength")) + s.substring(s.indexOf(" ql_"));
    }

    @Test
    void pushPopAndRead() {
        assertEquals(integer(3), r.call("RPUSH", "l", "a", "b", "c"));
        assertEquals(integer(5), r.call("LPUSH", "l", "1", "0"));
        assertEquals(bulks("0", "1", "a", "b", "c"), r.call("LRANGE", "l", "0", "-1"));
        assertEquals(bulks("b", "c"), r.call("LRANGE", "l", "-2", "100"));
        assertEquals(EMPTY, r.call("LRANGE", "l", "3", "1"));
        assertEquals(bulk("a"), r.call("LINDEX", "l", "2"));
        assertEquals(bulk("c"), r.call("LINDEX", "l", "-1"));
        assertEquals(NIL, r.call("LINDEX", "l", "5"));
        assertEquals(integer(5), r.call("LLEN", "l"));
        assertEquals(bulk("0"), r.call("LPOP", "l"));
        assertEquals(bulks("c", "b"), r.call("RPOP", "l", "2"));
        assertEquals(bulks("1", "a"), r.call("LPOP", "l", "10"));
        assertEquals(integer(0), r.call("EXISTS", "l"), "an emptied list is deleted");
        assertEquals(integer(0), r.call("LPUSHX", "l", "x"));
        assertEquals(integer(0), r.call("EXISTS", "l"));
        r.call("RPUSH", "l", "x");
        assertEquals("+list\r\n", r.call("TYPE", "l"));
        assertEquals(integer(3), r.call("RPUSHX", "l", "y", "z"));
        assertEquals(bulk("quicklist"), r.call("OBJECT", "ENCODING", "l"));
    }

    @Test
    void popRepliesForMissingKeysAndCounts() {
        assertEquals(NIL, r.call("LPOP", "none"));
        assertEquals(NIL_ARRAY, r.call("LPOP", "none", "1"));
        assertEquals(NIL_ARRAY, r.call("RPOP", "none", "0"));
        assertEquals("_\r\n", r.call3("LPOP", "none"));
        assertEquals("_\r\n", r.call3("RPOP", "none", "3"));
        r.call("RPUSH", "l", "a");
        assertEquals(EMPTY, r.call("LPOP", "l", "0"));
        assertEquals(error("ERR value is out of range, must be positive"), r.call("LPOP", "l", "-1"));
        assertEquals(error("ERR value is out of range, must be positive"), r.call("LPOP", "l", "x"));
        assertEquals(error("ERR wrong number of arguments for 'lpop' command"), r.call("LPOP", "l", "1", "1"));
    }

    @Test
    void wrongTypeAndArgumentErrors() {
        r.call("SET", "s", "x");
        for (String[] c : new String[][] {{"LPUSH", "s", "a"}, {"LLEN", "s"}, {"LINDEX", "s", "0"}, {"LRANGE", "s", "0", "1"},
                {"LPOP", "s"}, {"LSET", "s", "0", "a"}, {"LREM", "s", "0", "a"}, {"LTRIM", "s", "0", "1"},
                {"LPOS", "s", "a"}, {"LINSERT", "s", "BEFORE", "a", "b"}, {"RPOPLPUSH", "s", "d"}, {"BLPOP", "s", "0"}}) {
            assertEquals(WRONGTYPE, r.call(c), String.join(" ", c));
        }
        assertEquals(error("ERR no such key"), r.call("LSET", "none", "x", "a"), "the key is looked up first");
        assertEquals(NIL, r.call("LINDEX", "none", "x"));
        assertEquals(NOT_INTEGER, r.call("LTRIM", "none", "x", "1"), "the indexes are parsed first");
        r.call("RPUSH", "l", "a");
        assertEquals(error("ERR index out of range"), r.call("LSET", "l", "1", "b"));
        assertEquals(error("ERR syntax error"), r.call("LINSERT", "l", "aft3r", "a", "b"));
        assertEquals(error("ERR syntax error"), r.call("LMOVE", "l", "m", "up", "left"));
        assertEquals(error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use "
                + "negative to start from the end of the list"), r.call("LPOS", "l", "a", "RANK", "0"));
        assertEquals(error("ERR COUNT can't be negative"), r.call("LPOS", "l", "a", "COUNT", "x"));
        assertEquals(error("ERR MAXLEN can't be negative"), r.call("LPOS", "l", "a", "MAXLEN", "-1"));
        assertEquals(error("ERR numkeys should be greater than 0"), r.call("LMPOP", "0", "l", "LEFT"));
        assertEquals(error("ERR syntax error"), r.call("LMPOP", "2", "l", "LEFT"));
        assertEquals(error("ERR syntax error"), r.call("LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "2"));
        assertEquals(error("ERR count should be greater than 0"), r.call("LMPOP", "1", "l", "LEFT", "COUNT", "0"));
        assertEquals(error("ERR timeout is not a float or out of range"), r.call("BLPOP", "l", "abc"));
        assertEquals(error("ERR timeout is negative"), r.call("BLPOP", "l", "-1"));
        assertEquals(error("ERR timeout is negative"), r.call("BLPOP", "l", "inf"), "no room for it in a long of ms");
        assertEquals(error("ERR timeout is negative"), r.call("BLPOP", "l", "9223372036854776"));
        assertEquals(error("ERR timeout is not a float or out of range"), r.call("BLPOP", "l", "1e5000"), "long double overflow");
        assertEquals(error("ERR timeout is not a float or out of range"), r.call("BLPOP", "l", " 1"));
        assertEquals(error("ERR numkeys should be greater than 0"), r.call("BLMPOP", "0.01", "0", "l", "LEFT"));
    }

    @Test
    void insertRemoveSetTrim() {
        r.call("RPUSH", "l", "a", "b", "c", "b", "d");
        assertEquals(integer(6), r.call("LINSERT", "l", "BEFORE", "b", "x"));
        assertEquals(integer(7), r.call("LINSERT", "l", "after", "d", "42"));
        assertEquals(integer(-1), r.call("LINSERT", "l", "after", "nope", "y"));
        assertEquals(integer(0), r.call("LINSERT", "none", "after", "a", "y"));
        assertEquals(bulks("a", "x", "b", "c", "b", "d", "42"), r.call("LRANGE", "l", "0", "-1"));
        assertEquals(integer(1), r.call("LREM", "l", "-1", "b"));
        assertEquals(bulks("a", "x", "b", "c", "d", "42"), r.call("LRANGE", "l", "0", "-1"));
        assertEquals(integer(1), r.call("LREM", "l", "0", "42"), "integers compare by value");
        assertEquals(OK, r.call("LSET", "l", "-1", "z"));
        assertEquals(OK, r.call("LTRIM", "l", "1", "-2"));
        assertEquals(bulks("x", "b", "c"), r.call("LRANGE", "l", "0", "-1"));
        assertEquals(OK, r.call("LTRIM", "l", "5", "10"));
        assertEquals(integer(0), r.call("EXISTS", "l"));
    }

    @Test
    void lpos() {
        r.call("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c");
        assertEquals(integer(2), r.call("LPOS", "l", "c"));
        assertEquals(integer(7), r.call("LPOS", "l", "c", "RANK", "-1"));
        assertEquals(array(integer(2), integer(6), integer(7)), r.call("LPOS", "l", "c", "COUNT", "0"));
        assertEquals(array(integer(7), integer(6)), r.call("LPOS", "l", "c", "COUNT", "2", "RANK", "-1"));
        assertEquals(array(integer(6)), r.call("LPOS", "l", "c", "COUNT", "0", "MAXLEN", "7", "RANK", "2"));
        assertEquals(NIL, r.call("LPOS", "l", "x"));
        assertEquals(EMPTY, r.call("LPOS", "l", "x", "COUNT", "2"));
        assertEquals(EMPTY, r.call("LPOS", "none", "x", "COUNT", "2"));
        assertEquals(integer(7), r.call("LPOS", "l", "c", "RANK", "-9223372036854775808"), "-LONG_MIN is LONG_MIN in C");
    }

    @Test
    void moveAndMultiPop() {
        r.call("RPUSH", "src", "a", "b", "c");
        assertEquals(bulk("c"), r.call("RPOPLPUSH", "src", "dst"));
        assertEquals(bulk("a"), r.call("LMOVE", "src", "dst", "LEFT", "RIGHT"));
        assertEquals(bulks("c", "a"), r.call("LRANGE", "dst", "0", "-1"));
        assertEquals(bulk("b"), r.call("LMOVE", "src", "src", "LEFT", "RIGHT"), "a one-element list onto itself");
        assertEquals(bulk("b"), r.call("LMOVE", "src", "dst", "LEFT", "LEFT"));
        assertEquals(integer(0), r.call("EXISTS", "src"));
        assertEquals(NIL, r.call("RPOPLPUSH", "src", "dst"));
        r.call("SET", "str", "x");
        assertEquals(WRONGTYPE, r.call("RPOPLPUSH", "dst", "str"));
        assertEquals(integer(3), r.call("LLEN", "dst"), "nothing popped when the destination is not a list");

        assertEquals(array(bulk("dst"), bulks("b", "c")), r.call("LMPOP", "2", "none", "dst", "LEFT", "COUNT", "2"));
        assertEquals(array(bulk("dst"), bulks("a")), r.call("LMPOP", "1", "dst", "RIGHT", "COUNT", "5"));
        assertEquals(NIL_ARRAY, r.call("LMPOP", "2", "none", "dst", "LEFT"));
        assertEquals(WRONGTYPE, r.call("LMPOP", "2", "none", "str", "LEFT"));
    }

    @Test
    void blockingCommandsInsideMultiDoNotWait() {
        r.call("RPUSH", "l", "a");
        String replies = r.session("MULTI", "BLPOP l 0", "BLPOP l 0", "BRPOPLPUSH l m 0", "BLMPOP 0 1 l LEFT", "EXEC");
        assertEquals(OK + "+QUEUED\r\n".repeat(4) + array(bulks("l", "a"), NIL_ARRAY, NIL, NIL_ARRAY), replies);
    }

    @Test
    void nodeLayoutMatchesRedis() {
        r.call(cmd("RPUSH big", 1, 3000));
        assertEquals("encoding:quicklist ql_nodes:2 ql_avg_node:1500.00 ql_listpack_max:-2 ql_compressed:0 "
                + "ql_uncompressed_size:8887\r\n", debugObject("big"));
        r.call("CONFIG", "SET", "list-max-ziplist-size", "3");
        r.call(cmd("RPUSH small", 1, 10));
        assertEquals("encoding:quicklist ql_nodes:4 ql_avg_node:2.50 ql_listpack_max:3 ql_compressed:0 "
                + "ql_uncompressed_size:48\r\n", debugObject("small"));
        r.call("CONFIG", "SET", "list-max-ziplist-size", "-2");
        r.call("CONFIG", "SET", "list-compress-depth", "1");
        r.call(cmd("RPUSH comp", 1000000, 1003000));
        assertEquals("encoding:quicklist ql_nodes:2 ql_avg_node:1500.50 ql_listpack_max:-2 ql_compressed:1 "
                + "ql_uncompressed_size:15019\r\n", debugObject("comp"));
        assertEquals(bulk("1001500"), r.call("LINDEX", "comp", "1500"));
        assertEquals(error("ERR argument must be a memory value bigger than 1 and smaller than 4gb"),
                r.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "5gb"));
        assertEquals(OK, r.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1b"));
    }

    @Test
    void copyDigestAndMemory() {
        r.call("RPUSH", "l", "a", "b", "c", "1", "2", "3");
        assertEquals(integer(1), r.call("COPY", "l", "l2"));
        String digest = "+28150a3b2cc0efbc98d23e7962f278329e3b583b\r\n";
        assertEquals(array(digest), r.call("DEBUG", "DIGEST-VALUE", "l"), "the digest Redis computes for this list");
        assertEquals(array(digest), r.call("DEBUG", "DIGEST-VALUE", "l2"));
        r.call("RPUSH", "l2", "x");
        assertEquals(integer(6), r.call("LLEN", "l"), "the copy is independent");
        assertTrue(r.call("MEMORY", "USAGE", "l").startsWith(":"));
    }
}
