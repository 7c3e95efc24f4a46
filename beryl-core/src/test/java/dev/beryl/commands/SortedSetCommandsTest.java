package dev.beryl.commands;

import dev.beryl.DevServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Arrays;

import static dev.beryl.commands.CommandCalls.WRONGTYPE;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sorted set commands: replies compared byte for byte with Redis 7.0.15's. */
class SortedSetCommandsTest {
    private static final String NULL = "$-1\r\n";
    private static final String LISTPACK = bulk("listpack");
    private static final String SKIPLIST = bulk("skiplist");

    @RegisterExtension
    static final CommandCalls r = CommandCalls.emptyEachTest();

    @AfterEach
    void defaults() {
        r.call("CONFIG", "SET", "zset-max-listpack-entries", "128");
        r.call("CONFIG", "SET", "zset-max-listpack-value", "64");
    }

    private static String array(String... items) { return "*" + items.length + "\r\n" + String.join("", items); }

    private static String[] bulks(String... items) {
        return Arrays.stream(items).map(CommandCalls::bulk).toArray(String[]::new);
    }

    @Test
    void zaddOptionsAndErrors() {
        assertEquals(integer(3), r.call("ZADD", "z", "1", "a", "2", "b", "3", "c"));
        assertEquals(integer(1), r.call("ZADD", "z", "CH", "5", "a", "2", "b"));
        assertEquals(integer(0), r.call("ZADD", "z", "GT", "CH", "1", "a"));
        assertEquals(bulk("7.5"), r.call("ZADD", "z", "INCR", "2.5", "a"));
        assertEquals(NULL, r.call("ZADD", "z", "NX", "INCR", "1", "a"));
        assertEquals(NULL, r.call("ZADD", "nokey", "XX", "INCR", "1", "a"));
        assertEquals(integer(0), r.call("EXISTS", "nokey"));
        assertEquals(error("ERR XX and NX options at the same time are not compatible"), r.call("ZADD", "z", "NX", "XX", "1", "a"));
        assertEquals(error("ERR GT, LT, and/or NX options at the same time are not compatible"), r.call("ZADD", "z", "GT", "LT", "1", "a"));
        assertEquals(error("ERR INCR option supports a single increment-element pair"), r.call("ZADD", "z", "INCR", "1", "a", "2", "b"));
        assertEquals(error("ERR syntax error"), r.call("ZADD", "z", "1", "a", "2"));
        assertEquals(error("ERR value is not a valid float"), r.call("ZADD", "z", "nan", "a"));
        assertEquals(error("ERR value is not a valid float"), r.call("ZADD", "z", "1e400", "a"));
        assertEquals(error("ERR value is not a valid float"), r.call("ZADD", "z", "1e-400", "a"));
        assertEquals(error("ERR value is not a valid float"), r.call("ZINCRBY", "z", "-1e400", "a"));
        assertEquals(error("ERR weight value is not a float"), r.call("ZUNIONSTORE", "d", "1", "z", "WEIGHTS", "1e400"));
        assertEquals(array(), r.call("ZRANGEBYSCORE", "z", "1e400", "2e400")); // ranges keep strtod's inf
        assertEquals(bulk("inf"), r.call("ZINCRBY", "z", "inf", "x"));
        assertEquals(error("ERR resulting score is not a number (NaN)"), r.call("ZINCRBY", "z", "-inf", "x"));
        assertEquals(bulk("0.10000000000000001"), r.call("ZINCRBY", "f", "0.1", "m"));
        assertEquals(bulk("0.30000000000000004"), r.call("ZINCRBY", "f", "0.2", "m"));
    }

