package dev.beryl.commands;

import dev.beryl.config.Config;
import dev.beryl.engine.Engine;
import dev.beryl.net.RespListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While the RDB file loads at start, the engine serves its connections between chunks of the file (Redis's
 * processEventsWhileBlocked): commands flagged loading (INFO) answer, with INFO's loading_* progress; the others
 * get -LOADING; connections come and go; once loaded, everything is served.
 */
class ServeWhileLoadingTest {
    @TempDir
    Path dir;

    @Test
    void infoAnswersAndOtherCommandsGetLoadingUntilTheDataIsIn() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            Engine writer = new Engine(config("0"), Commands.newTable());
            writer.start(Thread::new, timers);
            writer.loaded().join();
            writer.call(2, 0, List.of(argv("DEBUG", "POPULATE", "3000", "key", "1000"), argv("SAVE"))).join();
            writer.stop();

            // 3,000 keys at 1 ms each: three seconds of loading, served every 1024 bytes (about every key)
            Engine engine = new Engine(config("1000"), Commands.newTable());
            RespListener listener = new RespListener(RespListener.parseBind("127.0.0.1", 0), () -> engine);
            listener.start(Thread::new);
            engine.start(Thread::new, timers);
            try (RawSocket s = new RawSocket(listener.localPort())) {
                String info = s.call("INFO persistence");
                assertTrue(info.contains("\r\nloading:1\r\n"), info);
                assertTrue(info.contains("\r\nloading_total_bytes:"), info);
                assertTrue(info.contains("\r\nloading_loaded_perc:"), info);
                assertEquals("-LOADING Redis is loading the dataset in memory\r\n", s.call("GET key:1"));
                assertEquals("-LOADING Redis is loading the dataset in memory\r\n", s.call("PING"));
                s.send("MULTI\r\n").expect("+OK\r\n");
                // queued commands are checked as they come, as Redis: this one dooms the transaction
                assertEquals("-LOADING Redis is loading the dataset in memory\r\n", s.call("GET key:1"));
                assertTrue(s.call("EXEC").startsWith("-EXECABORT"));
                try (RawSocket other = new RawSocket(listener.localPort())) {
                    assertTrue(other.call("INFO clients").contains("connected_clients:2\r\n"));
                }
                assertTrue(engine.isLoading());
                engine.loaded().join();
                assertFalse(s.call("INFO persistence").contains("loading_total_bytes"));
                assertEquals("$1000\r\n", s.call("GET key:1").substring(0, 7));
                assertEquals(":3000\r\n", s.call("DBSIZE"));
            } finally {
                listener.stop();
                engine.stop();
            }
        } finally {
            timers.shutdownNow();
        }
    }

    private Config config(String keyLoadDelayUs) {
        return new Config(null, n -> switch (n) {
            case "dir" -> dir.toString();
            case "key-load-delay" -> keyLoadDelayUs;
            case "loading-process-events-interval-bytes" -> "1024";
            case "enable-debug-command" -> "yes";
            case "save" -> "";
            default -> null;
        });
    }

    private static byte[][] argv(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) out[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return out;
    }
}
