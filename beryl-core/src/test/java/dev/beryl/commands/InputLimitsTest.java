package dev.beryl.commands;

import dev.beryl.DevServer;
import dev.beryl.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** client-query-buffer-limit and proto-max-bulk-len: Redis's CONFIG rules, replies and closes (checked against 7.0.15). */
class InputLimitsTest {
    private static DevServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new DevServer(new Config(null, n -> switch (n) {
            case "port" -> "0"; // a free one
            case "save" -> "";
            default -> null;
        }));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void queryBufferLimitIsASizeOfAtLeastOneMegabyte() {
        try (RawSocket s = new RawSocket(server.port())) {
            assertEquals("*2\r\n$25\r\nclient-query-buffer-limit\r\n$10\r\n1073741824\r\n", s.call("CONFIG GET client-query-buffer-limit"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'client-query-buffer-limit') - argument must be"
                    + " between 1048576 and 9223372036854775807 inclusive\r\n", s.call("CONFIG SET client-query-buffer-limit 1000"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'client-query-buffer-limit') - argument must be"
                    + " a memory value\r\n", s.call("CONFIG SET client-query-buffer-limit -1"));
            assertEquals("+OK\r\n", s.call("CONFIG SET client-query-buffer-limit 2mb"));
            assertEquals("*2\r\n$25\r\nclient-query-buffer-limit\r\n$7\r\n2097152\r\n", s.call("CONFIG GET client-query-buffer-limit"));
            assertEquals("+OK\r\n", s.call("CONFIG SET client-query-buffer-limit 1gb"));
        }
    }

    /** Redis checks after each read, before parsing: the client is closed without a reply, the others go on. */
    @Test
    void aQueryBufferOverTheLimitClosesWithoutAReply() throws Exception {
        try (RawSocket admin = new RawSocket(server.port()); Socket s = new Socket("127.0.0.1", server.port())) {
            assertEquals("+OK\r\n", admin.call("CONFIG SET client-query-buffer-limit 1mb"));
            s.setSoTimeout(5000);
            s.getOutputStream().write("*2\r\n$4\r\nECHO\r\n$2000000\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] part = new byte[100_000];
            try {
                for (int i = 0; i < 15; i++) s.getOutputStream().write(part);
            } catch (java.io.IOException e) {
                // closed while we wrote: what we check below
            }
            assertEquals(-1, readOrReset(s.getInputStream()));
            assertEquals("+PONG\r\n", admin.call("PING"));
            assertEquals("+OK\r\n", admin.call("CONFIG SET client-query-buffer-limit 1gb"));
        }
    }

    /** The limit is read at each bulk header, so CONFIG SET applies to connections already open (as in Redis). */
    @Test
    void protoMaxBulkLenAppliesToOpenConnections() {
        try (RawSocket admin = new RawSocket(server.port()); RawSocket s = new RawSocket(server.port())) {
            assertEquals("+PONG\r\n", s.call("PING"));
            assertEquals("+OK\r\n", admin.call("CONFIG SET proto-max-bulk-len 1mb"));
            s.send("*2\r\n$4\r\nECHO\r\n$1048577\r\n").expect("-ERR Protocol error: invalid bulk length\r\n");
            assertEquals(true, s.closedByServer());
            assertEquals("+OK\r\n", admin.call("CONFIG SET proto-max-bulk-len 512mb"));
        }
    }

    /** The next byte, or -1 at the end of the stream or when the server reset the connection. */
    private static int readOrReset(InputStream in) {
        try {
            return in.read();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
