package dev.beryl.persistence;

import dev.beryl.engine.Engine;

/**
 * While the data loads at start, clients are served each time the loader has read another
 * loading-process-events-interval-bytes (Redis's rdbLoadProgressCallback): INFO shows the progress, and commands
 * not allowed while loading get -LOADING instead of waiting for the whole load.
 */
final class ServeBetweenChunks {
    private final Engine engine;
    private final long interval;
    private final boolean active;
    /** Bytes of the files before the one being read (an AOF is several). */
    private long base;
    private long next;

    /** Only the load at start serves clients: DEBUG RELOAD and LOADAOF hold them until the data is whole. */
    ServeBetweenChunks(Engine engine) {
        this.engine = engine;
        this.active = engine.isLoading();
        this.interval = engine.config().getLong("loading-process-events-interval-bytes");
        this.next = interval;
    }

    /** The loader has read {@code offset} bytes of the current file. */
    void at(long offset) {
        long done = base + offset;
        if (!active || done < next) return;
        next = (done / interval + 1) * interval;
        engine.loadingProgress(done);
    }

    /** Serves clients now, whatever the offset (the AOF loader's once in 1024 commands). */
    void now(long offset) {
        if (active) engine.loadingProgress(base + offset);
    }

    /** The current file is done: the next one's offsets count from here. */
    void nextFile(long size) {
        base += size;
    }
}
