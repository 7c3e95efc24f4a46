package dev.beryl;

import dev.beryl.commands.Commands;
import dev.beryl.config.Config;
import dev.beryl.engine.Engine;
import dev.beryl.net.RespListener;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The core without Liberty: engine + listener on plain threads. Used by socket-level unit tests, and by
 * developers to run the conformance suite against the core quickly:
 * {@code java -cp beryl-core/target/classes:beryl-core/target/test-classes dev.beryl.DevServer 6380 [beryl.conf]}.
 */
public final class DevServer implements AutoCloseable {
    public final Engine engine;
    private final RespListener listener;
    private final ScheduledExecutorService timers;

    public DevServer(int port) throws IOException {
        this(port, null);
    }

    /** A server reading a Redis-format config file first (null for none); the port and BERYL_* env vars win. */
    public DevServer(int port, java.nio.file.Path configFile) throws IOException {
        this(new Config(configFile, name -> name.equals("port") ? String.valueOf(port) : devSetting(name)));
    }

    /** BERYL_* env vars; DEBUG is on by default here (the suite and tests need it), unlike Redis's default. */
    private static String devSetting(String name) {
        String v = System.getenv("BERYL_" + name.toUpperCase().replace('-', '_'));
        return v == null && name.equals("enable-debug-command") ? "yes" : v;
    }

    public DevServer(Config config) throws IOException {
        engine = new Engine(config, Commands.newTable());
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "beryl-timer");
            t.setDaemon(true);
            return t;
        });
        engine.start(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }, timers);
        listener = new RespListener(RespListener.parseBind(config.get("bind"), config.getInt("port")), () -> engine);
        listener.start(Thread::new);
        try {
            engine.loaded().join(); // the data of dir/dbfilename first: tests and the suite then never see -LOADING
        } catch (java.util.concurrent.CompletionException e) {
            close();
            throw new IOException("Beryl could not load its RDB file: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public int port() { return listener.localPort(); }

    @Override
    public void close() {
        listener.stop();
        engine.stop();
        timers.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 6380;
        DevServer s = new DevServer(port, args.length > 1 ? java.nio.file.Path.of(args[1]) : null);
        System.out.println("Beryl core listening on " + s.port());
        // SHUTDOWN ends the process, as it ends redis-server
        s.engine.onShutdown(() -> new Thread(() -> {
            s.close();
            System.exit(0);
        }).start());
        Thread.currentThread().join();
    }
}
