package dev.beryl.commands;

import dev.beryl.config.Config;
import dev.beryl.engine.Engine;
import dev.beryl.net.RespListener;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Connections the listener served while no engine was ready keep their unparsed bytes when handed over. */
class ListenerHandoverTest {
    @Test
    void aCommandSplitAcrossTheHandOverContinuesWhereItStopped() throws Exception {
        AtomicReference<Engine> registered = new AtomicReference<>();
        RespListener listener = new RespListener(RespListener.parseBind("127.0.0.1", 0), registered::get);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        Engine engine = new Engine(new Config(null, n -> null), Commands.newTable());
        listener.start(Thread::new);
        try (RawSocket s = new RawSocket(listener.localPort())) {
            s.send("PING\r\n").expect("-LOADING Redis is loading the dataset in memory\r\n");
            s.send("*2\r\n$4\r\nECHO\r\n$5\r\nhel"); // half a command while loading
            engine.start(Thread::new, timers);
            engine.loaded().join();
            registered.set(engine);
            Thread.sleep(300); // the listener checks every 50 ms
            s.send("lo\r\n").expect("$5\r\nhello\r\n");
            assertEquals("+PONG\r\n", s.call("PING"));
        } finally {
            listener.stop();
            engine.stop();
            timers.shutdownNow();
        }
    }
}
