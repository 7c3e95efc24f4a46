package dev.beryl.commands;

import dev.beryl.DevServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client-side caching (CLIENT TRACKING) over real connections, byte for byte as Redis 7.0.15 answers. */
class TrackingTest {
    private static final String HELLO3_PREFIX = "%7\r\n";
    private static DevServer server;

    @BeforeAll
    static void start() throws IOException { server = new DevServer(0); }

    @AfterAll
    static void stop() { server.close(); }

    private static RawSocket client() { return new RawSocket(server.port()); }

    private static RawSocket resp3() {
        RawSocket s = client();
        assertTrue(s.call("HELLO 3").startsWith(HELLO3_PREFIX));
        return s;
    }

    private static String invalidate(String... keys) {
        StringBuilder b = new StringBuilder(">2\r\n").append(bulk("invalidate")).append('*').append(keys.length).append("\r\n");
        for (String k : keys) b.append(bulk(k));
        return b.toString();
    }

    @Test
    void aResp3ClientIsToldOnceWhenAKeyItReadChanges() {
        try (RawSocket t = resp3(); RawSocket w = client()) {
            assertEquals(OK, t.call("CLIENT TRACKING on"));
            w.call("SET tk:a 1");
            assertEquals(bulk("1"), t.call("GET tk:a"));
            w.call("SET tk:a 2");
            w.call("SET tk:a 3"); // forgotten after the first invalidation: no second message
            assertEquals(invalidate("tk:a") + "+PONG\r\n", t.call("PING") + t.readReply());
            assertEquals(bulk("3"), t.call("GET tk:a"));
            w.call("DEL tk:a");
            assertEquals(invalidate("tk:a"), t.readReply());
        }
    }

    @Test
    void aResp2ClientRedirectsToASubscribedConnection() {
        try (RawSocket r = client(); RawSocket t = client(); RawSocket w = client()) {
            String id = r.call("CLIENT ID").substring(1).trim();
            r.send("SUBSCRIBE __redis__:invalidate\r\n").readReply();
            assertEquals(OK, t.call("CLIENT TRACKING on REDIRECT " + id));
            assertEquals(integer(Long.parseLong(id)), t.call("CLIENT GETREDIR"));
            t.call("MGET tk:b1 tk:b2");
            w.call("SET tk:b2 x");
            assertEquals("*3\r\n" + bulk("message") + bulk("__redis__:invalidate") + "*1\r\n" + bulk("tk:b2"), r.readReply());
            w.call("FLUSHALL");
            assertEquals("*3\r\n" + bulk("message") + bulk("__redis__:invalidate") + "$-1\r\n", r.readReply());
        }
    }

    @Test
    void theOwnInvalidationFollowsTheReplyOfTheCommandThatCausedIt() {
        try (RawSocket t = resp3()) {
            t.call("CLIENT TRACKING on");
            t.call("GET tk:c");
            assertEquals(OK, t.call("SET tk:c 1"));
            assertEquals(invalidate("tk:c"), t.readReply());
            t.call("CLIENT TRACKING on NOLOOP");
            t.call("GET tk:c");
            t.call("SET tk:c 2");
            assertEquals("+PONG\r\n", t.call("PING")); // NOLOOP: nothing about its own write
        }
    }

    @Test
    void bcastSendsTheChangedKeysUnderItsPrefixesWithoutReadingThem() {
        try (RawSocket t = resp3(); RawSocket w = client()) {
            assertEquals(OK, t.call("CLIENT TRACKING on BCAST PREFIX bc:a PREFIX bc:b"));
            w.call("MSET bc:a1 1 bc:b1 2 other 3");
            assertEquals(invalidate("bc:a1"), t.readReply());
            assertEquals(invalidate("bc:b1"), t.readReply());
            assertEquals("-ERR Prefix 'bc:' overlaps with an existing prefix 'bc:a'. Prefixes for a single client must not overlap.\r\n",
                    t.call("CLIENT TRACKING on BCAST PREFIX bc:"));
            assertEquals("-ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then "
                    + "re-enabling it with a different mode.\r\n", t.call("CLIENT TRACKING on"));
            assertEquals("%3\r\n" + bulk("flags") + "~2\r\n" + bulk("on") + bulk("bcast") + bulk("redirect") + ":0\r\n"
                    + bulk("prefixes") + "*2\r\n" + bulk("bc:a") + bulk("bc:b"), t.call("CLIENT TRACKINGINFO"));
        }
    }

