package dev.beryl.persistence;

import dev.beryl.engine.Engine;

/**
 * One background job writing the dataset as it was when the job started (a BGSAVE, an AOF rewrite): the
 * {@link SnapshotWriter} on a thread from the engine's factory, and the {@link Snapshot} walk the event loop
 * advances a slice per turn. What INFO shows while it runs. Engine thread only.
 */
final class SnapshotJob {
    /** Walk time per event-loop turn: the longest the engine pauses for the job. */
    private static final long STEP_NS = 1_000_000;

    private final Engine engine;
    private final SnapshotWriter writer;
    private final Snapshot snapshot;
    private final long startSec = nowSec();
    private boolean walking = true;

    /**
     * Starts the writer on a new thread, then the walk ({@code commands}: the AOF base without preamble). Throws
     * what the thread factory throws when it cannot start a thread; nothing has started then.
     */
    static SnapshotJob start(Engine engine, SnapshotWriter writer, String threadName, boolean commands) {
        Thread t = engine.threadFactory().newThread(writer);
        t.setName(threadName);
        t.start();
        return new SnapshotJob(engine, writer, commands);
    }

    private SnapshotJob(Engine engine, SnapshotWriter writer, boolean commands) {
        this.engine = engine;
        this.writer = writer;
        this.snapshot = new Snapshot(engine, engine.backgroundSave().nextEpoch(), writer, commands);
        engine.snapshotHook(snapshot);
    }

    /** Whether the walk still needs event-loop turns (the loop then polls instead of sleeping). */
    boolean walking() { return walking; }

    /** A slice of the walk (from the event loop, before it waits). */
    void step() {
        if (walking && snapshot.step(STEP_NS)) endWalk();
    }

    private void endWalk() {
        walking = false;
        engine.snapshotHook(null);
    }

    /** Stops the job: the walk ends, a big collection's table resumes rehashing, the writer removes its file. */
    void abort() {
        if (walking) endWalk();
        snapshot.abandon();
        writer.abort();
    }

    /** The writer is done (after the walk, which has ended then); returns the job's duration in seconds. */
    long finish() {
        if (walking) endWalk();
        return elapsedSec();
    }

    long elapsedSec() { return nowSec() - startSec; }
    long currentBytes() { return snapshot.currentBytes(); }
    long peakBytes() { return snapshot.peakBytes(); }
    long keysTotal() { return snapshot.keysTotal(); }
    long keysProcessed() { return writer.keysWritten; }
    /** The key of the big collection the walk is encoding slice by slice, or null. */
    byte[] slicing() { return snapshot.slicing(); }

    private static long nowSec() {
        return System.currentTimeMillis() / 1000;
    }
}
