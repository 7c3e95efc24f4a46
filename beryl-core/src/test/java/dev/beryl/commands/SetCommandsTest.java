package dev.beryl.commands;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.beryl.commands.CommandCalls.WRONGTYPE;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Set commands: replies compared byte for byte with Redis 7.0.15's. */
class SetCommandsTest {
    private static final String INTSET = "$6\r\nintset\r\n";
    private static final String HASHTABLE = "$9\r\nhashtable\r\n";

    @RegisterExtension
    static final CommandCalls r = CommandCalls.emptyEachTest();

    @AfterEach
    void defaults() { r.call("CONFIG", "SET", "set-max-intset-entries", "512"); }

    private static String encoding(String key) { return r.call("OBJECT", "ENCODING", key); }

    private static String array(String... items) { return "*" + items.length + "\r\n" + String.join("", items); }

    private static String[] bulks(String... items) {
        return Arrays.stream(items).map(CommandCalls::bulk).toArray(String[]::new);
    }

    /** The members of an array or set reply, in reply order. */
    private static List<String> members(String reply) {
        String[] parts = reply.split("\r\n");
        List<String> out = new ArrayList<>();
        for (int i = 2; i < parts.length; i += 2) out.add(parts[i]);
        return out;
    }

    @Test
    void intsetsStaySortedUntilAStringOrTheLimit() {
        assertEquals(integer(7), r.call("SADD", "i", "5", "-3", "100000", "-9223372036854775808", "9223372036854775807", "0", "7"));
        assertEquals(array(bulks("-9223372036854775808", "-3", "0", "5", "7", "100000", "9223372036854775807")), r.call("SMEMBERS", "i"));
        assertEquals(INTSET, encoding("i"));
        assertEquals(integer(1), r.call("SADD", "i", "01"));
        assertEquals(HASHTABLE, encoding("i"));
        assertEquals(integer(1), r.call("SREM", "i", "01"));
        assertEquals(HASHTABLE, encoding("i")); // never converts back

        r.call("SADD", "big", "213244124402402314402033402");
        assertEquals(HASHTABLE, encoding("big"));
        r.call("SADD", "str", "a", "1");
        assertEquals(HASHTABLE, encoding("str")); // created for its first member

        r.call("CONFIG", "SET", "set-max-intset-entries", "3");
        r.call("SADD", "e", "1", "2", "3");
        assertEquals(INTSET, encoding("e"));
        r.call("SADD", "e", "4");
        assertEquals(HASHTABLE, encoding("e"));
    }

    @Test
    void membershipAndRemoval() {
        r.call("SADD", "s", "1", "2", "3");
        assertEquals(integer(1), r.call("SADD", "s", "3", "4"));
        assertEquals(integer(4), r.call("SCARD", "s"));
        assertEquals(integer(1), r.call("SISMEMBER", "s", "1"));
        assertEquals(integer(0), r.call("SISMEMBER", "s", "x"));
        assertEquals(integer(0), r.call("SISMEMBER", "nokey", "1"));
        assertEquals("*3\r\n:1\r\n:0\r\n:1\r\n", r.call("SMISMEMBER", "s", "1", "x", "2"));
        assertEquals("*2\r\n:0\r\n:0\r\n", r.call("SMISMEMBER", "nokey", "1", "2"));
        r.call("SADD", "s", "x");
        assertEquals(integer(2), r.call("SREM", "s", "x", "1", "zz"));
        assertEquals(integer(3), r.call("SREM", "s", "2", "3", "4", "5"));
        assertEquals(integer(0), r.call("EXISTS", "s"));
        assertEquals(integer(0), r.call("SREM", "s", "a"));
    }

    @Test
    void wrongTypeEverywhere() {
        r.call("SET", "str", "x");
        r.call("SADD", "s", "1");
        for (String[] cmd : new String[][] {{"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SMEMBERS", "str"}, {"SCARD", "str"},
                {"SISMEMBER", "str", "a"}, {"SMISMEMBER", "str", "a"}, {"SPOP", "str"}, {"SPOP", "str", "2"},
                {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "2"}, {"SMOVE", "str", "s", "1"}, {"SMOVE", "s", "str", "1"},
                {"SINTER", "nokey", "str"}, {"SUNION", "str", "s"}, {"SDIFF", "s", "str"}, {"SINTERSTORE", "d", "str"},
                {"SUNIONSTORE", "d", "str"}, {"SDIFFSTORE", "d", "str"}, {"SINTERCARD", "1", "str"}, {"SSCAN", "str", "0"}}) {
            assertEquals(WRONGTYPE, r.call(cmd), String.join(" ", cmd));
        }
    }

