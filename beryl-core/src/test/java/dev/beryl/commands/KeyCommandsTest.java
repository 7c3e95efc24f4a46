package dev.beryl.commands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.SYNTAX;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyCommandsTest {
    private static final String NOT_INT = error("ERR value is not an integer or out of range");
    private static final String SAME = error("ERR source and destination objects are the same");
    private static final String DB_RANGE = error("ERR DB index is out of range");

    @RegisterExtension
    static final CommandCalls r = CommandCalls.emptyEachTest();

    @Test
    void delUnlinkExistsCount() {
        r.call("SET", "a", "1");
        r.call("SET", "b", "2");
        r.call("SET", "c", "3");
        assertEquals(integer(3), r.call("EXISTS", "a", "a", "b", "zz"));
        assertEquals(integer(1), r.call("DEL", "a", "zz", "a"));
        assertEquals(integer(2), r.call("UNLINK", "b", "c"));
        assertEquals(integer(0), r.call("EXISTS", "a", "b", "c"));
        assertEquals(error("ERR wrong number of arguments for 'del' command"), r.call("DEL"));
    }

    @Test
    void typeAndDbsize() {
        r.call("SET", "s", "x");
        assertEquals("+string\r\n", r.call("TYPE", "s"));
        assertEquals("+none\r\n", r.call("TYPE", "missing"));
        assertEquals(integer(1), r.call("DBSIZE"));
    }

    @Test
    void keysMatchesGlobAndSkipsExpired() throws InterruptedException {
        for (String k : new String[] {"key_x", "key_y", "foo_a"}) r.call("SET", k, "v");
        r.call("SET", "gone", "v");
        r.call("PEXPIRE", "gone", "1");
        Thread.sleep(5);
        assertEquals("*1\r\n" + bulk("foo_a"), r.call("KEYS", "foo*"));
        String all = r.call("KEYS", "*");
        assertTrue(all.startsWith("*3\r\n") && all.contains(bulk("key_x")) && all.contains(bulk("key_y")), all);
        assertEquals("*0\r\n", r.call("KEYS", "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"));
    }

    @Test
    void randomKey() {
        assertEquals("$-1\r\n", r.call("RANDOMKEY"));
        r.call("SET", "only", "v");
        assertEquals(bulk("only"), r.call("RANDOMKEY"));
    }

    @Test
    void renameMovesValueAndTtl() {
        assertEquals(error("ERR no such key"), r.call("RENAME", "nokey", "x"));
        assertEquals(error("ERR no such key"), r.call("RENAME", "nokey", "nokey"));
        r.call("SET", "a", "hello");
        assertEquals(OK, r.call("RENAME", "a", "a"));
        assertEquals(integer(0), r.call("RENAMENX", "a", "a"));
        r.call("EXPIRE", "a", "100");
        r.call("SET", "b", "old");
        r.call("EXPIRE", "b", "5000");
        assertEquals(OK, r.call("RENAME", "a", "b"));
        assertEquals(integer(0), r.call("EXISTS", "a"));
        assertEquals(bulk("hello"), r.call("GET", "b"));
        assertEquals(integer(100), r.call("TTL", "b"));
        r.call("SET", "c", "other");
        assertEquals(integer(0), r.call("RENAMENX", "b", "c"));
        assertEquals(integer(1), r.call("RENAMENX", "b", "d"));
        assertEquals(integer(100), r.call("TTL", "d"));
        r.call("RENAME", "c", "d");
        assertEquals(integer(-1), r.call("TTL", "d"), "the target's TTL is not inherited");
    }

    @Test
    void copyWithinAndAcrossDatabases() {
        r.call("SET", "src", "foobar");
        assertEquals(SAME, r.call("COPY", "src", "src"));
        assertEquals(integer(0), r.call("COPY", "nokey", "dst"));
        assertEquals(integer(1), r.call("COPY", "src", "dst"));
        assertEquals(integer(0), r.call("COPY", "src", "dst"));
        r.call("SET", "src", "second");
        r.call("PEXPIRE", "src", "100000");
        assertEquals(integer(1), r.call("COPY", "src", "dst", "REPLACE"));
        assertEquals(bulk("second"), r.call("GET", "dst"));
        assertEquals(integer(100), r.call("TTL", "dst"));
        assertEquals(integer(1), r.call("COPY", "src", "src", "DB", "10"));
        assertEquals(integer(0), r.call("COPY", "src", "dst", "DB", "9"));
        r.db = 10;
        assertEquals(bulk("second"), r.call("GET", "src"));
        assertEquals(integer(100), r.call("TTL", "src"));
        r.db = 9;
        assertEquals(SYNTAX, r.call("COPY", "src", "dst", "DB"));
        assertEquals(SYNTAX, r.call("COPY", "src", "dst", "FOO"));
        assertEquals(NOT_INT, r.call("COPY", "src", "dst", "DB", "notanumber"));
        assertEquals(DB_RANGE, r.call("COPY", "src", "dst", "DB", "16"));
        assertEquals(error("ERR value is out of range, value must between -2147483648 and 2147483647"),
                r.call("COPY", "src", "dst", "DB", "99999999999"));
        assertEquals(SAME, r.call("COPY", "src", "src", "DB", "9"));
    }

    @Test
    void copyOfASharedIntegerIsNotShared() {
        r.onEngine(() -> r.server.engine.database(9).add("n".getBytes(), dev.beryl.resp.Numbers.toBytes(7)));
        assertEquals(integer(Integer.MAX_VALUE), r.call("OBJECT", "REFCOUNT", "n"));
        r.call("COPY", "n", "m");
        assertEquals(integer(1), r.call("OBJECT", "REFCOUNT", "m"));
        assertEquals(bulk("int"), r.call("OBJECT", "ENCODING", "m"));
    }

    @Test
    void moveBetweenDatabases() {
        r.call("SET", "k", "foo");
        r.call("EXPIRE", "k", "100");
        assertEquals(SAME, r.call("MOVE", "k", "9"));
        assertEquals(NOT_INT, r.call("MOVE", "k", "x"));
        assertEquals(DB_RANGE, r.call("MOVE", "k", "-1"));
        assertEquals(integer(1), r.call("MOVE", "k", "10"));
        assertEquals(integer(-2), r.call("TTL", "k"));
        assertEquals(integer(0), r.call("MOVE", "k", "10"));
        r.call("SET", "k", "again");
        assertEquals(integer(0), r.call("MOVE", "k", "10"), "target already holds the key");
        r.db = 10;
        assertEquals(bulk("foo"), r.call("GET", "k"));
        assertEquals(integer(100), r.call("TTL", "k"));
    }

    @Test
    void touchCountsExistingKeys() {
        r.call("SET", "a", "1");
        assertEquals(integer(2), r.call("TOUCH", "a", "missing", "a"));
    }

    @Test
    void flushModesAndSwapdb() {
        assertEquals(SYNTAX, r.call("FLUSHDB", "x"));
        assertEquals(SYNTAX, r.call("FLUSHALL", "SYNC", "ASYNC"));
        r.call("SET", "a", "1");
        r.db = 10;
        r.call("SET", "b", "2");
        assertEquals(OK, r.call("SWAPDB", "9", "10"));
        assertEquals(bulk("1"), r.call("GET", "a"));
        r.db = 9;
        assertEquals(bulk("2"), r.call("GET", "b"));
        assertEquals(OK, r.call("SWAPDB", "3", "3"));
        assertEquals(error("ERR invalid first DB index"), r.call("SWAPDB", "x", "1"));
        assertEquals(error("ERR invalid second DB index"), r.call("SWAPDB", "1", "99999999999"));
        assertEquals(DB_RANGE, r.call("SWAPDB", "1", "16"));
        assertEquals(OK, r.call("FLUSHDB", "ASYNC"));
        assertEquals(integer(0), r.call("DBSIZE"));
        r.db = 10;
        assertEquals(integer(1), r.call("DBSIZE"));
        assertEquals(OK, r.call("FLUSHALL", "sync"));
        assertEquals(integer(0), r.call("DBSIZE"));
    }

    @Test
    void scanOptionErrors() {
        assertEquals(error("ERR invalid cursor"), r.call("SCAN", " 1"));
        assertEquals(error("ERR invalid cursor"), r.call("SCAN", "18446744073709551616"));
        assertEquals(error("ERR invalid cursor"), r.call("SCAN", "1x"));
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", r.call("SCAN", ""));
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", r.call("SCAN", "-1"));
        assertEquals(SYNTAX, r.call("SCAN", "0", "COUNT", "0"));
        assertEquals(SYNTAX, r.call("SCAN", "0", "COUNT"));
        assertEquals(NOT_INT, r.call("SCAN", "0", "COUNT", "x"));
        assertEquals(SYNTAX, r.call("SCAN", "0", "MATCH"));
        assertEquals(SYNTAX, r.call("SCAN", "0", "foo", "bar"));
    }

    @Test
    void scanFiltersByPatternTypeAndExpiry() throws InterruptedException {
        r.onEngine(() -> r.server.engine.activeExpiry().setEnabled(false)); // only SCAN may delete "old"
        r.call("SET", "one", "1");
        r.call("SET", "two", "2");
        r.call("SET", "old", "3");
        r.call("PEXPIRE", "old", "1");
        Thread.sleep(5);
        assertEquals(integer(3), r.call("DBSIZE"), "expired but not yet deleted");
        assertEquals("*2\r\n$1\r\n0\r\n*1\r\n" + bulk("one"), r.call("SCAN", "0", "MATCH", "o*", "COUNT", "100"));
        assertEquals(integer(2), r.call("DBSIZE"), "SCAN deleted the expired key it met");
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", r.call("SCAN", "0", "TYPE", "list"));
        String all = r.call("SCAN", "0", "TYPE", "STRING", "COUNT", "100");
        assertTrue(all.startsWith("*2\r\n$1\r\n0\r\n*2\r\n"), all);
        r.onEngine(() -> r.server.engine.activeExpiry().setEnabled(true));
    }

    @Test
    void scanReturnsEveryKeyPresentThroughoutAcrossResizes() {
        for (int i = 0; i < 1000; i++) r.call("SET", "key:" + i, "v");
        Set<String> seen = new HashSet<>();
        Pattern reply = Pattern.compile("^\\*2\r\n\\$\\d+\r\n(\\d+)\r\n\\*(\\d+)\r\n");
        Pattern bulkItem = Pattern.compile("\\$\\d+\r\n([^\r]*)\r\n");
        String cursor = "0";
        int calls = 0;
        do {
            String res = r.call("SCAN", cursor, "COUNT", "20");
            Matcher m = reply.matcher(res);
            assertTrue(m.find(), res);
            cursor = m.group(1);
            Matcher items = bulkItem.matcher(res.substring(m.end()));
            while (items.find()) seen.add(items.group(1));
            calls++;
            if (calls == 5) for (int i = 0; i < 5000; i++) r.call("SET", "extra:" + i, "v"); // table grows
            if (calls == 40) for (int i = 0; i < 5000; i++) r.call("DEL", "extra:" + i);    // and shrinks
        } while (!cursor.equals("0"));
        for (int i = 0; i < 1000; i++) assertTrue(seen.contains("key:" + i), "missing key:" + i);
    }
}
