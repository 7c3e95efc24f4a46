package dev.beryl.persistence;

import dev.beryl.engine.Engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * BGREWRITEAOF without stopping the engine (Redis's rewriteAppendOnlyFileBackground, backgroundRewriteDoneHandler
 * and the cron's automatic rewrite): at the start appends switch to a new incremental file, and the new base is the
 * dataset as of that moment, taken by the same {@link Snapshot} walk as BGSAVE and written by a
 * {@link SnapshotWriter} thread, as an RDB preamble or as commands (aof-use-rdb-preamble); once complete, the
 * {@link Aof} makes it the base in the manifest. One rewrite or BGSAVE at a time, as Redis has one child.
 * State for INFO persistence. Engine thread only.
 */
public final class AofRewrite {
    private static final Logger LOG = Logger.getLogger(AofRewrite.class.getName());
    /** Redis's AOF_REWRITE_LIMITE_THRESHOLD and _MAX_MINUTES: automatic retries back off after failures. */
    private static final int LIMIT_THRESHOLD = 3;
    private static final int LIMIT_MAX_MINUTES = 60;

    private final Engine engine;
    private final Aof aof;
    /** The running rewrite, or null. */
    private SnapshotJob job;
    private Path tmp;
    private boolean rdb;
    private boolean scheduled;
    private boolean lastOk = true;
    private long lastTimeSec = -1;
    private long rewrites;
    private long consecutiveFailures;
    private long lastCowBytes;
    private int nextDelayMinutes;
    private long nextRewriteSec;

    AofRewrite(Engine engine, Aof aof) {
        this.engine = engine;
        this.aof = aof;
    }

    public boolean inProgress() { return job != null; }
    public boolean walking() { return job != null && job.walking(); }
    public boolean scheduled() { return scheduled; }
    public boolean lastOk() { return lastOk; }
    public long lastTimeSec() { return lastTimeSec; }
    public long currentTimeSec() { return job == null ? -1 : job.elapsedSec(); }
    public long rewrites() { return rewrites; }
    public long consecutiveFailures() { return consecutiveFailures; }
    /** Peak bytes the last successful rewrite's snapshot held (INFO aof_last_cow_size). */
    public long lastCowBytes() { return lastCowBytes; }
    public long currentCowBytes() { return job == null ? 0 : job.currentBytes(); }
    public long currentCowPeak() { return job == null ? 0 : job.peakBytes(); }
    public long keysTotal() { return job == null ? 0 : job.keysTotal(); }
    public long keysProcessed() { return job == null ? 0 : job.keysProcessed(); }

    /**
     * BGREWRITEAOF while a BGSAVE runs or inside a transaction: the cron starts it when it can; asked for by hand,
     * it is not held back by earlier failures.
     */
    public void schedule() {
        scheduled = true;
        consecutiveFailures = 0;
    }

    void unschedule() { scheduled = false; }

    /** Starts a rewrite; false (logged, status err) when it cannot. */
    public boolean start() {
        if (inProgress() || engine.backgroundSave().inProgress()) return false;
        Path dir = aof.dir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LOG.warning("Can't open or create append-only dir " + dir + ": " + e);
            lastOk = false;
            return false;
        }
        if (!aof.openNewIncrForRewrite()) {
            lastOk = false;
            return false;
        }
        rewrites++;
        rdb = engine.config().getBool("aof-use-rdb-preamble");
        tmp = dir.resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof");
        Runtime rt = Runtime.getRuntime();
        SnapshotFormat.Opener format = rdb
                ? SnapshotFormat.rdb(engine.config().getBool("rdbcompression"), engine.config().getBool("rdbchecksum"),
                        nowSec(), rt.totalMemory() - rt.freeMemory(), true)
                : AofCommandFormat.opener(engine.config().getBool("aof-timestamp-enabled"));
        SnapshotWriter w = new SnapshotWriter(null, tmp, format, () -> engine.config().getInt("rdb-key-save-delay"),
                ok -> engine.submit(() -> finished(ok)));
        try {
            job = SnapshotJob.start(engine, w, "beryl-aof-rewrite", !rdb);
        } catch (RuntimeException e) {
            lastOk = false;
            LOG.warning("Can't rewrite append only file in background: " + e);
            aof.rewriteFailed();
            return false;
        }
        scheduled = false;
        LOG.info("Background append only file rewriting started");
        return true;
    }

    /** A slice of the walk (from the event loop, before it waits). */
    public void step() {
        if (job != null) job.step();
    }

    /** Stops a running rewrite without counting it as failed (Redis's killAppendOnlyChild). */
    public void abort() {
        if (!inProgress()) return;
        LOG.info("Killing running AOF rewrite child (the writer thread)");
        job.abort();
        job = null;
        aof.rewriteFailed();
    }

    private void finished(boolean ok) {
        if (job == null) return; // aborted meanwhile
        lastTimeSec = job.finish();
        if (ok) {
            LOG.info("Background AOF rewrite terminated with success");
            ok = aof.installRewrite(tmp, rdb);
            if (ok) {
                lastCowBytes = job.peakBytes();
                LOG.info("Background AOF rewrite finished successfully");
            }
        } else {
            LOG.warning("Background AOF rewrite terminated with error");
        }
        if (ok) {
            consecutiveFailures = 0;
        } else {
            consecutiveFailures++;
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next rewrite truncates it
            }
            aof.rewriteFailed();
        }
        lastOk = ok;
        job = null;
        // an AOF being switched on still waits for its first base
        if (aof.state() == Aof.State.WAIT_REWRITE) scheduled = true;
    }

    /**
     * serverCron: a scheduled rewrite starts once no BGSAVE runs; with the AOF on, it also starts when the files
     * have grown by auto-aof-rewrite-percentage since the last rewrite and are over auto-aof-rewrite-min-size.
     */
    public void cron() {
        if (inProgress() || engine.backgroundSave().inProgress()) return;
        if (scheduled && !limited()) {
            start();
            return;
        }
        long perc = engine.config().getLong("auto-aof-rewrite-percentage");
        if (aof.state() == Aof.State.ON && perc > 0 && aof.currentSize() > engine.config().getLong("auto-aof-rewrite-min-size")) {
            long base = aof.baseSize() > 0 ? aof.baseSize() : 1;
            long growth = aof.currentSize() * 100 / base - 100;
            if (growth >= perc && !limited()) {
                LOG.info("Starting automatic rewriting of AOF on " + growth + "% growth");
                start();
            }
        }
    }

    /** Redis's aofRewriteLimited: after repeated failures, the cron waits 1, 2, 4 ... up to 60 minutes. */
    private boolean limited() {
        if (consecutiveFailures < LIMIT_THRESHOLD) {
            nextDelayMinutes = 0;
            nextRewriteSec = 0;
            return false;
        }
        long now = nowSec();
        if (nextRewriteSec != 0) {
            if (now < nextRewriteSec) return true;
            nextRewriteSec = 0;
            return false;
        }
        nextDelayMinutes = nextDelayMinutes == 0 ? 1 : Math.min(nextDelayMinutes * 2, LIMIT_MAX_MINUTES);
        nextRewriteSec = now + nextDelayMinutes * 60L;
        LOG.warning("Background AOF rewrite has repeatedly failed and triggered the limit, will retry in "
                + nextDelayMinutes + " minutes");
        return true;
    }

    private static long nowSec() {
        return System.currentTimeMillis() / 1000;
    }
}
