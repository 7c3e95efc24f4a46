package dev.beryl.engine;

/**
 * Where the running engine is found by the pieces that are not created with it: the resource adapter's
 * listener (deployed before the web module, so it answers -LOADING until an engine registers) and other
 * applications' in-JVM clients. One engine per JVM.
 */
public final class EngineRegistry {
    private static volatile Engine current;

    private EngineRegistry() {}

    public static void register(Engine e) { current = e; }

    /** Unregisters only if {@code e} is the registered engine (a redeploy may have registered a newer one). */
    public static void unregister(Engine e) {
        if (current == e) current = null;
    }

    /** The running engine, or null while none is ready. */
    public static Engine current() { return current; }
}