    @Test
    void optinRemembersOnlyAfterCachingYes() {
        try (RawSocket t = resp3(); RawSocket w = client()) {
            assertEquals(OK, t.call("CLIENT TRACKING on OPTIN"));
            t.call("GET tk:d1");
            assertEquals(OK, t.call("CLIENT CACHING yes"));
            t.call("GET tk:d2");
            t.call("GET tk:d3"); // CACHING yes held for one command only
            w.call("MSET tk:d1 1 tk:d2 2 tk:d3 3");
            assertEquals(invalidate("tk:d2") + "+PONG\r\n", t.call("PING") + t.readReply());
            assertEquals("-ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.\r\n", t.call("CLIENT CACHING no"));
        }
    }

    @Test
    void optionErrorsAndClientListAsRedis() {
        try (RawSocket t = client()) {
            assertEquals("-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n",
                    t.call("CLIENT CACHING yes"));
            assertEquals("-ERR PREFIX option requires BCAST mode to be enabled\r\n", t.call("CLIENT TRACKING on PREFIX a"));
            assertEquals("-ERR You can't specify both OPTIN mode and OPTOUT mode\r\n", t.call("CLIENT TRACKING on OPTIN OPTOUT"));
            assertEquals("-ERR The client ID you want redirect to does not exist\r\n", t.call("CLIENT TRACKING on REDIRECT 999999"));
            assertEquals("-ERR syntax error\r\n", t.call("CLIENT TRACKING maybe"));
            assertEquals(integer(-1), t.call("CLIENT GETREDIR"));
            assertEquals(OK, t.call("CLIENT TRACKING on"));
            assertTrue(t.call("CLIENT INFO").contains(" flags=t "));
            assertEquals("RESET", t.call("RESET").substring(1, 6));
            assertTrue(t.call("CLIENT INFO").contains(" flags=N "));
        }
    }

    @Test
    void aBrokenRedirectIsReportedToAResp3Client() {
        try (RawSocket t = resp3(); RawSocket w = client()) {
            long id;
            try (RawSocket r = client()) {
                id = Long.parseLong(r.call("CLIENT ID").substring(1).trim());
                assertEquals(OK, t.call("CLIENT TRACKING on REDIRECT " + id));
                t.call("GET tk:e");
            }
            RawSocket probe = client();
            // the redirect target's close is seen by the server before the write below
            while (probe.call("CLIENT LIST").contains("id=" + id + " ")) Thread.onSpinWait();
            probe.close();
            w.call("SET tk:e 1");
            assertEquals(">2\r\n" + bulk("tracking-redir-broken") + integer(id), t.readReply());
            assertTrue(t.call("CLIENT INFO").contains(" flags=tR "));
        }
    }
    @Test
    void aKeyThatExpiresIsNotTheNoloopClientsOwnChange() {
        try (RawSocket t = resp3(); RawSocket admin = client()) {
            assertEquals(OK, admin.call("DEBUG SET-ACTIVE-EXPIRE 0"));
            try {
                assertEquals(OK, t.call("CLIENT TRACKING on BCAST PREFIX ex: NOLOOP"));
                assertEquals(OK, t.call("SET ex:a 1 PX 1")); // its own write: no message
                sleepMs(20);
                // its read finds the key expired: the server deleted it, so the NOLOOP client is told (Redis's
                // signalModifiedKey with no client)
                assertEquals("_\r\n", t.call("GET ex:a"));
                assertEquals(invalidate("ex:a"), t.readReply());
            } finally {
                admin.call("DEBUG SET-ACTIVE-EXPIRE 1");
            }
        }
    }

    @Test
    void debugReloadTellsEveryTrackingClientThatAllKeysAreGone() throws IOException {
        Path dir = Files.createTempDirectory("beryl-tracking");
        Path conf = Files.writeString(dir.resolve("beryl.conf"), "dir " + dir + "\n");
        try (DevServer own = new DevServer(0, conf); RawSocket t = new RawSocket(own.port()); RawSocket admin = new RawSocket(own.port())) {
            assertTrue(t.call("HELLO 3").startsWith(HELLO3_PREFIX));
            assertEquals(OK, t.call("CLIENT TRACKING on"));
            t.call("GET tk:f");
            assertEquals(OK, admin.call("DEBUG RELOAD")); // Redis empties the data first (emptyData), as FLUSHALL
            assertEquals(">2\r\n" + bulk("invalidate") + "_\r\n", t.readReply());
            admin.call("SET tk:f 1"); // the table was emptied: nothing more
            assertEquals("+PONG\r\n", t.call("PING"));
        } finally {
            Files.deleteIfExists(dir.resolve("dump.rdb"));
            Files.delete(conf);
            Files.delete(dir);
        }
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
