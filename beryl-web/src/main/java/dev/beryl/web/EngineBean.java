package dev.beryl.web;

import dev.beryl.commands.Commands;
import dev.beryl.config.Config;
import dev.beryl.engine.Engine;
import dev.beryl.engine.EngineRegistry;
import dev.beryl.net.ListenAddress;
import dev.beryl.net.ListenerRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Owns the engine: creates it when the application starts, registers it so the resource adapter's listener
 * hands connections to it (and lets CONFIG SET port and bind move that listener), and stops it with the application. Settings use Redis's names under the "beryl."
 * prefix in MicroProfile Config, so server.xml variables and env vars (BERYL_PORT, BERYL_HZ ...) both work.
 */
@ApplicationScoped
public class EngineBean {
    private static final Logger LOG = Logger.getLogger(EngineBean.class.getName());

    @Resource
    private ManagedThreadFactory threads;
    @Resource
    private ManagedScheduledExecutorService timers;
    @Inject
    private org.eclipse.microprofile.config.Config mpConfig;

    private Engine engine;

    void start(@Observes Startup event) {
        engine = new Engine(new Config(this::setting), Commands.newTable());
        ListenAddress.follow(engine.config(), ListenerRegistry::current); // the resource adapter's listener
        engine.onFatal(EngineBean::exitAfterFatal);
        engine.start(threads, timers);
        EngineRegistry.register(engine);
        LOG.info("Beryl engine started (" + engine.databaseCount() + " databases, dir " + engine.config().get("dir") + ")");
    }

    /** The running engine, or null before startup; a method because fields read through the proxy are empty. */
    public Engine engine() {
        return engine;
    }

    @PreDestroy
    void stop() {
        if (engine == null) return;
        EngineRegistry.unregister(engine);
        if (engine.isRunning() && engine.backgroundSave().hasSavePoints()) saveBeforeStop();
        engine.stop();
        LOG.info("Beryl engine stopped");
    }

    /**
     * The engine thread's loop could not go on: the server exits so the platform restarts it (liveness already
     * says DOWN). Acknowledged writes are in the AOF when it is on (appendfsync always: on disk). If the orderly
     * shutdown hangs, the process is halted.
     */
    private static void exitAfterFatal(Throwable t) {
        LOG.severe("Beryl engine loop died (" + t + "): the server exits so that it is restarted");
        Thread exit = new Thread(() -> System.exit(1), "beryl-fatal-exit");
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException ignored) {
                // halting now
            }
            Runtime.getRuntime().halt(1);
        }, "beryl-fatal-halt");
        halt.setDaemon(true);
        halt.start();
        exit.start();
    }

    /** With save points configured, the server saves as it stops, as Redis does on SIGTERM. */
    private void saveBeforeStop() {
        CompletableFuture<Boolean> saved = new CompletableFuture<>();
        engine.submit(() -> saved.complete(engine.backgroundSave().saveForShutdown()));
        try {
            if (!saved.get(10, TimeUnit.MINUTES)) LOG.warning("Error trying to save the DB, stopping anyway");
        } catch (Exception e) {
            LOG.warning("Could not save the DB before stopping: " + e);
        }
    }

    private String setting(String name) {
        String v = mpConfig.getOptionalValue("beryl." + name, String.class).orElse(null);
        return v != null && name.equals("dir") ? resolveDir(v) : v;
    }

    /**
     * Redis reports dir as an absolute path. A relative one is taken from beryl.home when set (the build sets it
     * to the repository root, so ./data is the repository's data directory), else from the server's directory.
     */
    private String resolveDir(String dir) {
        String home = mpConfig.getOptionalValue("beryl.home", String.class).orElse("");
        return Path.of(home).toAbsolutePath().resolve(dir).normalize().toString();
    }
}
