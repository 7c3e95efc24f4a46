package dev.beryl.commands;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.beryl.commands.CommandCalls.NIL;
import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.WRONGTYPE;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hash commands: replies compared byte for byte with Redis 7.0.15's. */
class HashCommandsTest {
    @RegisterExtension
    static final CommandCalls r = CommandCalls.emptyEachTest();

    @AfterEach
    void defaults() {
        r.call("CONFIG", "SET", "hash-max-listpack-entries", "512");
        r.call("CONFIG", "SET", "hash-max-listpack-value", "64");
    }

    private static String encoding(String key) { return r.call("OBJECT", "ENCODING", key); }

    private static String array(String... items) { return "*" + items.length + "\r\n" + String.join("", items); }

    @Test
    void setGetAndListInInsertionOrder() {
        assertEquals(integer(3), r.call("HSET", "h", "a", "1", "b", "2", "c", "3"));
        assertEquals(integer(1), r.call("HSET", "h", "a", "10", "d", "4"));
        assertEquals(OK, r.call("HMSET", "h", "a", "1"));
        assertEquals(error("ERR wrong number of arguments for 'hset' command"), r.call("HSET", "h", "x"));
        assertEquals(error("ERR wrong number of arguments for 'hmset' command"), r.call("HMSET", "h", "x"));
        assertEquals(bulk("1"), r.call("HGET", "h", "a"));
        assertEquals(NIL, r.call("HGET", "h", "zz"));
        assertEquals(NIL, r.call("HGET", "nokey", "a"));
        assertEquals(array(bulk("1"), NIL, bulk("2")), r.call("HMGET", "h", "a", "zz", "b"));
        assertEquals(array(NIL, NIL), r.call("HMGET", "nokey", "a", "b"));
        assertEquals(array(bulk("a"), bulk("1"), bulk("b"), bulk("2"), bulk("c"), bulk("3"), bulk("d"), bulk("4")),
                r.call("HGETALL", "h"));
        assertEquals(array(bulk("a"), bulk("b"), bulk("c"), bulk("d")), r.call("HKEYS", "h"));
        assertEquals(array(bulk("1"), bulk("2"), bulk("3"), bulk("4")), r.call("HVALS", "h"));
        assertEquals(integer(4), r.call("HLEN", "h"));
        assertEquals(integer(0), r.call("HLEN", "nokey"));
        assertEquals(integer(1), r.call("HEXISTS", "h", "a"));
        assertEquals(integer(0), r.call("HEXISTS", "h", "zz"));
        assertEquals(integer(0), r.call("HSETNX", "h", "a", "5"));
        assertEquals(integer(1), r.call("HSETNX", "h", "e", "5"));
        assertEquals("$8\r\nlistpack\r\n", encoding("h"));
        r.call("HSET", "h1", "a", "1");
        assertEquals("%1\r\n$1\r\na\r\n$1\r\n1\r\n", r.call3("HGETALL", "h1"));
        assertEquals("%0\r\n", r.call3("HGETALL", "nokey"));
        assertEquals("*0\r\n", r.call("HGETALL", "nokey"));
    }

    @Test
    void strlenCountsIntegersInDecimal() {
        for (String v : new String[] {"-9223372036854775808", "9223372036854775807", "9223372036854775808", "", "0", "-1", "x"}) {
            r.call("HSET", "small", "f", v);
            assertEquals(integer(v.length()), r.call("HSTRLEN", "small", "f"));
        }
        assertEquals(integer(0), r.call("HSTRLEN", "small", "zz"));
    }

