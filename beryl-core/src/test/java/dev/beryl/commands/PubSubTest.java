package dev.beryl.commands;

import dev.beryl.DevServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pub/Sub over real connections, byte for byte as Redis 7.0.15 answers (checked against redis-server). */
class PubSubTest {
    private static DevServer server;

    @BeforeAll
    static void start() throws IOException { server = new DevServer(0); }

    @AfterAll
    static void stop() { server.close(); }

    private static RawSocket client() { return new RawSocket(server.port()); }

    private static String push(char type, String... elements) {
        StringBuilder b = new StringBuilder().append(type).append(elements.length).append("\r\n");
        for (String e : elements) b.append(e.startsWith(":") || e.startsWith("$-1") ? e : bulk(e));
        return b.toString();
    }

    private static String message(String channel, String body) { return push('*', "message", channel, body); }

    @Test
    void subscribersGetMessagesAndOthersCountThem() {
        try (RawSocket p = client(); RawSocket a = client(); RawSocket b = client()) {
            a.send("SUBSCRIBE news sport\r\n")
                    .expect(push('*', "subscribe", "news", ":1\r\n"))
                    .expect(push('*', "subscribe", "sport", ":2\r\n"));
            b.send("SUBSCRIBE news\r\n").expect(push('*', "subscribe", "news", ":1\r\n"));
            assertEquals(integer(2), p.call("PUBLISH news hello"));
            assertEquals(integer(1), p.call("PUBLISH sport goal"));
            assertEquals(integer(0), p.call("PUBLISH weather rain"));
            a.expect(message("news", "hello")).expect(message("sport", "goal"));
            b.expect(message("news", "hello"));
            assertEquals("*4\r\n" + bulk("news") + integer(2) + bulk("none") + integer(0), p.call("PUBSUB NUMSUB news none"));
            a.send("UNSUBSCRIBE news\r\n").expect(push('*', "unsubscribe", "news", ":1\r\n"));
            assertEquals(integer(1), p.call("PUBLISH news again"));
            b.expect(message("news", "again"));
        }
    }

    @Test
    void aResp2SubscriberMayOnlyRunSubscriptionCommands() {
        try (RawSocket a = client()) {
            a.send("SUBSCRIBE ch\r\n").expect(push('*', "subscribe", "ch", ":1\r\n"));
            assertEquals("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are"
                    + " allowed in this context\r\n", a.call("GET k"));
            assertEquals("*2\r\n" + bulk("pong") + bulk(""), a.call("PING"));
            assertEquals("*2\r\n" + bulk("pong") + bulk("hi"), a.call("PING hi"));
            a.send("UNSUBSCRIBE\r\n").expect(push('*', "unsubscribe", "ch", ":0\r\n"));
            assertEquals("+PONG\r\n", a.call("PING"));
            a.send("UNSUBSCRIBE\r\n").expect("*3\r\n" + bulk("unsubscribe") + "$-1\r\n" + integer(0));
        }
    }

    @Test
    void resp3PushesInterleaveWithReplies() {
        try (RawSocket p = client(); RawSocket a = client()) {
            a.call("HELLO 3");
            a.send("SUBSCRIBE ch\r\n").expect(push('>', "subscribe", "ch", ":1\r\n"));
            assertEquals("_\r\n", a.call("GET nothing-here"));
            assertEquals(integer(1), p.call("PUBLISH ch m"));
            a.expect(push('>', "message", "ch", "m"));
            // a message to itself inside EXEC lands inside the EXEC reply, as in Redis 7.0
            a.send("MULTI\r\nPUBLISH ch self\r\nEXEC\r\n").expect(OK).expect("+QUEUED\r\n")
                    .expect("*1\r\n" + push('>', "message", "ch", "self") + integer(1));
        }
    }

