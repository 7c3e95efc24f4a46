package dev.beryl.engine;

import dev.beryl.commands.Commands;
import dev.beryl.config.Config;
import dev.beryl.net.RespListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A query buffer bigger than 1 MB is made on the buffer maker's thread, never on the engine thread: held at a gate
 * there, the big argument's growth waits while the engine serves other clients, and the argument then arrives
 * byte-exact. A client that closes or is killed while its buffer is being made leaves nothing behind.
 */
class BufferGrowthTest {
    private int port; // free, chosen when the listener binds
    private final CountDownLatch gate = new CountDownLatch(1);
    private ScheduledExecutorService timers;
    private Engine engine;
    private RespListener listener;

    @BeforeEach
    void start() throws Exception {
        Config config = Config.defaults();
        config.set("save", "");
        timers = Executors.newSingleThreadScheduledExecutor();
        engine = new Engine(config, Commands.newTable());
        // the buffer maker's thread waits at the gate before its first growth
        engine.start(r -> {
            Thread t = new Thread(() -> {
                if (Thread.currentThread().getName().equals("beryl-buffers")) awaitGate();
                r.run();
            });
            t.setDaemon(true);
            return t;
        }, timers);
        engine.loaded().join();
        listener = new RespListener(RespListener.parseBind("127.0.0.1", 0), () -> engine);
        listener.start(Thread::new);
        port = listener.localPort();
    }

    @AfterEach
    void stop() {
        gate.countDown();
        listener.stop();
        engine.stop();
        timers.shutdownNow();
    }

    @Test
    void bigArgumentGrowsOffTheEngineThreadAndArrivesByteExact() throws Exception {
        byte[] value = new byte[8 << 20];
        new Random(10).nextBytes(value);
        try (Socket setter = new Socket("127.0.0.1", port); Socket other = new Socket("127.0.0.1", port)) {
            setter.setSoTimeout(10_000);
            other.setSoTimeout(10_000);
            CompletableFuture<Void> sent = sendInBackground(setter, cat(command("SET", "big", value.length), value, bytes("\r\n")));
            waitFor(() -> onEngine(engine::bufferGrowthsInFlight) == 1);
            // the growth waits on the other thread: the engine still answers everyone, the setter is not read
            send(other, bytes("PING\r\n"));
            assertEquals("+PONG\r\n", new String(other.getInputStream().readNBytes(7), StandardCharsets.US_ASCII));
            assertEquals(1, onEngine(engine::bufferGrowthsInFlight));

            gate.countDown();
            sent.get(10, TimeUnit.SECONDS);
            assertEquals("+OK\r\n", new String(setter.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
            assertEquals(0, onEngine(engine::bufferGrowthsInFlight));
            send(other, command("GET", "big", -1));
            byte[] header = bytes("$" + value.length + "\r\n");
            assertArrayEquals(header, other.getInputStream().readNBytes(header.length));
            assertArrayEquals(value, other.getInputStream().readNBytes(value.length));
            assertArrayEquals(bytes("\r\n"), other.getInputStream().readNBytes(2));
        }
    }

    /** The engine does not read the client meanwhile, so it learns of the close once the buffer is back. */
    @Test
    void clientClosingWhileItsBufferIsMadeLeavesNothingBehind() throws Exception {
        try (Socket other = new Socket("127.0.0.1", port)) {
            other.setSoTimeout(10_000);
            Socket setter = new Socket("127.0.0.1", port);
            CompletableFuture<Void> sent = startBigSet(setter);
            setter.close();
            sent.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
            gate.countDown();
            waitFor(() -> onEngine(engine::bufferGrowthsInFlight) == 0 && onEngine(() -> engine.clients().size()) == 1);
            assertDbSizeZero(other);
        }
    }

    /** Closed by the engine (CLIENT KILL) while its buffer is being made: the growth is dropped, nothing is allocated. */
    @Test
    void clientKilledWhileItsBufferIsMadeLeavesNothingBehind() throws Exception {
        try (Socket other = new Socket("127.0.0.1", port); Socket setter = new Socket("127.0.0.1", port)) {
            other.setSoTimeout(10_000);
            CompletableFuture<Void> sent = startBigSet(setter);
            send(other, bytes("CLIENT KILL SKIPME yes\r\n"));
            assertEquals(":1\r\n", new String(other.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
            assertEquals(1, onEngine(() -> engine.clients().size()));
            assertEquals(1, onEngine(engine::bufferGrowthsInFlight));
            sent.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
            gate.countDown();
            waitFor(() -> onEngine(engine::bufferGrowthsInFlight) == 0);
            assertDbSizeZero(other);
        }
    }

    /** Sends a 64 MB SET's first 3 MB, beyond the 1 MB grown inline, and waits for the growth asked elsewhere. */
    private CompletableFuture<Void> startBigSet(Socket setter) throws InterruptedException {
        CompletableFuture<Void> sent = sendInBackground(setter, cat(command("SET", "big", 64 << 20), new byte[3 << 20]));
        waitFor(() -> onEngine(engine::bufferGrowthsInFlight) == 1);
        return sent;
    }

    private static void assertDbSizeZero(Socket s) throws IOException {
        send(s, bytes("DBSIZE\r\n"));
        assertEquals(":0\r\n", new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
    }

    private void awaitGate() {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T onEngine(Supplier<T> read) {
        CompletableFuture<T> f = new CompletableFuture<>();
        engine.submit(() -> f.complete(read.get()));
        return f.join();
    }

    private static void waitFor(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.get()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out");
            Thread.sleep(5);
        }
    }

    /** Writes on another thread: the engine stops reading the connection, so a big write blocks. */
    private static CompletableFuture<Void> sendInBackground(Socket s, byte[] b) {
        return CompletableFuture.runAsync(() -> {
            try {
                send(s, b);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> new Thread(r).start());
    }

    private static void send(Socket s, byte[] b) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(b);
        out.flush();
    }

    /** A command's bytes: its name and key, then the header of a last argument of {@code bulkLen} bytes if >= 0. */
    private static byte[] command(String name, String key, int bulkLen) {
        String s = "*" + (bulkLen >= 0 ? 3 : 2) + "\r\n$" + name.length() + "\r\n" + name + "\r\n$" + key.length() + "\r\n" + key + "\r\n";
        return bytes(bulkLen >= 0 ? s + "$" + bulkLen + "\r\n" : s);
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    private static byte[] cat(byte[]... parts) {
        byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
