package dev.beryl.persistence;

import dev.beryl.engine.Engine;

import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * BGSAVE and the save points (Redis's rdbSaveBackground, serverCron's save check, backgroundSaveDoneHandler):
 * one background save at a time, a {@link Snapshot} walked on the engine thread and a {@link SnapshotWriter} on a
 * thread from the engine's factory. State for INFO persistence. Engine thread only.
 */
public final class BackgroundSave {
    private static final Logger LOG = Logger.getLogger(BackgroundSave.class.getName());
    /** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failure, save points wait this long before trying again. */
    private static final long RETRY_DELAY_SEC = 5;

    private final Engine engine;
    /** The running save, or null. */
    private SnapshotJob job;
    private int epoch;
    private boolean scheduled;
    private boolean lastOk = true;
    private long lastTimeSec = -1;
    private long lastTrySec;
    private long dirtyBefore;
    private long lastCowBytes;
    /** The running save writes to replicas' sockets, not to the file (a diskless sync). */
    private boolean toSocket;
    /** Counts starts and aborts: the end of an aborted save's writer, heard late, is not the next save's. */
    private int generation;
    /** Told of each background save's end (true: the file is in place); replicas wait for it. */
    private Consumer<Boolean> doneListener = ok -> {};

    public BackgroundSave(Engine engine) {
        this.engine = engine;
    }

    public boolean inProgress() { return job != null; }
    /** Whether the walk still needs event-loop turns (the loop then polls instead of sleeping). */
    public boolean walking() { return job != null && job.walking(); }
    public boolean scheduled() { return scheduled; }
    public boolean lastOk() { return lastOk; }
    public long lastTimeSec() { return lastTimeSec; }
    public long currentTimeSec() { return job == null ? -1 : job.elapsedSec(); }
    /** Peak bytes the last successful background save held (INFO rdb_last_cow_size). */
    public long lastCowBytes() { return lastCowBytes; }
    public long currentCowBytes() { return job == null ? 0 : job.currentBytes(); }
    public long currentCowPeak() { return job == null ? 0 : job.peakBytes(); }
    public long keysTotal() { return job == null ? 0 : job.keysTotal(); }
    public long keysProcessed() { return job == null ? 0 : job.keysProcessed(); }

    /** The key of the big collection the walk is encoding slice by slice, or null (tests). */
    byte[] slicing() { return job == null ? null : job.slicing(); }

    /** A new mark for the nodes a snapshot has handed over; BGSAVE and AOF rewrite share the sequence. */
    int nextEpoch() { return ++epoch; }

    /** Sets what hears of each background save's end, its success or failure (engine thread). */
    public void onDone(Consumer<Boolean> listener) { doneListener = listener; }

    /** Schedules a BGSAVE for the cron (BGSAVE SCHEDULE, or BGSAVE inside a transaction). */
    public void schedule() { scheduled = true; }

    /** Starts a background save; false (logged) when its thread cannot be started. */
    public boolean start() {
        if (inProgress() || engine.aof().rewrite().inProgress()) return false;
        engine.stats().rdbSaves++;
        dirtyBefore = engine.stats().dirty;
        lastTrySec = nowSec();
        SnapshotWriter w = SnapshotWriter.rdb(RdbSave.file(engine), rdbFormat(), () -> engine.config().getInt("rdb-key-save-delay"),
                whenDone());
        if (!startJob(w)) {
            lastOk = false;
            return false;
        }
        LOG.info("Background saving started");
        return true;
    }

    /**
     * Starts a save that writes the RDB to {@code out} instead of the file (Redis's rdbSaveToSlavesSockets): the
     * file, the dirty counter and LASTSAVE stay as they are. False (logged) when its thread cannot be started.
     */
    public boolean startToStream(OutputStream out) {
        if (inProgress() || engine.aof().rewrite().inProgress()) return false;
        SnapshotWriter w = SnapshotWriter.stream(out, rdbFormat(), () -> engine.config().getInt("rdb-key-save-delay"),
                whenDone());
        if (!startJob(w)) return false;
        toSocket = true;
        LOG.info("Background RDB transfer started");
        return true;
    }

