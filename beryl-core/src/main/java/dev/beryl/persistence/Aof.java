package dev.beryl.persistence;

import dev.beryl.engine.Engine;
import dev.beryl.engine.Propagation;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The append-only file in Redis 7.0's multi-part layout (dir/appenddirname: a base file, incremental files and
 * the manifest naming them). Propagated commands are buffered as RESP during a loop turn and written before any
 * reply of that turn goes out ({@link #beforeReplies}); with appendfsync always they are also fsynced then, once
 * for all the clients of the turn, so an acknowledged write is on disk. everysec fsyncs from a timer thread
 * ({@link #fsyncIfNeeded}); no leaves it to the OS. Engine thread, except that timer.
 */
public final class Aof implements Propagation.Sink {
    private static final Logger LOG = Logger.getLogger(Aof.class.getName());

    /** Redis's aof_state: WAIT_REWRITE after CONFIG SET appendonly yes, until the first rewrite has completed. */
    public enum State { OFF, ON, WAIT_REWRITE }

    private final Engine engine;
    private final AofRewrite rewrite;
    private byte[] buf = new byte[16 * 1024];
    private int len;
    /** The database the file's last SELECT chose; -1 forces a SELECT before the next command. */
    private int selectedDb = -1;
    private volatile FileChannel incr;
    private int flushSleepUs;
    /** Written since the last fsync (everysec). */
    private volatile boolean unsynced;
    private State state = State.OFF;
    /** The files of the directory as last persisted; null until read (or created) once. */
    private AofManifest manifest;
    /** Redis's aof_current_size, aof_rewrite_base_size, aof_last_incr_size. */
    private long currentSize;
    private long baseSize;
    private long lastIncrSize;
    private boolean lastWriteOk = true;

    /** The second of the last #TS annotation written (aof-timestamp-enabled). */
    private long lastTimestamp;
    /** aof-timestamp-enabled, kept current by a config listener (feed runs for every write command). */
    private volatile Boolean timestamps;

    public Aof(Engine engine) {
        this.engine = engine;
        this.rewrite = new AofRewrite(engine, this);
    }

    public State state() { return state; }
    public boolean isOn() { return state != State.OFF; }
    public AofRewrite rewrite() { return rewrite; }
    public long currentSize() { return currentSize; }
    public long baseSize() { return baseSize; }
    /** Bytes propagated this turn and not yet written (INFO aof_buffer_length). */
    public int bufferLength() { return len; }
    public boolean lastWriteOk() { return lastWriteOk; }

    Path dir() {
        return Path.of(engine.config().get("dir")).resolve(engine.config().get("appenddirname"));
    }

    String fileName() { return engine.config().get("appendfilename"); }

    Path manifestPath() { return dir().resolve(fileName() + ".manifest"); }

    /** Where appends go while the first rewrite runs (Redis's getTempIncrAofName). */
    private Path tempIncrPath() { return dir().resolve("temp-" + fileName() + ".incr"); }

    /** The manifest in memory, read from the directory the first time (an empty one when there is none). */
    AofManifest manifest() throws IOException {
        if (manifest == null) {
            manifest = Files.exists(manifestPath()) ? AofManifest.parse(Files.readString(manifestPath())) : new AofManifest();
        }
        return manifest;
    }

    // ---- feeding

    @Override
    public void feed(int db, byte[][] argv) {
        // before its rewrite starts, an AOF being switched on has no file to take the commands yet
        if (state == State.OFF || (state == State.WAIT_REWRITE && !rewrite.inProgress())) return;
        if (timestamps()) {
            // Redis's #TS:<unix time> annotation before the first command of each new second (redis-check-aof
            // --truncate-to-timestamp cuts there)
            long now = engine.commandTimeMs() / 1000;
            if (now > lastTimestamp) {
                lastTimestamp = now;
                byte[] ts = ("#TS:" + now + "\r\n").getBytes(StandardCharsets.US_ASCII);
                put(ts, 0, ts.length);
            }
        }
        if (db != selectedDb) {
            byte[] id = Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
            append(new byte[][] {{'S', 'E', 'L', 'E', 'C', 'T'}, id});
            selectedDb = db;
        }
        append(argv);
    }

    private boolean timestamps() {
        Boolean t = timestamps;
        if (t == null) { // the engine's config is set after this object is built: listen on first use
            engine.config().onChange("aof-timestamp-enabled", v -> timestamps = "yes".equals(v));
            timestamps = t = engine.config().getBool("aof-timestamp-enabled");
        }
        return t;
    }

    private void append(byte[][] argv) {
        header('*', argv.length);
        for (byte[] a : argv) {
            header('$', a.length);
            put(a, 0, a.length);
            put(CRLF, 0, 2);
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private void header(char type, long n) {
        byte[] digits = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        ensure(digits.length + 3);
        buf[len++] = (byte) type;
        put(digits, 0, digits.length);
        put(CRLF, 0, 2);
    }

    private void put(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    /**
     * Writes what the turn's commands propagated (Redis's flushAppendOnlyFile in beforeSleep), fsyncing now with
     * appendfsync always. Called before replies are sent.
     */
    public void beforeReplies() {
        if (len == 0 || incr == null) return;
        if (flushSleepUs > 0) sleepBeforeFlush();
        try {
            long t0 = latencyStart();
            ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
            while (b.hasRemaining()) incr.write(b);
            if (t0 != 0) {
                boolean walking = rewrite.walking() || engine.backgroundSave().walking(); // Redis's active child
                latencyEnd(walking ? "aof-write-active-child" : "aof-write-alone", t0);
                latencyEnd("aof-write", t0);
            }
            if ("always".equals(engine.config().get("appendfsync"))) {
                t0 = latencyStart();
                incr.force(false);
                latencyEnd("aof-fsync-always", t0);
            } else {
                unsynced = true;
            }
            currentSize += len;
            lastIncrSize += len;
            lastWriteOk = true;
        } catch (IOException e) {
            // Redis exits here with appendfsync always; Beryl keeps serving and says so loudly
            LOG.log(Level.SEVERE, "Error writing to the AOF file: " + e, e);
            lastWriteOk = false;
        }
        len = 0;
        if (buf.length > 1024 * 1024) buf = new byte[16 * 1024];
    }

    /**
     * DEBUG AOF-FLUSH-SLEEP: each write of the buffer waits this long first, so tests can check that no reply
     * overtakes the write of its command (Redis's aof_flush_sleep).
     */
    public void flushSleep(int us) { flushSleepUs = us; }

    private void sleepBeforeFlush() {
        try {
            Thread.sleep(flushSleepUs / 1000, (flushSleepUs % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Now in ns when the latency monitor is on, else 0 (Redis's latencyStartMonitor). */
    private long latencyStart() {
        return engine.watch().latencyMonitored() ? System.nanoTime() : 0;
    }

    /** Records an AOF event's latency since {@link #latencyStart} if it reaches the threshold. */
    private void latencyEnd(String event, long t0) {
        if (t0 != 0) engine.watch().latencySample(event, (System.nanoTime() - t0) / 1_000_000);
    }

    /** appendfsync everysec: called once a second from a timer thread. */
    public void fsyncIfNeeded() {
        FileChannel ch = incr;
        if (!unsynced || ch == null || !"everysec".equals(engine.config().get("appendfsync"))) return;
        unsynced = false;
        try {
            ch.force(false);
        } catch (IOException e) {
            if (ch == incr) LOG.log(Level.WARNING, "AOF fsync failed: " + e, e);
        }
    }

    // ---- switching on and off

    /**
     * appendonly yes at run time (Redis's startAppendOnly): the AOF waits for a background rewrite, started now
     * or, while a BGSAVE runs or inside a transaction, scheduled for the cron; a rewrite of an AOF that was off is
     * replaced by a new one, since its incremental file did not get the commands. False when it cannot start.
     */
    public boolean start(boolean inTransaction) {
        if (state != State.OFF) return true;
        state = State.WAIT_REWRITE;
        engine.propagation().addSink(this);
        if (engine.backgroundSave().inProgress()) {
            rewrite.schedule();
            LOG.warning("AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.");
        } else if (inTransaction) {
            rewrite.schedule();
            LOG.warning("AOF was enabled during a transaction. An AOF background was scheduled to start when possible.");
        } else {
            if (rewrite.inProgress()) {
                LOG.warning("AOF was enabled but there is already an AOF rewriting in background. Stopping background AOF and starting a rewrite now.");
                rewrite.abort();
            }
            if (!rewrite.start()) {
                state = State.OFF;
                engine.propagation().removeSink(this);
                LOG.warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.");
                return false;
            }
        }
        lastWriteOk = true;
        return true;
    }

    /** appendonly no (Redis's stopAppendOnly): the file is flushed, synced and closed; a rewrite is stopped. */
    public void stop() {
        if (state == State.OFF) return;
        beforeReplies();
        engine.propagation().removeSink(this);
        boolean waiting = state == State.WAIT_REWRITE;
        state = State.OFF;
        selectedDb = -1;
        lastIncrSize = 0;
        closeIncr(true);
        rewrite.unschedule();
        rewrite.abort();
        if (waiting) deleteTempIncr();
        len = 0;
    }

    /** Writes what is buffered and fsyncs the incremental file now (shutdown). */
    public void syncNow() {
        beforeReplies();
        FileChannel ch = incr;
        if (ch == null) return;
        try {
            ch.force(false);
            unsynced = false;
        } catch (IOException e) {
            LOG.warning("Fail to fsync the AOF file: " + e.getMessage() + ".");
        }
    }

    /** Engine shutdown. */
    public void close() {
        rewrite.abort();
        if (state == State.OFF) return;
        beforeReplies();
        closeIncr(true);
    }

    private void closeIncr(boolean sync) {
        FileChannel ch = incr;
        incr = null;
        if (ch == null) return;
        try {
            if (sync) ch.force(false);
            ch.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Closing the AOF file: " + e, e);
        }
    }

    private void deleteTempIncr() {
        try {
            Files.deleteIfExists(tempIncrPath());
        } catch (IOException e) {
            LOG.warning("Removing " + tempIncrPath().getFileName() + ": " + e);
        }
    }

    // ---- rewriting (called by AofRewrite on the engine thread)

    /**
     * At a rewrite's start (Redis's openNewIncrAofForAppend): what the turn propagated so far goes to the current
     * file, then appends go to a new file: a new incremental file named in the manifest when the AOF is on, the
     * temp incremental file while it waits for its first rewrite, none when it is off. False when it cannot.
     */
    boolean openNewIncrForRewrite() {
        beforeReplies();
        selectedDb = -1;
        if (state == State.OFF) return true;
        AofManifest next = null;
        String name;
        try {
            if (state == State.WAIT_REWRITE) {
                name = tempIncrPath().getFileName().toString();
            } else {
                next = manifest().copy();
                name = next.newIncr(fileName());
            }
        } catch (IOException e) {
            LOG.warning("Can't read the AOF manifest: " + e.getMessage());
            return false;
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(dir().resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            LOG.warning("Can't open the append-only file " + name + ": " + e.getMessage());
            return false;
        }
        if (next != null) {
            try {
                writeManifest(next);
            } catch (IOException e) {
                LOG.warning("Can't persist the AOF manifest: " + e.getMessage());
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the new file stays unused
                }
                return false;
            }
            manifest = next;
        }
        LOG.info("Creating AOF incr file " + name + " on background rewrite");
        closeIncr(true);
        incr = ch;
        lastIncrSize = 0;
        return true;
    }

    /**
     * A rewrite's base file is complete at {@code tmp} (Redis's backgroundRewriteDoneHandler): it becomes the new
     * base, the temp incremental file of an AOF being switched on gets its name, the manifest names them with the
     * incremental files the base covers as history, and the history is deleted. False (logged) on failure.
     */
    boolean installRewrite(Path tmp, boolean rdb) {
        AofManifest next;
        try {
            next = manifest().copy();
        } catch (IOException e) {
            LOG.warning("Can't read the AOF manifest: " + e.getMessage());
            return false;
        }
        String baseName = next.newBase(fileName(), rdb);
        Path base = dir().resolve(baseName);
        long t0 = latencyStart();
        try {
            Files.move(tmp, base, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warning("Error trying to rename the temporary AOF base file " + tmp.getFileName() + " into " + baseName + ": " + e);
            return false;
        }
        latencyEnd("aof-rename", t0);
        LOG.info("Successfully renamed the temporary AOF base file " + tmp.getFileName() + " into " + baseName);
        Path newIncr = null;
        if (state == State.WAIT_REWRITE) {
            String incrName = next.newIncr(fileName());
            newIncr = dir().resolve(incrName);
            t0 = latencyStart();
            try {
                Files.move(tempIncrPath(), newIncr, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.warning("Error trying to rename the temporary AOF incr file " + tempIncrPath().getFileName() + " into " + incrName + ": " + e);
                deleteQuietly(base);
                return false;
            }
            latencyEnd("aof-rename", t0);
            LOG.info("Successfully renamed the temporary AOF incr file " + tempIncrPath().getFileName() + " into " + incrName);
        }
        next.markRewrittenIncrAsHistory(incr != null);
        try {
            writeManifest(next);
        } catch (IOException e) {
            LOG.warning("Can't persist the AOF manifest: " + e.getMessage());
            deleteQuietly(base);
            if (newIncr != null) deleteQuietly(newIncr);
            return false;
        }
        manifest = next;
        if (state != State.OFF) {
            currentSize = size(base) + lastIncrSize;
            baseSize = currentSize;
        }
        deleteHistory();
        if (state == State.WAIT_REWRITE) state = State.ON;
        return true;
    }

    /** A failed or stopped rewrite of an AOF being switched on: what its temp incremental file got is dropped. */
    void rewriteFailed() {
        if (state != State.WAIT_REWRITE) return;
        len = 0;
        closeIncr(false);
        deleteTempIncr();
        selectedDb = -1;
    }

    /** Redis's aofDelHistoryFiles: history files are deleted and the manifest forgets them. */
    private void deleteHistory() {
        if (manifest == null || manifest.history.isEmpty()) return;
        for (AofManifest.Entry e : manifest.history) {
            deleteQuietly(dir().resolve(e.name()));
            LOG.info("Removing the history file " + e.name() + " in the background");
        }
        manifest.history.clear();
        try {
            writeManifest(manifest);
        } catch (IOException e) {
            LOG.warning("Can't persist the AOF manifest: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warning("Removing " + p.getFileName() + ": " + e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * At start with appendonly yes and no AOF yet: the loaded dataset becomes the first base file and an empty
     * incremental file follows it, synchronously, since no client is served yet.
     */
    private void createAtStartup() throws IOException {
        Path dir = dir();
        Files.createDirectories(dir);
        AofManifest next = manifest().copy();
        boolean rdb = engine.config().getBool("aof-use-rdb-preamble");
        String baseName = next.newBase(fileName(), rdb);
        Path tmp = dir.resolve("temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            if (rdb) RdbSave.write(engine, os, true);
            else AofCommandFormat.writeDataset(engine, os);
            os.flush();
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(baseName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        String incrName = next.newIncr(fileName());
        FileChannel ch = FileChannel.open(dir.resolve(incrName), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        next.markRewrittenIncrAsHistory(true);
        writeManifest(next);
        manifest = next;
        incr = ch;
        selectedDb = -1;
        lastIncrSize = 0;
        currentSize = baseSize = size(dir.resolve(baseName));
        LOG.info("AOF base file " + baseName + " and incr file " + incrName + " created");
        deleteHistory();
    }

    private void writeManifest(AofManifest m) throws IOException {
        Path tmp = dir().resolve("temp-" + fileName() + ".manifest");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(m.format()));
            ch.force(true);
        }
        Files.move(tmp, manifestPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        RdbSave.syncDirectory(dir());
    }

    // ---- loading

    /**
     * At start with appendonly yes: loads the files the manifest names, then appends to its last incremental
     * file; without a manifest, the (empty) dataset becomes the first base, as Redis creates it on start.
     */
    public void loadAtStartup() throws IOException {
        AofManifest m = manifest();
        if (isOldStyle(m)) m = upgrade(m);
        if (!m.isEmpty()) {
            AofLoad.load(engine, dir(), m);
            deleteHistory();
            baseSize = m.base == null ? 0 : size(dir().resolve(m.base.name()));
            currentSize = baseSize;
            for (AofManifest.Entry e : m.incr) currentSize += size(dir().resolve(e.name()));
        }
        if (m.isEmpty()) {
            createAtStartup();
        } else if (m.incr.isEmpty()) {
            // a base written while the AOF was off (BGREWRITEAOF): appends go to a first incremental file
            AofManifest next = m.copy();
            String name = next.newIncr(fileName());
            incr = FileChannel.open(dir().resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            writeManifest(next);
            manifest = next;
            lastIncrSize = 0;
            selectedDb = -1;
        } else {
            Path last = dir().resolve(m.incr.get(m.incr.size() - 1).name());
            incr = FileChannel.open(last, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            lastIncrSize = size(last);
            selectedDb = -1;
        }
        engine.propagation().addSink(this);
        state = State.ON;
    }

    /**
     * Redis 7.0's upgrade condition: dir/appendfilename exists (a single-file AOF of Redis before 7.0) and the AOF
     * directory has no files yet, or only a manifest naming that file as its base, which is not there yet.
     */
    private boolean isOldStyle(AofManifest m) {
        Path old = Path.of(engine.config().get("dir")).resolve(fileName());
        if (!Files.exists(old)) return false;
        return !Files.isDirectory(dir()) || m.isEmpty()
                || (m.base != null && m.incr.isEmpty() && m.base.name().equals(fileName()) && !Files.exists(dir().resolve(fileName())));
    }

    /** Redis's aofUpgradePrepare: the old file becomes base 1 of a manifest, then moves into the AOF directory. */
    private AofManifest upgrade(AofManifest m) throws IOException {
        Files.createDirectories(dir());
        AofManifest next = m.copy();
        next.base = new AofManifest.Entry(fileName(), 1, 'b');
        next.baseSeq(1);
        writeManifest(next);
        manifest = next;
        Files.move(Path.of(engine.config().get("dir")).resolve(fileName()), dir().resolve(fileName()));
        LOG.info("Successfully migrated an old-style AOF file (" + fileName() + ") into the AOF directory ("
                + engine.config().get("appenddirname") + ").");
        return next;
    }

    /** DEBUG LOADAOF: flushes and syncs the file, then replaces the dataset with what the files hold. */
    public void reload() throws IOException {
        if (state == State.ON) {
            beforeReplies();
            if (incr != null) incr.force(false);
        }
        engine.emptyData();
        if (Files.exists(manifestPath())) {
            AofManifest m = AofManifest.parse(Files.readString(manifestPath()));
            if (!rewrite.inProgress()) manifest = m;
            AofLoad.load(engine, dir(), m);
        }
        selectedDb = -1;
    }
}
