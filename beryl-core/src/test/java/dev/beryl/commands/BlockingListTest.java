package dev.beryl.commands;

import dev.beryl.DevServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blocking list commands over real connections: who is served, when, and what the others see meanwhile. */
class BlockingListTest {
    private static DevServer server;

    @BeforeAll
    static void start() throws IOException { server = new DevServer(0); }

    @AfterAll
    static void stop() { server.close(); }

    @BeforeEach
    void flush() {
        try (RawSocket r = client()) {
            r.send("FLUSHALL\r\n").expect(OK);
        }
    }

    private static RawSocket client() { return new RawSocket(server.port()); }

    private static String pair(String key, String value) { return "*2\r\n" + bulk(key) + bulk(value); }

    /** Waits until INFO reports n blocked clients (the blocking command reached the server). */
    private static void waitBlocked(RawSocket r, int n) {
        for (int i = 0; i < 500; i++) {
            if (r.call("INFO clients").contains("blocked_clients:" + n + "\r\n")) return;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("never " + n + " blocked clients");
    }

    @Test
    void firstBlockedIsFirstServed() {
        try (RawSocket r = client(); RawSocket a = client(); RawSocket b = client()) {
            a.send("BLPOP q 0\r\n");
            waitBlocked(r, 1);
            b.send("BRPOP q 0\r\n");
            waitBlocked(r, 2);
            assertEquals(integer(2), r.call("RPUSH q x y"));
            a.expect(pair("q", "x"));
            b.expect(pair("q", "y"));
            assertEquals(integer(0), r.call("EXISTS q"));
            waitBlocked(r, 0);
        }
    }

    @Test
    void pipelinedCommandsWaitBehindABlockedOne() {
        try (RawSocket r = client(); RawSocket a = client()) {
            a.send("BLPOP nolist 0\r\nBLPOP nolist 0\r\nPING\r\n");
            waitBlocked(r, 1);
            assertEquals(integer(1), r.call("RPUSH nolist a"));
            a.expect(pair("nolist", "a"));
            waitBlocked(r, 1); // the second BLPOP runs and blocks in its turn
            assertEquals(integer(1), r.call("RPUSH nolist b"));
            a.expect(pair("nolist", "b")).expect("+PONG\r\n");
        }
    }

    @Test
    void aTransactionWakesWithItsFinalState() {
        try (RawSocket r = client(); RawSocket a = client(); RawSocket b = client()) {
            a.send("BLPOP k1 0\r\n");
            b.send("BLMPOP 0 1 k2 LEFT COUNT 5\r\n");
            waitBlocked(r, 2);
            r.send("MULTI\r\nLPUSH k1 a\r\nDEL k1\r\nLPUSH k2 a b c\r\nEXEC\r\n")
                    .expect(OK + "+QUEUED\r\n".repeat(3) + "*3\r\n:1\r\n:1\r\n:3\r\n");
            b.expect("*2\r\n" + bulk("k2") + "*3\r\n" + bulk("c") + bulk("b") + bulk("a"));
            assertEquals(integer(1), r.call("LPUSH k1 z"));
            a.expect(pair("k1", "z"));
        }
    }

    @Test
    void timeoutsAndClientUnblock() {
        try (RawSocket r = client(); RawSocket a = client()) {
            long t0 = System.nanoTime();
            a.send("BLPOP k 0.05\r\n").expect("*-1\r\n");
            assertTrue(System.nanoTime() - t0 >= 50_000_000L);
            String id = a.call("CLIENT ID").substring(1).trim();
            a.send("BRPOPLPUSH k d 0\r\n");
            waitBlocked(r, 1);
            assertTrue(r.call("CLIENT LIST ID " + id).contains(" flags=b "));
            assertEquals(integer(1), r.call("CLIENT UNBLOCK " + id));
            a.expect("*-1\r\n");
            a.send("BLMOVE k d LEFT RIGHT 0\r\n");
            waitBlocked(r, 1);
            assertEquals(integer(1), r.call("CLIENT UNBLOCK " + id + " ERROR"));
            a.expect("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
            assertEquals(integer(0), r.call("CLIENT UNBLOCK " + id));
            assertEquals("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n", r.call("CLIENT UNBLOCK " + id + " x"));
            assertTrue(r.call("INFO commandstats").contains("cmdstat_blmove:calls=1,usec="), "still counted");
        }
    }

    @Test
    void blockingMovesChainAndCheckTheDestination() {
        try (RawSocket r = client(); RawSocket a = client(); RawSocket b = client(); RawSocket c = client()) {
            a.send("BLMOVE l1 l2 RIGHT LEFT 0\r\n");
            waitBlocked(r, 1);
            b.send("BLMOVE l2 l3 LEFT RIGHT 0\r\n");
            waitBlocked(r, 2);
            assertEquals(integer(1), r.call("RPUSH l1 foo"));
            a.expect(bulk("foo"));
            b.expect(bulk("foo"));
            assertEquals("*1\r\n" + bulk("foo"), r.call("LRANGE l3 0 -1"));

            assertEquals(OK, r.call("SET str x"));
            a.send("BRPOPLPUSH src str 0\r\n");
            waitBlocked(r, 1);
            c.send("BRPOPLPUSH src dst 0\r\n");
            waitBlocked(r, 2);
            assertEquals(integer(1), r.call("LPUSH src v"));
            a.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
            c.expect(bulk("v"));
        }
    }

    @Test
    void renameSwapdbAndWatch() {
        try (RawSocket r = client(); RawSocket a = client(); RawSocket w = client()) {
            a.send("BLPOP target 0\r\n");
            waitBlocked(r, 1);
            r.call("RPUSH other a b");
            assertEquals(OK, r.call("RENAME other target"));
            a.expect(pair("target", "a"));

            a.send("SELECT 1\r\n").expect(OK).send("BRPOP k 0\r\n");
            waitBlocked(r, 1);
            r.call("RPUSH k hello");
            assertEquals(OK, r.call("SWAPDB 0 1"));
            a.expect(pair("k", "hello"));

            a.send("BRPOPLPUSH s d 0\r\n");
            waitBlocked(r, 1);
            w.send("SELECT 1\r\nWATCH d\r\nMULTI\r\n").expect(OK + OK + OK);
            assertEquals(OK, r.call("SELECT 1"));
            assertEquals(integer(1), r.call("LPUSH s e"));
            a.expect(bulk("e"));
            w.send("PING\r\nEXEC\r\n").expect("+QUEUED\r\n*-1\r\n");
        }
    }

    @Test
    void aClosedBlockedClientLeavesNoTrace() {
        try (RawSocket r = client()) {
            RawSocket a = client();
            a.send("BLPOP gone 0\r\n");
            waitBlocked(r, 1);
            a.close();
            waitBlocked(r, 0);
            assertEquals(integer(1), r.call("RPUSH gone x"));
            assertEquals(integer(1), r.call("LLEN gone"));
        }
    }
}
