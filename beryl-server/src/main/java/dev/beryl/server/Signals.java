package dev.beryl.server;

import dev.beryl.engine.CrashReport;
import sun.misc.Signal;

import java.util.function.Consumer;

/**
 * SIGTERM and SIGINT handled as redis-server does (a shutdown that saves), not by the JVM's default exit; SIGABRT
 * with Redis's crash report.
 */
final class Signals {
    private Signals() {}

    /** The handler gets the signal's name ("TERM", "INT") on the JVM's signal thread. */
    static void install(Consumer<String> handler) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> handler.accept(s.getName()));
        }
        Signal.handle(new Signal("ABRT"), s -> CrashReport.crash(6, "SIGABRT"));
    }
}