    @Test
    void algebraOfSets() {
        r.call("SADD", "a", "1", "2", "3", "4", "5");
        r.call("SADD", "b", "3", "4", "5", "6", "7");
        r.call("SADD", "c", "5", "7", "9");
        assertEquals(array(bulks("3", "4", "5")), r.call("SINTER", "a", "b"));
        assertEquals(array(bulk("5")), r.call("SINTER", "a", "b", "c"));
        assertEquals("*0\r\n", r.call("SINTER", "a", "b", "nokey"));
        assertEquals(array(bulks("1", "2", "3", "4", "5", "6", "7", "9")), r.call("SUNION", "a", "b", "c"));
        assertEquals(array(bulks("1", "2")), r.call("SDIFF", "a", "b", "c"));
        assertEquals("*0\r\n", r.call("SDIFF", "nokey", "a"));
        assertEquals("*0\r\n", r.call("SDIFF", "a", "a"));
        assertEquals(array(bulks("1", "2", "3", "4", "5")), r.call("SDIFF", "a", "nokey"));
        assertEquals("~3\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n", r.call3("SINTER", "a", "b"));
        assertEquals("~0\r\n", r.call3("SMEMBERS", "nokey"));

        assertEquals(integer(3), r.call("SINTERCARD", "2", "a", "b"));
        assertEquals(integer(2), r.call("SINTERCARD", "2", "a", "b", "LIMIT", "2"));
        assertEquals(integer(3), r.call("SINTERCARD", "2", "a", "b", "limit", "0"));
        assertEquals(integer(0), r.call("SINTERCARD", "3", "a", "b", "nokey"));
        assertEquals(integer(2), r.call("SINTERCARD", "1", "a", "LIMIT", "1", "LIMIT", "2"));
        assertEquals(error("ERR numkeys should be greater than 0"), r.call("SINTERCARD", "a", "a"));
        assertEquals(error("ERR Number of keys can't be greater than number of args"), r.call("SINTERCARD", "3", "a", "b"));
        assertEquals(error("ERR syntax error"), r.call("SINTERCARD", "1", "a", "b"));
        assertEquals(error("ERR syntax error"), r.call("SINTERCARD", "1", "a", "limit"));
        assertEquals(error("ERR LIMIT can't be negative"), r.call("SINTERCARD", "1", "a", "limit", "x"));
    }

    @Test
    void storeFormsReplaceOrDeleteTheDestination() {
        r.call("SADD", "a", "1", "2", "3", "4", "5");
        r.call("SADD", "b", "3", "4", "5", "6", "7");
        r.call("SET", "d", "x");
        r.call("EXPIRE", "d", "100");
        assertEquals(integer(7), r.call("SUNIONSTORE", "d", "a", "b"));
        assertEquals(integer(-1), r.call("TTL", "d"));
        assertEquals(INTSET, encoding("d"));
        assertEquals(integer(3), r.call("SINTERSTORE", "d", "a", "b"));
        assertEquals(array(bulks("3", "4", "5")), r.call("SMEMBERS", "d"));
        assertEquals(integer(2), r.call("SDIFFSTORE", "d", "a", "b"));
        assertEquals(integer(0), r.call("SDIFFSTORE", "d", "a", "a"));
        assertEquals(integer(0), r.call("EXISTS", "d"));
        r.call("SET", "d", "x");
        assertEquals(integer(0), r.call("SINTERSTORE", "d", "a", "nokey"));
        assertEquals(integer(0), r.call("EXISTS", "d"));
        r.call("SADD", "h", "a", "3");
        assertEquals(integer(1), r.call("SINTERSTORE", "d", "h", "a"));
        assertEquals(INTSET, encoding("d")); // results start as intsets whatever the sources
        r.call("SET", "str", "x");
        assertEquals(WRONGTYPE, r.call("SINTERSTORE", "d", "nokey", "str")); // every key is type-checked
        assertEquals(integer(1), r.call("EXISTS", "d"));
    }