    @Test
    void encodingFollowsTheConfigurationLikeRedis() {
        r.call("ZADD", "z", "1", "a");
        assertEquals(LISTPACK, r.call("OBJECT", "ENCODING", "z"));
        r.call("CONFIG", "SET", "zset-max-ziplist-entries", "2");
        r.call("ZADD", "z", "2", "b");
        assertEquals(LISTPACK, r.call("OBJECT", "ENCODING", "z"));
        r.call("ZADD", "z", "3", "c");
        assertEquals(SKIPLIST, r.call("OBJECT", "ENCODING", "z"));
        assertEquals("+zset\r\n", r.call("TYPE", "z"));
        r.call("CONFIG", "SET", "zset-max-listpack-value", "3");
        r.call("ZADD", "long", "1", "abcd"); // the first member decides a new key's encoding
        assertEquals(SKIPLIST, r.call("OBJECT", "ENCODING", "long"));
        assertEquals(array(bulks("zset-max-ziplist-value", "3")), r.call("CONFIG", "GET", "zset-max-ziplist-value"));
        // a STORE result small enough turns back into a listpack
        r.call("CONFIG", "SET", "zset-max-listpack-entries", "128");
        r.call("CONFIG", "SET", "zset-max-listpack-value", "64");
        assertEquals(integer(3), r.call("ZUNIONSTORE", "u", "1", "z"));
        assertEquals(LISTPACK, r.call("OBJECT", "ENCODING", "u"));
    }

    @Test
    void rangesScoresAndRanks() {
        r.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        assertEquals(array(bulks("b", "2", "c", "3")), r.call("ZRANGE", "z", "1", "2", "WITHSCORES"));
        assertEquals(array(bulks("d", "c")), r.call("ZRANGE", "z", "(5", "2", "BYSCORE", "REV", "LIMIT", "0", "2"));
        assertEquals(array(bulks("b", "c")), r.call("ZRANGEBYLEX", "z", "(a", "[c"));
        assertEquals(error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"),
                r.call("ZRANGE", "z", "0", "1", "LIMIT", "0", "1"));
        assertEquals(error("ERR min or max is not a float"), r.call("ZRANGEBYSCORE", "z", "x", "1"));
        assertEquals(error("ERR min or max not valid string range item"), r.call("ZLEXCOUNT", "z", "a", "+"));
        assertEquals(integer(2), r.call("ZCOUNT", "z", "(1", "3"));
        assertEquals(integer(3), r.call("ZREVRANK", "z", "a"));
        assertEquals("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n4\r\n", r.call("ZMSCORE", "z", "a", "x", "d"));
        assertEquals(integer(2), r.call("ZRANGESTORE", "dst", "z", "0", "1"));
        assertEquals(array(bulks("a", "1", "b", "2")), r.call("ZRANGE", "dst", "0", "-1", "WITHSCORES"));
        assertEquals(integer(2), r.call("ZREMRANGEBYSCORE", "z", "-inf", "(3"));
        assertEquals(integer(2), r.call("ZREMRANGEBYRANK", "z", "0", "-1"));
        assertEquals(integer(0), r.call("EXISTS", "z"));
    }