    /** What the writer calls at its end: {@link #finished} on the engine thread, if its save is still the current one. */
    private Consumer<Boolean> whenDone() {
        int gen = ++generation;
        return ok -> engine.submit(() -> {
            if (gen == generation) finished(ok);
        });
    }

    private SnapshotFormat.Opener rdbFormat() {
        Runtime rt = Runtime.getRuntime();
        return SnapshotFormat.rdb(engine.config().getBool("rdbcompression"), engine.config().getBool("rdbchecksum"), nowSec(),
                rt.totalMemory() - rt.freeMemory(), false);
    }

    private boolean startJob(SnapshotWriter w) {
        try {
            job = SnapshotJob.start(engine, w, "beryl-bgsave", false);
            return true;
        } catch (RuntimeException e) {
            LOG.warning("Can't save in background: " + e);
            return false;
        }
    }

    /** A slice of the walk (from the event loop, before it waits). */
    public void step() {
        if (job != null) job.step();
    }

    /** Stops a running background save (FLUSHALL, SHUTDOWN, stop); its temp file is removed, waiting replicas are told. */
    public void abort() {
        if (job == null) return;
        job.abort();
        job = null;
        generation++;
        toSocket = false;
        LOG.info("Background saving aborted");
        if (engine.isRunning()) doneListener.accept(false); // as a killed child's exit (not when the engine is gone)
    }

    private void finished(boolean ok) {
        if (job == null) return; // aborted meanwhile
        if (toSocket) { // a diskless sync: nothing about the file changes
            job.finish();
            LOG.log(ok ? Level.INFO : Level.WARNING,
                    ok ? "Background RDB transfer terminated with success" : "Background transfer error");
            job = null;
            toSocket = false;
            doneListener.accept(ok);
            return;
        }
        lastTimeSec = job.finish();
        if (ok) {
            LOG.info("Background saving terminated with success");
            engine.stats().dirty -= dirtyBefore;
            engine.stats().lastSaveSec = nowSec();
            lastCowBytes = job.peakBytes();
        } else {
            LOG.warning("Background saving error");
        }
        lastOk = ok;
        job = null;
        doneListener.accept(ok);
    }

    /** A successful SAVE counts as the last save's status too (Redis's rdbSave sets lastbgsave_status). */
    void savedInForeground() {
        lastOk = true;
    }

    /**
     * The save before a shutdown (SHUTDOWN, server stop with save points, Redis's finishShutdown): a running
     * background save is abandoned and the dataset saved in the foreground; true when it is on disk.
     */
    public boolean saveForShutdown() {
        abort();
        LOG.info("Saving the final RDB snapshot before exiting.");
        return RdbSave.save(engine);
    }

    /** Whether save points are configured: then a shutdown saves, as Redis does on SIGTERM. */
    public boolean hasSavePoints() {
        return !engine.config().get("save").isEmpty();
    }

    /** serverCron: a save point reached or a scheduled BGSAVE starts a background save. */
    public void cron() {
        if (inProgress() || engine.aof().rewrite().inProgress()) return;
        long now = nowSec();
        boolean mayRetry = lastOk || now - lastTrySec > RETRY_DELAY_SEC;
        if (!mayRetry) return;
        long dirty = engine.stats().dirty;
        String[] points = engine.config().get("save").split(" ");
        for (int j = 0; j + 1 < points.length; j += 2) {
            long seconds = Long.parseLong(points[j]);
            long changes = Long.parseLong(points[j + 1]);
            if (dirty >= changes && now - engine.stats().lastSaveSec > seconds) {
                LOG.info(changes + " changes in " + seconds + " seconds. Saving...");
                start();
                return;
            }
        }
        if (scheduled && start()) scheduled = false;
    }

    private static long nowSec() {
        return System.currentTimeMillis() / 1000;
    }
}
