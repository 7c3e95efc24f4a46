package dev.beryl.commands;

import dev.beryl.DevServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.bulk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CLIENT PAUSE / UNPAUSE over real connections, as Redis 7.0.15. */
class ClientPauseTest {
    private static DevServer server;

    @BeforeAll
    static void start() throws IOException { server = new DevServer(0); }

    @AfterAll
    static void stop() { server.close(); }

    private static RawSocket client() { return new RawSocket(server.port()); }

    private static void waitForBlocked(RawSocket admin, int n) {
        long deadline = System.currentTimeMillis() + 5000;
        while (!admin.call("INFO clients").contains("blocked_clients:" + n + "\r\n")) {
            assertTrue(System.currentTimeMillis() < deadline, "never " + n + " blocked clients");
        }
    }

    @Test
    void aWritePauseHoldsWritesInOrderAndLetsReadsThrough() {
        try (RawSocket admin = client(); RawSocket a = client(); RawSocket b = client()) {
            admin.call("SET cp:k 0");
            assertEquals(OK, admin.call("CLIENT PAUSE 60000 WRITE"));
            assertEquals(bulk("0"), a.call("GET cp:k"));
            a.send("SET cp:k a\r\nGET cp:k\r\n"); // the GET waits behind the postponed SET
            waitForBlocked(admin, 1);
            b.send("APPEND cp:k b\r\n");
            waitForBlocked(admin, 2);
            assertTrue(admin.call("CLIENT LIST").contains(" flags=b "));
            assertEquals(OK, admin.call("CLIENT UNPAUSE"));
            a.expect(OK).expect(bulk("a"));
            b.expect(":2\r\n");
            assertEquals(bulk("ab"), admin.call("GET cp:k"));
        }
    }

    @Test
    void nothingExpiresDuringAPauseAndThePauseEndsByItself() throws InterruptedException {
        try (RawSocket admin = client()) {
            String expired = expiredKeys(admin);
            admin.call("SET cp:e 1 PX 10");
            assertEquals(OK, admin.call("CLIENT PAUSE 300 WRITE"));
            Thread.sleep(50);
            assertEquals("$-1\r\n", admin.call("GET cp:e")); // logically gone, not deleted
            assertEquals(expired, expiredKeys(admin));
            Thread.sleep(400); // the pause ends on its own
            assertEquals(":0\r\n", admin.call("EXISTS cp:e"));
            assertEquals(OK, admin.call("SET cp:after 1")); // not postponed any more
        }
    }

    @Test
    void errorsAsRedis() {
        try (RawSocket c = client()) {
            assertEquals("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n", c.call("CLIENT PAUSE 10 SOME"));
            assertEquals("-ERR timeout is not an integer or out of range\r\n", c.call("CLIENT PAUSE x"));
            assertEquals("-ERR timeout is negative\r\n", c.call("CLIENT PAUSE -1 WRITE"));
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'pause'. Try CLIENT HELP.\r\n",
                    c.call("CLIENT pause 1 WRITE x"));
            assertEquals(OK, c.call("CLIENT PAUSE 0"));
            assertEquals("+PONG\r\n", c.call("PING")); // a zero timeout is over at once
        }
    }

    private static String expiredKeys(RawSocket c) {
        String info = c.call("INFO stats");
        int i = info.indexOf("expired_keys:");
        return info.substring(i, info.indexOf("\r\n", i));
    }
    @Test
    void anInJvmCallWaitsAsAWholeForTheEndOfAPauseThatHoldsAnyOfItsCommands() throws Exception {
        try (RawSocket admin = client(); RawSocket a = client()) {
            admin.call("SET cp:j 0");
            assertEquals(OK, admin.call("CLIENT PAUSE 60000 WRITE"));
            // reads only: not held
            assertEquals(bulk("0"), new String(server.engine.call(2, 0, List.<byte[][]>of(argv("GET", "cp:j"))).get(5, TimeUnit.SECONDS)));
            a.send("SET cp:j a\r\n");
            waitForBlocked(admin, 1);
            // a read and a write: the read does not run before the write, the call is atomic
            CompletableFuture<byte[]> call = server.engine.call(2, 0, List.of(argv("GET", "cp:j"), argv("APPEND", "cp:j", "b")));
            waitForBlocked(admin, 2);
            assertFalse(call.isDone());
            assertEquals(OK, admin.call("CLIENT UNPAUSE"));
            a.expect(OK); // postponed first, runs first
            assertEquals(bulk("a") + ":2\r\n", new String(call.get(5, TimeUnit.SECONDS)));
            assertEquals(bulk("ab"), admin.call("GET cp:j"));
            waitForBlocked(admin, 0);
        }
    }

    private static byte[][] argv(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return argv;
    }
}
