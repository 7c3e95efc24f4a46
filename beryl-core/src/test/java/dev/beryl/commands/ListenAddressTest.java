package dev.beryl.commands;

import dev.beryl.config.Config;
import dev.beryl.engine.Engine;
import dev.beryl.net.ListenAddress;
import dev.beryl.net.RespListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CONFIG SET port and bind move the listener as Redis's do, or fail with its errors and leave it (ports 6382, 6383). */
class ListenAddressTest {
    private static final String LOOPBACK2 = "127.0.0.2";

    @TempDir
    Path dir;
    private ScheduledExecutorService timers;
    private Engine engine;
    private RespListener listener;

    @BeforeEach
    void start() throws IOException {
        Map<String, String> settings = Map.of("port", "6382", "bind", "127.0.0.1", "save", "", "dir", dir.toString());
        Config config = new Config(null, settings::get);
        timers = Executors.newSingleThreadScheduledExecutor();
        engine = new Engine(config, Commands.newTable());
        engine.start(Thread::new, timers);
        engine.loaded().join();
        listener = new RespListener(RespListener.tcpEndpoints(config.get("bind"), config.getInt("port")), () -> engine);
        listener.start(Thread::new);
        ListenAddress.follow(config, () -> listener);
    }

    @AfterEach
    void stop() {
        listener.stop();
        engine.stop();
        timers.shutdownNow();
    }

    @Test
    void portMovesTheListenerAndConnectionsStay() {
        try (RawSocket s = new RawSocket(6382)) {
            assertEquals("+OK\r\n", s.call("CONFIG SET port 6383"));
            assertEquals("+PONG\r\n", s.call("PING"), "a connection accepted on the old port stays");
            assertRefused("127.0.0.1", 6382);
            try (RawSocket moved = new RawSocket(6383)) {
                assertEquals("*2\r\n$4\r\nport\r\n$4\r\n6383\r\n", moved.call("CONFIG GET port"));
                assertTrue(moved.call("INFO server").contains("\r\ntcp_port:6383\r\n"));
            }
        }
    }

    @Test
    void aBusyPortIsRefusedAndTheListenerStays() throws IOException {
        try (ServerSocket busy = new ServerSocket(6383, 1, InetAddress.getByName("127.0.0.1"));
             RawSocket s = new RawSocket(6382)) {
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. "
                    + "Check server logs.\r\n", s.call("CONFIG SET port 6383"));
            assertEquals("*2\r\n$4\r\nport\r\n$4\r\n6382\r\n", s.call("CONFIG GET port"));
            try (RawSocket again = new RawSocket(6382)) {
                assertEquals("+PONG\r\n", again.call("PING"));
            }
        }
    }

    @Test
    void anAddressThatCannotBeBoundIsRefusedAndTheListenerStays() {
        try (RawSocket s = new RawSocket(6382)) {
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified "
                    + "addresses.\r\n", s.call("CONFIG SET bind 999.999.999.999"));
            assertEquals("*2\r\n$4\r\nbind\r\n$9\r\n127.0.0.1\r\n", s.call("CONFIG GET bind"));
            try (RawSocket again = new RawSocket(6382)) {
                assertEquals("+PONG\r\n", again.call("PING"));
            }
        }
    }

    @Test
    void anEmptyBindClosesTheTcpSocketAndAnAddressInBothKeepsItsSocket() {
        try (RawSocket s = new RawSocket(6382)) {
            assertEquals("+OK\r\n", s.call("CONFIG SET bind \"\""));
            assertEquals("*2\r\n$4\r\nbind\r\n$0\r\n\r\n", s.call("CONFIG GET bind"));
            assertRefused("127.0.0.1", 6382);
            assertEquals("+OK\r\n", s.call("CONFIG SET bind 127.0.0.1"));
            try (RawSocket back = new RawSocket(6382)) {
                assertEquals("+OK\r\n", back.call("CONFIG SET bind \"127.0.0.1 " + LOOPBACK2 + "\""));
                assertEquals("+PONG\r\n", back.call("PING"));
            }
            try (Socket second = new Socket(LOOPBACK2, 6382); RawSocket first = new RawSocket(6382)) {
                assertEquals("+PONG\r\n", first.call("PING"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertEquals("+OK\r\n", s.call("CONFIG SET port 0"));
            assertRefused("127.0.0.1", 6382);
            assertRefused(LOOPBACK2, 6382);
        }
    }

    private static void assertRefused(String host, int port) {
        assertThrows(ConnectException.class, () -> new Socket(host, port).close(), host + ":" + port + " still listens");
    }
}
