package dev.beryl.net;

/**
 * Where the engine's embedding finds a TCP listener it did not create: in Liberty the resource adapter owns the
 * listener, and the web module's engine bean hands it to {@link ListenAddress} so that CONFIG SET port and bind
 * move it. One listener per JVM, as one engine.
 */
public final class ListenerRegistry {
    private static volatile RespListener current;

    private ListenerRegistry() {}

    public static void register(RespListener l) { current = l; }

    /** Unregisters only if {@code l} is the registered listener. */
    public static void unregister(RespListener l) {
        if (current == l) current = null;
    }

    /** The registered listener, or null. */
    public static RespListener current() { return current; }
}