    @Test
    void moveBetweenSets() {
        r.call("SADD", "a", "1", "2", "3");
        r.call("SADD", "b", "3");
        assertEquals(integer(1), r.call("SMOVE", "a", "b", "1"));
        assertEquals(integer(0), r.call("SMOVE", "a", "b", "1"));
        assertEquals(integer(1), r.call("SMOVE", "a", "a", "2"));
        assertEquals(integer(0), r.call("SMOVE", "a", "a", "99"));
        assertEquals(integer(0), r.call("SMOVE", "nokey", "a", "1"));
        assertEquals(integer(1), r.call("SMOVE", "a", "new", "2"));
        assertEquals(INTSET, encoding("new"));
        r.call("SADD", "hs", "x", "y");
        assertEquals(integer(1), r.call("SMOVE", "hs", "new2", "x"));
        assertEquals(HASHTABLE, encoding("new2"));
        assertEquals(integer(1), r.call("SMOVE", "hs", "new", "y"));
        assertEquals(HASHTABLE, encoding("new"));
        assertEquals(integer(0), r.call("EXISTS", "hs"));
    }

    @Test
    void popAndRandomMembers() {
        assertEquals("$-1\r\n", r.call("SPOP", "nokey"));
        assertEquals("*0\r\n", r.call("SPOP", "nokey", "3"));
        assertEquals("~0\r\n", r.call3("SPOP", "nokey", "3"));
        assertEquals("$-1\r\n", r.call("SRANDMEMBER", "nokey"));
        assertEquals("*0\r\n", r.call("SRANDMEMBER", "nokey", "3"));
        r.call("SADD", "s", "1");
        assertEquals(error("ERR value is out of range, must be positive"), r.call("SPOP", "s", "-1"));
        assertEquals(error("ERR value is out of range, must be positive"), r.call("SPOP", "s", "x"));
        assertEquals(error("ERR syntax error"), r.call("SPOP", "s", "1", "2"));
        assertEquals(error("ERR value is not an integer or out of range"), r.call("SRANDMEMBER", "s", "x"));
        assertEquals(error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"),
                r.call("SRANDMEMBER", "s", "-9223372036854775808"));
        assertEquals("*0\r\n", r.call("SRANDMEMBER", "s", "0"));
        assertEquals(array(bulks("1", "1", "1")), r.call("SRANDMEMBER", "s", "-3"));

        for (String extra : new String[] {"20", "x"}) { // intset, then hashtable
            r.call("DEL", "s");
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) all.add(Integer.toString(i));
            all.set(19, extra);
            List<String> args = new ArrayList<>(all);
            args.add(0, "s");
            args.add(0, "SADD");
            assertEquals(integer(20), r.call(args.toArray(new String[0])));
            for (int count : new int[] {2, 15, 19, 20, 30}) {
                List<String> got = members(r.call("SRANDMEMBER", "s", Integer.toString(count)));
                assertEquals(Math.min(count, 20), got.size());
                assertEquals(got.size(), new HashSet<>(got).size(), "no repetition");
                assertTrue(all.containsAll(got));
            }
            Set<String> popped = new HashSet<>();
            for (int count : new int[] {2, 15, 1, 5}) {
                List<String> got = members(r.call("SPOP", "s", Integer.toString(count)));
                assertEquals(Math.min(count, 20 - popped.size()), got.size());
                for (String m : got) assertTrue(popped.add(m), "popped twice: " + m);
            }
            assertEquals(new HashSet<>(all), popped);
            assertEquals(integer(0), r.call("EXISTS", "s"));
        }
    }

    @Test
    void randomMembersAreUniform() {
        r.call("SADD", "s", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Map<String, Integer> hits = new HashMap<>();
        for (String m : members(r.call("SRANDMEMBER", "s", "-10000"))) hits.merge(m, 1, Integer::sum);
        double chiSquare = 0;
        for (int h : hits.values()) chiSquare += Math.pow(h - 1000, 2) / 1000.0;
        assertEquals(10, hits.size());
        assertTrue(chiSquare < 40, "chi-square " + chiSquare);
    }

    @Test
    void scanReturnsIntsetsWholeAndWalksBigSets() {
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", r.call("SSCAN", "nokey", "0"));
        r.call("SADD", "g", "1", "2", "3");
        assertEquals("*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n", r.call("SSCAN", "g", "0", "COUNT", "1"));
        assertEquals("*2\r\n$1\r\n0\r\n*1\r\n$1\r\n1\r\n", r.call("SSCAN", "g", "0", "MATCH", "1"));
        assertEquals(error("ERR invalid cursor"), r.call("SSCAN", "g", "x"));
        for (int i = 0; i < 1000; i++) r.call("SADD", "big", "m" + i);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            String[] parts = r.call("SSCAN", "big", cursor).split("\r\n");
            cursor = parts[2];
            for (int i = 5; i < parts.length; i += 2) seen.add(parts[i]);
        } while (!cursor.equals("0"));
        assertEquals(1000, seen.size());
    }
}
