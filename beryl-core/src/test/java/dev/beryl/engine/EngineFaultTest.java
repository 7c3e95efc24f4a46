package dev.beryl.engine;

import dev.beryl.command.CommandTable;
import dev.beryl.config.Config;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A command that throws gets an error reply; the engine thread and the other commands carry on. */
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
        java.util.concurrent.CompletableFuture<Throwable> fatal = new java.util.concurrent.CompletableFuture<>();
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
}
