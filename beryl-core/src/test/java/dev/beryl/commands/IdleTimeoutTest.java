package dev.beryl.commands;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timeout setting closes idle connections and leaves active ones alone. */
class IdleTimeoutTest {
    @Test
    void idleConnectionsAreClosedAfterTimeout() throws Exception {
        try (CommandCalls calls = new CommandCalls();
             RawSocket idle = new RawSocket(calls.server.port());
             RawSocket busy = new RawSocket(calls.server.port())) {
            assertEquals("+PONG\r\n", idle.call("PING"));
            assertEquals("+OK\r\n", calls.call("CONFIG", "SET", "timeout", "1"));
            for (int i = 0; i < 10; i++) {
                assertEquals("+PONG\r\n", busy.call("PING"));
                Thread.sleep(250);
            }
            assertTrue(idle.closedByServer());
            assertEquals("+PONG\r\n", busy.call("PING"));
            assertEquals("+OK\r\n", calls.call("CONFIG", "SET", "timeout", "0"));
            Thread.sleep(1500);
            busy.expectNothing(); // still open: a close would read as end of stream
        }
    }
}