    @Test
    void deletingTheLastFieldDeletesTheKey() {
        r.call("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertEquals(integer(0), r.call("HDEL", "h", "x", "y"));
        assertEquals(integer(2), r.call("HDEL", "h", "a", "c", "f"));
        assertEquals(integer(1), r.call("HDEL", "h", "b", "b", "zz"));
        assertEquals(integer(0), r.call("EXISTS", "h"));
        assertEquals(integer(0), r.call("HDEL", "h", "a"));
    }

    @Test
    void incrementsAndTheirErrors() {
        assertEquals(integer(-7), r.call("HINCRBY", "h", "new", "-7"));
        assertEquals(integer(9223372036854775800L), r.call("HINCRBY", "h", "new", "9223372036854775807"));
        assertEquals(error("ERR increment or decrement would overflow"), r.call("HINCRBY", "h", "new", "8"));
        assertEquals(error("ERR value is not an integer or out of range"), r.call("HINCRBY", "h", "new", "x"));
        r.call("HSET", "h", "str", "abc", "sp", " 11");
        assertEquals(error("ERR hash value is not an integer"), r.call("HINCRBY", "h", "str", "1"));
        assertEquals(error("ERR hash value is not an integer"), r.call("HINCRBY", "h", "sp", "1"));
        assertEquals(error("ERR hash value is not a float"), r.call("HINCRBYFLOAT", "h", "str", "1"));
        assertEquals(error("ERR hash value is not a float"), r.call("HINCRBYFLOAT", "h", "sp", "1"));
        assertEquals(error("ERR value is not a valid float"), r.call("HINCRBYFLOAT", "h", "new", "x"));
        assertEquals(error("ERR value is NaN or Infinity"), r.call("HINCRBYFLOAT", "h2", "f", "+inf"));
        assertEquals(integer(0), r.call("EXISTS", "h2"));
        assertEquals(bulk("1.23"), r.call("HINCRBYFLOAT", "h", "f", "1.23"));
        assertEquals(bulk("2"), r.call("HINCRBYFLOAT", "h", "f", "0.77"));
        assertEquals(bulk("1.9"), r.call("HINCRBYFLOAT", "h", "f", "-0.1"));
        assertEquals(bulk("16"), r.call("HINCRBYFLOAT", "h", "g", "0x10"));
        assertEquals(bulk("9223372036854775801"), r.call("HINCRBYFLOAT", "h", "new", "1")); // from a listpack integer
        // a long double does not overflow where a double would
        r.call("HINCRBYFLOAT", "h", "big", "1e308");
        assertTrue(r.call("HINCRBYFLOAT", "h", "big", "1e308").startsWith("$309\r\n19999999999999999999337"));
    }

    @Test
    void encodingFollowsTheConfiguredLimits() {
        r.call("CONFIG", "SET", "hash-max-listpack-entries", "4");
        r.call("CONFIG", "SET", "hash-max-ziplist-value", "8");
        r.call("HSET", "h2", "a", "1", "b", "2", "c", "3", "d", "4");
        assertEquals("$8\r\nlistpack\r\n", encoding("h2"));
        r.call("HSET", "h2", "e", "5");
        assertEquals("$9\r\nhashtable\r\n", encoding("h2"));
        r.call("HSET", "h3", "a", "12345678");
        assertEquals("$8\r\nlistpack\r\n", encoding("h3"));
        r.call("HSET", "h3", "b", "123456789");
        assertEquals("$9\r\nhashtable\r\n", encoding("h3"));
        r.call("HINCRBY", "h5", "123456789", "1");
        assertEquals("$9\r\nhashtable\r\n", encoding("h5"));
        r.call("HSET", "h8", "n", "99999999");
        r.call("HINCRBY", "h8", "n", "1"); // the result is longer than the limit
        assertEquals("$9\r\nhashtable\r\n", encoding("h8"));
        r.call("HINCRBYFLOAT", "h6", "x", "1.123456789");
        assertEquals("$9\r\nhashtable\r\n", encoding("h6"));
        r.call("HSETNX", "h7", "x", "123456789");
        assertEquals("$9\r\nhashtable\r\n", encoding("h7"));
        assertEquals(bulk("123456789"), r.call("HGET", "h7", "x"));
    }

    @Test
    void wrongTypeEverywhere() {
        r.call("SET", "s", "x");
        for (String[] cmd : new String[][] {{"HGET", "s", "a"}, {"HSET", "s", "a", "1"}, {"HGETALL", "s"}, {"HLEN", "s"},
                {"HRANDFIELD", "s"}, {"HRANDFIELD", "s", "2"}, {"HSCAN", "s", "0"}, {"HMGET", "s", "a"}, {"HDEL", "s", "a"},
                {"HINCRBY", "s", "a", "1"}, {"HINCRBYFLOAT", "s", "a", "1"}, {"HSTRLEN", "s", "a"}, {"HEXISTS", "s", "a"}}) {
            assertEquals(WRONGTYPE, r.call(cmd), String.join(" ", cmd));
        }
    }

    @Test
    void randomFieldRepliesAndErrors() {
        assertEquals(NIL, r.call("HRANDFIELD", "h"));
        assertEquals("*0\r\n", r.call("HRANDFIELD", "h", "5"));
        r.call("HSET", "h", "a", "1");
        assertEquals(bulk("a"), r.call("HRANDFIELD", "h"));
        assertEquals("*0\r\n", r.call("HRANDFIELD", "h", "0"));
        assertEquals(array(bulk("a"), bulk("1")), r.call("HRANDFIELD", "h", "5", "withvalues"));
        assertEquals(array(bulk("a"), bulk("a"), bulk("a")), r.call("HRANDFIELD", "h", "-3"));
        assertEquals("*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", r.call3("HRANDFIELD", "h", "-2", "withvalues"));
        assertEquals(error("ERR syntax error"), r.call("HRANDFIELD", "h", "5", "withvalue"));
        assertEquals(error("ERR syntax error"), r.call("HRANDFIELD", "h", "5", "withvalues", "x"));
        assertEquals(error("ERR value is not an integer or out of range"), r.call("HRANDFIELD", "h", "x"));
        assertEquals(error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"),
                r.call("HRANDFIELD", "h", "-9223372036854775808"));
        assertEquals(error("ERR value is out of range"), r.call("HRANDFIELD", "h", "-4611686018427387904", "withvalues"));
    }

    @Test
    void randomFieldsWithoutRepetitionCoverEveryStrategy() {
        for (String big : new String[] {"j", "x".repeat(100)}) { // listpack, then hashtable
            r.call("DEL", "h");
            for (int i = 0; i < 9; i++) r.call("HSET", "h", "f" + i, "v" + i);
            r.call("HSET", "h", "f9", big);
            for (int count : new int[] {2, 8, 10, 20}) {
                String reply = r.call("HRANDFIELD", "h", Integer.toString(count), "WITHVALUES");
                int n = Math.min(count, 10);
                assertTrue(reply.startsWith("*" + (2 * n) + "\r\n"), reply);
                java.util.Set<String> fields = new java.util.HashSet<>();
                String[] parts = reply.split("\r\n");
                for (int i = 2; i < parts.length; i += 4) {
                    String f = parts[i];
                    assertTrue(fields.add(f), "repeated " + f);
                    String v = parts[i + 2];
                    assertEquals(f.equals("f9") ? big : "v" + f.substring(1), v);
                }
                assertEquals(n, fields.size());
            }
        }
    }

    @Test
    void scanReturnsSmallHashesWhole() {
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", r.call("HSCAN", "nokey", "0", "foo"));
        r.call("HSET", "h", "a", "1", "b", "2");
        assertEquals("*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", r.call("HSCAN", "h", "0", "COUNT", "1"));
        assertEquals("*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n", r.call("HSCAN", "h", "0", "MATCH", "b*"));
        assertEquals(error("ERR syntax error"), r.call("HSCAN", "h", "0", "count", "0"));
        assertEquals(error("ERR syntax error"), r.call("HSCAN", "h", "0", "type", "string"));
        assertEquals(error("ERR value is not an integer or out of range"), r.call("HSCAN", "h", "0", "count", "x"));
        assertEquals(error("ERR invalid cursor"), r.call("HSCAN", "h", "x"));
    }

    @Test
    void scanWalksABigHashWithTheCursor() {
        for (int i = 0; i < 1000; i++) r.call("HSET", "big", "f" + i, "v" + i);
        assertEquals("$9\r\nhashtable\r\n", encoding("big"));
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = "0";
        do {
            String[] parts = r.call("HSCAN", "big", cursor, "COUNT", "50").split("\r\n");
            cursor = parts[2];
            for (int i = 5; i < parts.length; i += 4) {
                assertEquals("v" + parts[i].substring(1), parts[i + 2]);
                seen.add(parts[i]);
            }
        } while (!cursor.equals("0"));
        assertEquals(1000, seen.size());
    }
}
