package dev.beryl.resp;

/**
 * A bigger query buffer that a parser asked for instead of allocating it (see
 * {@link RequestParser#inlineGrowthMax(int)}): made on another thread with the parser's held bytes copied in, then
 * given back to the parser on its own thread ({@link RequestParser#grown}). A fresh big array costs its size in
 * zeroing and page faults (a 256 MB one most of a second), which the engine thread must not pay while every other
 * client waits. Reading the held bytes here is safe: the parser does not write them while it waits, as its
 * connection is not read meanwhile, and the hand-over and hand-back go through thread-safe queues.
 */
public final class BufferGrowth implements Runnable {
    final byte[] source;
    final int from;
    final int to;
    private final int capacity;
    byte[] made; // written by run, read after the hand-back
    private volatile boolean cancelled;

    BufferGrowth(byte[] source, int from, int to, int capacity) {
        this.source = source;
        this.from = from;
        this.to = to;
        this.capacity = capacity;
    }

    /** Makes the buffer (any thread but the parser's), unless the connection is gone. */
    @Override
    public void run() {
        if (cancelled) return;
        byte[] b = new byte[capacity];
        System.arraycopy(source, from, b, 0, to - from);
        made = b;
    }

    /** The connection closed: a growth not yet started allocates nothing. */
    public void cancel() { cancelled = true; }

    public int capacity() { return capacity; }
}
