package dev.beryl.persistence;

import dev.beryl.engine.Engine;
import dev.beryl.engine.Propagation;

import java.io.IOException;
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

    private final Engine engine;
    private byte[] buf = new byte[16 * 1024];
    private int len;
    /** The database the file's last SELECT chose; -1 forces a SELECT before the next command. */
    private int selectedDb = -1;
    private volatile FileChannel incr;
    /** Written since the last fsync (everysec). */
    private volatile boolean unsynced;
    private boolean on;

    public Aof(Engine engine) {
        this.engine = engine;
    }

    public boolean isOn() { return on; }

    Path dir() {
        return Path.of(engine.config().get("dir")).resolve(engine.config().get("appenddirname"));
    }

    String fileName() { return engine.config().get("appendfilename"); }

    Path manifestPath() { return dir().resolve(fileName() + ".manifest"); }

    // ---- feeding

    @Override
    public void feed(int db, byte[][] argv) {
        if (db != selectedDb) {
            byte[] id = Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
            append(new byte[][] {{'S', 'E', 'L', 'E', 'C', 'T'}, id});
            selectedDb = db;
        }
        append(argv);
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
        try {
            ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
            while (b.hasRemaining()) incr.write(b);
            if ("always".equals(engine.config().get("appendfsync"))) incr.force(false);
            else unsynced = true;
        } catch (IOException e) {
            // Redis exits here with appendfsync always; Beryl keeps serving and says so loudly
            LOG.log(Level.SEVERE, "Error writing to the AOF file: " + e, e);
        }
        len = 0;
        if (buf.length > 1024 * 1024) buf = new byte[16 * 1024];
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
     * appendonly yes (CONFIG SET or at start without an AOF): the dataset becomes a new base file (an RDB
     * preamble), a new empty incremental file follows it, and the manifest names both; older files are deleted.
     * Done on the engine thread, so nothing is written in between.
     */
    public void start() throws IOException {
        rewrite();
        if (!on) engine.propagation().addSink(this);
        on = true;
    }

    /** appendonly no: the file is flushed, synced and closed; nothing more is appended. */
    public void stop() {
        if (!on) return;
        beforeReplies();
        engine.propagation().removeSink(this);
        on = false;
        closeIncr(true);
    }

    /** Engine shutdown. */
    public void close() {
        if (!on) return;
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

    /** Writes a new base from the dataset and starts a new incremental file (a synchronous BGREWRITEAOF). */
    void rewrite() throws IOException {
        beforeReplies();
        Path dir = dir();
        Files.createDirectories(dir);
        AofManifest old = Files.exists(manifestPath()) ? AofManifest.parse(Files.readString(manifestPath())) : new AofManifest();
        AofManifest m = new AofManifest();
        String baseName = fileName() + "." + (old.lastBaseSeq() + 1) + ".base.rdb";
        Path tmp = dir.resolve("temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            RdbSave.write(engine, Channels.newOutputStream(ch), true);
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(baseName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        m.base = new AofManifest.Entry(baseName, old.lastBaseSeq() + 1, 'b');
        long incrSeq = old.lastIncrSeq() + 1;
        String incrName = fileName() + "." + incrSeq + ".incr.aof";
        FileChannel ch = FileChannel.open(dir.resolve(incrName), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        m.incr.add(new AofManifest.Entry(incrName, incrSeq, 'i'));
        writeManifest(m);
        closeIncr(false);
        incr = ch;
        selectedDb = -1;
        LOG.info("AOF base file " + baseName + " and incr file " + incrName + " created");
        // the old files are history now: nothing names them any more
        if (old.base != null) Files.deleteIfExists(dir.resolve(old.base.name()));
        for (AofManifest.Entry e : old.history) Files.deleteIfExists(dir.resolve(e.name()));
        for (AofManifest.Entry e : old.incr) Files.deleteIfExists(dir.resolve(e.name()));
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
        if (Files.exists(manifestPath())) {
            AofManifest m = AofManifest.parse(Files.readString(manifestPath()));
            AofLoad.load(engine, dir(), m);
            if (!m.incr.isEmpty()) {
                Path last = dir().resolve(m.incr.get(m.incr.size() - 1).name());
                incr = FileChannel.open(last, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                selectedDb = -1;
                engine.propagation().addSink(this);
                on = true;
                return;
            }
        }
        start();
    }

    /** DEBUG LOADAOF: flushes and syncs the file, then replaces the dataset with what the files hold. */
    public void reload() throws IOException {
        if (on) {
            beforeReplies();
            if (incr != null) incr.force(false);
        }
        for (int i = 0; i < engine.databaseCount(); i++) engine.database(i).clear();
        if (Files.exists(manifestPath())) AofLoad.load(engine, dir(), AofManifest.parse(Files.readString(manifestPath())));
        selectedDb = -1;
    }
}