    @Test
    void resp3RepliesNestPairsAndUseDoubles() {
        r.call("ZADD", "z", "1", "a", "2.5", "b");
        assertEquals("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n", r.call3("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        assertEquals(",2.5\r\n", r.call3("ZSCORE", "z", "b"));
        assertEquals("*2\r\n$1\r\na\r\n,1\r\n", r.call3("ZPOPMIN", "z"));
        assertEquals("*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n", r.call3("ZPOPMIN", "z", "1"));
    }

    @Test
    void algebraWithWeightsAndPlainSets() {
        r.call("ZADD", "z1", "1", "a", "2", "b");
        r.call("ZADD", "z2", "3", "b", "4", "c");
        r.call("SADD", "s", "a", "c");
        assertEquals(array(bulks("a", "2", "c", "12", "b", "13")), r.call("ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "3", "WITHSCORES"));
        assertEquals(array(bulks("b", "2")), r.call("ZINTER", "2", "z1", "z2", "AGGREGATE", "MIN", "WITHSCORES"));
        assertEquals(array(bulks("a", "1")), r.call("ZDIFF", "2", "z1", "z2", "WITHSCORES"));
        assertEquals(array(bulks("a", "2")), r.call("ZINTER", "2", "z1", "s", "WITHSCORES"));
        assertEquals(array(bulks("a", "1", "b", "3", "c", "5")), r.call("ZUNION", "2", "s", "z2", "WITHSCORES"));
        assertEquals(array(bulks("a", "1", "b", "3", "c", "4")), r.call("ZUNION", "2", "s", "z2", "AGGREGATE", "MAX", "WITHSCORES"));
        assertEquals(integer(1), r.call("ZINTERCARD", "2", "z1", "z2"));
        assertEquals(error("ERR at least 1 input key is needed for 'zunionstore' command"), r.call("ZUNIONSTORE", "d", "0", "z1"));
        assertEquals(error("ERR weight value is not a float"), r.call("ZUNION", "1", "z1", "WEIGHTS", "x"));
        r.call("SET", "str", "x");
        assertEquals(WRONGTYPE, r.call("ZUNION", "2", "z1", "str"));
    }

    @Test
    void popsAndWrongType() {
        r.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        assertEquals(array(bulks("c", "3")), r.call("ZPOPMAX", "z"));
        assertEquals(array(bulk("z"), array(array(bulks("a", "1")), array(bulks("b", "2")))), r.call("ZMPOP", "1", "z", "MIN", "COUNT", "5"));
        assertEquals(integer(0), r.call("EXISTS", "z"));
        assertEquals("*-1\r\n", r.call("ZMPOP", "1", "z", "MIN"));
        assertEquals(error("ERR value is out of range, must be positive"), r.call("ZPOPMIN", "z", "-1"));
        assertEquals(error("ERR numkeys should be greater than 0"), r.call("ZMPOP", "0", "z", "MIN"));
        assertEquals(error("ERR count should be greater than 0"), r.call("ZMPOP", "1", "z", "MIN", "COUNT", "0"));
        assertEquals("*-1\r\n", r.call("BZPOPMIN", "z", "0")); // no connection to block: a timeout at once
        r.call("SET", "str", "x");
        for (String[] cmd : new String[][] {{"ZADD", "str", "1", "a"}, {"ZRANGE", "str", "0", "1"}, {"ZSCORE", "str", "a"},
                {"ZCARD", "str"}, {"ZREM", "str", "a"}, {"ZPOPMIN", "str"}, {"ZRANDMEMBER", "str"}, {"ZSCAN", "str", "0"},
                {"ZRANGESTORE", "d", "str", "0", "1"}, {"ZMSCORE", "str", "a"}, {"ZCOUNT", "str", "0", "1"}}) {
            assertEquals(WRONGTYPE, r.call(cmd), String.join(" ", cmd));
        }
    }

    @Test
    void digestAndCopyMatchRedis() {
        r.call("ZADD", "z", "1", "a");
        // DEBUG DIGEST-VALUE of the same content on Redis 7.0.15
        assertEquals("*1\r\n+430190c6ed5abafff87d97b4f51a92796ed05895\r\n", r.call("DEBUG", "DIGEST-VALUE", "z"));
        r.call("CONFIG", "SET", "zset-max-listpack-entries", "0");
        r.call("ZADD", "s", "1", "a");
        assertEquals(SKIPLIST, r.call("OBJECT", "ENCODING", "s"));
        assertEquals("*1\r\n+430190c6ed5abafff87d97b4f51a92796ed05895\r\n", r.call("DEBUG", "DIGEST-VALUE", "s"));
        assertEquals(integer(1), r.call("COPY", "s", "c"));
        assertEquals(SKIPLIST, r.call("OBJECT", "ENCODING", "c"));
        r.call("ZADD", "c", "2", "b");
        assertEquals(integer(1), r.call("ZCARD", "s"));
    }

    @Test
    void sortReadsSortedSetsAndConvertsThemAsRedis() {
        r.call("ZADD", "z", "1", "c", "2", "a", "3", "b");
        assertEquals(array(bulks("a", "b", "c")), r.call("SORT", "z", "ALPHA"));
        assertEquals(SKIPLIST, r.call("OBJECT", "ENCODING", "z")); // SORT converts a listpack for good
        assertEquals(array(bulks("b", "a")), r.call("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "0", "2"));
        assertEquals(array(bulks("a", "b")), r.call("SORT", "z", "BY", "nosort", "LIMIT", "1", "5"));
    }

    @Test
    void blockedPopIsServedByZadd() throws IOException {
        try (DevServer server = new DevServer(0); RawSocket a = new RawSocket(server.port()); RawSocket b = new RawSocket(server.port())) {
            a.send("BZPOPMIN q 0\r\n");
            for (int i = 0; i < 500 && !b.call("INFO clients").contains("blocked_clients:1\r\n"); i++) sleep();
            assertEquals(integer(2), b.call("ZADD q 2 y 1 x"));
            a.expect(array(bulks("q", "x", "1")));
            assertEquals(array(bulks("y", "2")), b.call("ZRANGE q 0 -1 WITHSCORES"));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
