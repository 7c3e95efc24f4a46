package dev.beryl.server;

import sun.misc.Signal;

import java.util.function.Consumer;

/**
 * SIGTERM and SIGINT handled as redis-server does (a shutdown that saves), not by the JVM's default exit; SIGABRT
 * with Redis's crash report (see onAbort).
 */
final class Signals {
    private Signals() {}

    /** The handler gets the signal's name ("TERM", "INT") on the JVM's signal thread. */
    static void install(Consumer<String> handler) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> handler.accept(s.getName()));
        }
    }

    /**
     * SIGABRT, the one crash signal the JVM leaves to the application (it handles SEGV, BUS, FPE and ILL itself):
     * the handler gets its number, as Redis's sigsegvHandler reports it.
     */
    static void onAbort(Consumer<Integer> handler) {
        Signal abrt = new Signal("ABRT");
        Signal.handle(abrt, s -> handler.accept(s.getNumber()));
    }
}