    @Test
    void patternsAndShardChannels() {
        try (RawSocket p = client(); RawSocket a = client()) {
            a.send("PSUBSCRIBE news.* sp?rt\r\n")
                    .expect(push('*', "psubscribe", "news.*", ":1\r\n"))
                    .expect(push('*', "psubscribe", "sp?rt", ":2\r\n"));
            a.send("SSUBSCRIBE shard\r\n").expect(push('*', "ssubscribe", "shard", ":1\r\n"));
            assertEquals(integer(1), p.call("PUBLISH news.eu x"));
            a.expect(push('*', "pmessage", "news.*", "news.eu", "x"));
            assertEquals(integer(0), p.call("PUBLISH shard y")); // shard subscribers hear SPUBLISH only
            assertEquals(integer(1), p.call("SPUBLISH shard z"));
            a.expect(push('*', "smessage", "shard", "z"));
            assertEquals(integer(2), p.call("PUBSUB NUMPAT"));
            assertEquals("*1\r\n" + bulk("shard"), p.call("PUBSUB SHARDCHANNELS"));
            assertEquals("*2\r\n" + bulk("shard") + integer(1), p.call("PUBSUB SHARDNUMSUB shard"));
            a.send("PUNSUBSCRIBE\r\n")
                    .expect(push('*', "punsubscribe", "news.*", ":1\r\n"))
                    .expect(push('*', "punsubscribe", "sp?rt", ":0\r\n"));
            assertEquals(integer(0), p.call("PUBSUB NUMPAT"));
        }
    }

    @Test
    void pushesPassClientReplyOff() {
        try (RawSocket p = client(); RawSocket a = client()) {
            a.call("HELLO 3");
            a.send("CLIENT REPLY OFF\r\nPING\r\nSUBSCRIBE ch\r\n").expect(push('>', "subscribe", "ch", ":1\r\n"));
            assertEquals(integer(1), p.call("PUBLISH ch m"));
            a.expect(push('>', "message", "ch", "m"));
            a.send("GET k\r\nUNSUBSCRIBE ch\r\n").expect(push('>', "unsubscribe", "ch", ":0\r\n"));
            a.expectNothing();
        }
    }

    @Test
    void resetAndCloseLeaveEverySubscription() throws Exception {
        try (RawSocket p = client(); RawSocket a = client()) {
            a.send("SUBSCRIBE c1\r\nPSUBSCRIBE c*\r\nSSUBSCRIBE s1\r\n")
                    .expect(push('*', "subscribe", "c1", ":1\r\n"))
                    .expect(push('*', "psubscribe", "c*", ":2\r\n"))
                    .expect(push('*', "ssubscribe", "s1", ":1\r\n"));
            String list = p.call("CLIENT LIST TYPE pubsub");
            assertTrue(list.contains(" flags=P db=0 sub=1 psub=1 ssub=1 "), list);
            assertEquals("+RESET\r\n", a.call("RESET"));
            assertEquals(OK, a.call("SET k v"));
            assertEquals(integer(0), p.call("PUBLISH c1 x"));
            assertEquals("$0\r\n\r\n", p.call("CLIENT LIST TYPE pubsub"));
            a.send("SUBSCRIBE c2\r\n").expect(push('*', "subscribe", "c2", ":1\r\n"));
        }
        try (RawSocket p = client()) {
            for (int i = 0; i < 100 && !p.call("PUBSUB NUMSUB c2").endsWith(integer(0)); i++) Thread.sleep(10);
            assertEquals("*2\r\n" + bulk("c2") + integer(0), p.call("PUBSUB NUMSUB c2"));
            assertTrue(p.call("INFO stats").contains("pubsub_channels:0\r\npubsub_patterns:0\r\npubsubshard_channels:0\r\n"));
        }
    }

    @Test
    void inJvmCallersPublishButCannotSubscribe() throws Exception {
        try (RawSocket a = client()) {
            a.send("SUBSCRIBE jvm\r\n").expect(push('*', "subscribe", "jvm", ":1\r\n"));
            byte[] r = server.engine.call(2, 0, List.of(new byte[][] {b("PUBLISH"), b("jvm"), b("hi")},
                    new byte[][] {b("SUBSCRIBE"), b("x")})).get();
            assertEquals(integer(1) + "-ERR SUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n",
                    new String(r, StandardCharsets.ISO_8859_1));
            a.expect(message("jvm", "hi"));
        }
    }

