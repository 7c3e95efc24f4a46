package dev.beryl.api;

import dev.beryl.DevServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalBerylTest {
    private static DevServer server;
    private static Beryl beryl;

    @BeforeAll
    static void start() throws Exception {
        server = new DevServer(0);
        beryl = new LocalBeryl(() -> server.engine);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void flush() {
        beryl.execute("FLUSHALL");
    }

    @Test
    void stringsRoundTrip() {
        assertNull(beryl.get("k"));
        beryl.set("k", "välue");
        assertEquals("välue", beryl.get("k"));
        byte[] binary = {0, (byte) 0xff, '\r', '\n'};
        beryl.set("b".getBytes(StandardCharsets.UTF_8), binary);
        assertArrayEquals(binary, beryl.get("b".getBytes(StandardCharsets.UTF_8)));
        assertTrue(beryl.setIfAbsent("new", "1"));
        assertFalse(beryl.setIfAbsent("new", "2"));
        assertEquals("1", beryl.get("new"));
        beryl.set("t", "x", Duration.ofSeconds(50));
        long pttl = beryl.pttl("t");
        assertTrue(pttl > 49_000 && pttl <= 50_000, "pttl " + pttl);
    }

    @Test
    void counters() {
        assertEquals(1, beryl.incr("n"));
        assertEquals(11, beryl.incrBy("n", 10));
        assertEquals(10, beryl.decr("n"));
        assertEquals(-5, beryl.decrBy("n", 15));
        beryl.set("s", "abc");
        BerylException e = assertThrows(BerylException.class, () -> beryl.incr("s"));
        assertEquals("ERR value is not an integer or out of range", e.getMessage());
    }

    @Test
    void keysAndExpiry() {
        beryl.set("a", "1");
        beryl.set("b", "2");
        assertEquals(3, beryl.exists("a", "b", "a"));
        assertEquals(-2, beryl.ttl("missing"));
        assertEquals(-1, beryl.ttl("a"));
        assertTrue(beryl.expire("a", 100));
        assertEquals(100, beryl.ttl("a"));
        assertFalse(beryl.expire("missing", 100));
        assertTrue(beryl.persist("a"));
        assertEquals(-1, beryl.pttl("a"));
        assertTrue(beryl.pexpire("b", 50_000));
        long pttl = beryl.pttl("b");
        assertTrue(pttl > 49_000 && pttl <= 50_000, "pttl " + pttl);
        assertEquals("string", beryl.type("b"));
        assertEquals("none", beryl.type("missing"));
        assertEquals(2, beryl.del("a", "b", "missing"));
    }

    @Test
    void errorRepliesAreThrown() {
        BerylException e = assertThrows(BerylException.class, () -> beryl.execute("NOSUCHCMD", "x"));
        assertEquals("ERR", e.code());
        assertEquals("ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' ", e.getMessage());
    }

    @Test
    void executeDecodesStatusesAndArrays() {
        assertEquals("OK", beryl.execute("SET", "x", "1"));
        assertEquals("PONG", beryl.execute("PING"));
        assertEquals(List.of("x"), beryl.execute("KEYS", "*"));
        assertEquals(1L, beryl.execute("DBSIZE"));
    }

    @Test
    void executeAllRunsInOrderAndKeepsErrorsAsValues() {
        List<Object> replies = beryl.executeAll(List.of(
                argv("SET", "n", "1"), argv("NOSUCHCMD"), argv("GET", "n")));
        assertEquals("OK", replies.get(0));
        assertInstanceOf(BerylException.class, replies.get(1));
        assertArrayEquals("1".getBytes(StandardCharsets.UTF_8), (byte[]) replies.get(2));
    }

    @Test
    void databasesAreSeparate() {
        beryl.set("k", "zero");
        Beryl one = beryl.database(1);
        assertNull(one.get("k"));
        one.set("k", "one");
        assertEquals("zero", beryl.get("k"));
        assertEquals("one", one.get("k"));
        BerylException e = assertThrows(BerylException.class, () -> beryl.database(16).get("k"));
        assertEquals("ERR DB index is out of range", e.getMessage());
    }

    @Test
    void noEngineAnswersLoading() {
        BerylException e = assertThrows(BerylException.class, () -> new LocalBeryl(() -> null).get("k"));
        assertEquals("LOADING", e.code());
    }

    private static byte[][] argv(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) out[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return out;
    }
}
