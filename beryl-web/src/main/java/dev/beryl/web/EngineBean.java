package dev.beryl.web;

import dev.beryl.commands.Commands;
import dev.beryl.config.Config;
import dev.beryl.engine.Engine;
import dev.beryl.engine.EngineRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Owns the engine: creates it when the application starts, registers it so the resource adapter's listener
 * hands connections to it, and stops it with the application. Settings use Redis's names under the "beryl."
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
        engine.stop();
        LOG.info("Beryl engine stopped");
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