    /**
     * A subscriber that stops reading is closed once its unwritten messages pass the pubsub hard limit, and the
     * messages published after that cost nothing: 64 MB go out while the limit holds at 1 MB.
     */
    @Test
    void aSlowSubscriberIsClosedAtItsHardLimit() {
        try (RawSocket p = client(); RawSocket slow = client()) {
            assertEquals(OK, p.call("CONFIG SET client-output-buffer-limit \"pubsub 1mb 0 0\""));
            slow.send("SUBSCRIBE firehose\r\n").expect(push('*', "subscribe", "firehose", ":1\r\n"));
            String body = "x".repeat(64 * 1024);
            String cmd = "*3\r\n" + bulk("PUBLISH") + bulk("firehose") + bulk(body);
            boolean gone = false;
            for (int i = 0; i < 1024 && !gone; i++) {
                p.send(cmd).readReply();
                gone = p.call("CLIENT LIST TYPE pubsub").equals("$0\r\n\r\n");
            }
            assertTrue(gone, "the slow subscriber is still connected");
            assertEquals(integer(0), p.call("PUBLISH firehose late"));
            assertTrue(slow.closedByServer());
        } finally {
            try (RawSocket p = client()) {
                p.call("CONFIG SET client-output-buffer-limit \"pubsub 32mb 8mb 60\"");
            }
        }
    }

    @Test
    void outputBufferUsageShowsInClientList() {
        try (RawSocket p = client(); RawSocket slow = client()) {
            slow.send("CLIENT SETNAME slow\r\nSUBSCRIBE big\r\n").expect(OK).expect(push('*', "subscribe", "big", ":1\r\n"));
            String cmd = "*3\r\n" + bulk("PUBLISH") + bulk("big") + bulk("y".repeat(1024 * 1024));
            String line = "";
            for (int i = 0; i < 64; i++) {
                p.send(cmd).readReply();
                line = p.call("CLIENT LIST TYPE pubsub");
                if (!line.contains(" omem=0 ")) break;
            }
            assertFalse(line.contains(" omem=0 "), line);
            assertTrue(line.contains(" obl=16384 "), line);
        }
    }

    /** Keyspace notifications in Redis's order and names (compared with redis-server for every write command). */
    @Test
    void keyspaceEventsFollowTheirClasses() {
        try (RawSocket p = client(); RawSocket a = client()) {
            assertEquals(OK, p.call("SET plain v"));
            assertEquals(OK, p.call("CONFIG SET notify-keyspace-events KEln"));
            try {
                a.send("PSUBSCRIBE __key*@0__:*\r\n").expect(push('*', "psubscribe", "__key*@0__:*", ":1\r\n"));
                assertEquals(OK, p.call("SET plain w")); // not new, and the string class is off: nothing
                assertEquals(integer(2), p.call("RPUSH events a b"));
                assertEquals(bulk("a"), p.call("LPOP events"));
                assertEquals(bulk("b"), p.call("LPOP events"));
                a.expect(push('*', "pmessage", "__key*@0__:*", "__keyspace@0__:events", "new"))
                        .expect(push('*', "pmessage", "__key*@0__:*", "__keyevent@0__:new", "events"))
                        .expect(push('*', "pmessage", "__key*@0__:*", "__keyspace@0__:events", "rpush"))
                        .expect(push('*', "pmessage", "__key*@0__:*", "__keyevent@0__:rpush", "events"))
                        .expect(push('*', "pmessage", "__key*@0__:*", "__keyspace@0__:events", "lpop"))
                        .expect(push('*', "pmessage", "__key*@0__:*", "__keyevent@0__:lpop", "events"))
                        .expect(push('*', "pmessage", "__key*@0__:*", "__keyspace@0__:events", "lpop"))
                        .expect(push('*', "pmessage", "__key*@0__:*", "__keyevent@0__:lpop", "events"));
                a.expectNothing(); // the emptied list's "del" is of the generic class, which is off
            } finally {
                p.call("CONFIG SET notify-keyspace-events \"\"");
                p.call("DEL plain");
            }
        }
    }

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
