package dev.beryl.engine;

import dev.beryl.command.CommandTable;
import dev.beryl.config.Config;
import dev.beryl.net.RespListener;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A command that throws gets an error reply; the engine thread and the other commands carry on. A client whose
 * work runs out of memory is closed, the others are served; a failure outside any client's work ends the loop and
 * the embedding is told.
 */
class EngineFaultTest {
    private static byte[][] argv(String... a) {
        byte[][] out = new byte[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = a[i].getBytes(StandardCharsets.US_ASCII);
        return out;
    }

    @Test
    void failingHandlerDoesNotStopTheEngine() throws Exception {
        CommandTable table = new CommandTable(t -> {
            t.command("boom", 1).handler((c, a) -> {
                c.reply().arrayHeader(2); // a partial reply must not reach the client
                throw new IllegalStateException("bug");
            });
            t.command("ping", 1).handler((c, a) -> c.reply().pong());
        });
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        Engine engine = new Engine(Config.defaults(), table);
        engine.start(Thread::new, timers);
        try {
            byte[] r = engine.call(2, 0, List.of(argv("boom"), argv("ping"))).get(5, TimeUnit.SECONDS);
            assertEquals("-ERR internal error in 'boom': java.lang.IllegalStateException: bug\r\n+PONG\r\n",
                    new String(r, StandardCharsets.US_ASCII));
            assertEquals("+PONG\r\n", new String(engine.call(2, 0, List.<byte[][]>of(argv("ping"))).get(5, TimeUnit.SECONDS), StandardCharsets.US_ASCII));
        } finally {
            engine.stop();
            timers.shutdownNow();
        }
    }

    @Test
    void debugSegfaultLogsAReportAndEndsTheEngineThroughItsFatalAction() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        Config config = Config.defaults();
        config.set("enable-debug-command", "yes");
        Engine engine = new Engine(config, dev.beryl.commands.Commands.newTable());
        CompletableFuture<Throwable> fatal = new CompletableFuture<>();
        engine.onFatal(fatal::complete);
        engine.start(Thread::new, timers);
        try {
            engine.loaded().get(5, TimeUnit.SECONDS);
            var reply = engine.call(2, 0, List.<byte[][]>of(argv("DEBUG", "SEGFAULT")));
            Throwable t = fatal.get(5, TimeUnit.SECONDS);
            assertEquals(CrashReport.Crash.class, t.getClass());
            assertEquals(t, engine.failure());
            assertEquals(false, engine.isRunning()); // liveness reports DOWN
            assertEquals(true, reply.isCompletedExceptionally());
        } finally {
            engine.stop();
            timers.shutdownNow();
        }
    }

    @Test
    void aClientWhoseCommandRunsOutOfMemoryIsClosedAndTheOthersAreServed() throws Exception {
        CommandTable table = new CommandTable(t -> {
            t.command("hog", 1).handler((c, a) -> {
                throw new OutOfMemoryError("Java heap space");
            });
            t.command("ping", 1).handler((c, a) -> c.reply().pong());
        });
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        Engine engine = new Engine(Config.defaults(), table);
        engine.start(Thread::new, timers);
        engine.loaded().join();
        RespListener listener = new RespListener(RespListener.parseBind("127.0.0.1", 0), () -> engine);
        listener.start(Thread::new);
        int port = listener.localPort();
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
            a.setSoTimeout(5000);
            b.setSoTimeout(5000);
            a.getOutputStream().write(argvBytes("HOG\r\nPING\r\n"));
            InputStream in = a.getInputStream();
            assertEquals("-ERR internal error in 'hog': java.lang.OutOfMemoryError: Java heap space\r\n",
                    new String(in.readAllBytes(), StandardCharsets.US_ASCII)); // and closed: PING is not run
            b.getOutputStream().write(argvBytes("PING\r\n"));
            assertEquals("+PONG\r\n", new String(b.getInputStream().readNBytes(7), StandardCharsets.US_ASCII));
        } finally {
            listener.stop();
            engine.stop();
            timers.shutdownNow();
        }
    }

    @Test
    void aFailureOutsideAnyClientEndsTheLoopAndTellsTheEmbedding() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        Engine engine = new Engine(Config.defaults(), new CommandTable(t -> { }));
        CompletableFuture<Throwable> fatal = new CompletableFuture<>();
        engine.onFatal(fatal::complete);
        engine.start(Thread::new, timers);
        try {
            engine.loaded().join();
            InternalError broken = new InternalError("broken");
            engine.submit(() -> {
                throw broken;
            });
            assertSame(broken, fatal.get(5, TimeUnit.SECONDS));
            assertFalse(engine.isRunning()); // liveness says DOWN from now on
            assertSame(broken, engine.failure());
        } finally {
            engine.stop();
            timers.shutdownNow();
        }
    }

    private static byte[] argvBytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
