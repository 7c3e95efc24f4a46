package dev.beryl.persistence;

import dev.beryl.engine.Database;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Engine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * SAVE (Redis's rdbSave): the whole dataset into dir/dbfilename, written to a temp file, synced, then renamed
 * over the old file, so the file on disk is always a complete snapshot. Runs on the engine thread.
 */
public final class RdbSave {
    private static final Logger LOG = Logger.getLogger(RdbSave.class.getName());

    private RdbSave() {}

    /** dir/dbfilename of the engine's settings. */
    public static Path file(Engine e) {
        return Path.of(e.config().get("dir")).resolve(e.config().get("dbfilename"));
    }

    /** Saves the dataset; true on success (failures are logged, as Redis logs them). */
    public static boolean save(Engine e) {
        Path target = file(e).toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = dir.resolve("temp-" + ProcessHandle.current().pid() + ".rdb");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                write(e, Channels.newOutputStream(ch));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } catch (IOException | RuntimeException ex) {
            LOG.log(Level.WARNING, "Write error saving DB on disk: " + ex, ex);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to clean up
            }
            return false;
        }
        e.stats().dirty = 0;
        e.stats().lastSaveSec = System.currentTimeMillis() / 1000;
        e.backgroundSave().savedInForeground();
        LOG.info("DB saved on disk");
        return true;
    }

    /** The dataset as an RDB stream, with rdbcompression and rdbchecksum. */
    public static void write(Engine e, OutputStream os) throws IOException {
        write(e, os, false);
    }

    /** The dataset as an RDB stream; {@code aofBase} marks it as the preamble of an AOF base file. */
    static void write(Engine e, OutputStream os, boolean aofBase) throws IOException {
        RdbWriter w = new RdbWriter(os, e.config().getBool("rdbcompression"), e.config().getBool("rdbchecksum"));
        Runtime rt = Runtime.getRuntime();
        w.begin(System.currentTimeMillis() / 1000, rt.totalMemory() - rt.freeMemory(), aofBase);
        String policy = e.config().get("maxmemory-policy");
        boolean lru = policy.endsWith("-lru"), lfu = policy.endsWith("-lfu");
        int delayUs = e.config().getInt("rdb-key-save-delay");
        for (int i = 0; i < e.databaseCount(); i++) {
            Database db = e.database(i);
            if (db.size() == 0) continue;
            w.selectDb(i, db.size(), db.expiresSize());
            try {
                db.forEachKey(n -> {
                    entry(e, w, db, n, lru, lfu);
                    if (delayUs != 0) delayKey(delayUs);
                });
            } catch (UncheckedIOException ex) {
                throw ex.getCause();
            }
        }
        w.end();
    }

    private static void entry(Engine e, RdbWriter w, Database db, Dict.Node<Object> n, boolean lru, boolean lfu) {
        long idle = lru ? e.accessClock().idleSeconds(n.lru) : -1;
        int freq = lfu ? e.accessClock().frequency(n.lru) : -1;
        try {
            w.entry(n.key, n.value, db.getExpire(n.key), idle, freq);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** rdb-key-save-delay, key-load-delay: µs per key, or -N for 1 µs once in N keys (Redis's debugDelay). */
    static void delayKey(int us) {
        if (us < 0) us = java.util.concurrent.ThreadLocalRandom.current().nextInt(-us) == 0 ? 1 : 0;
        if (us > 0) java.util.concurrent.locks.LockSupport.parkNanos(us * 1000L);
    }

    /** fsync of the directory, so the rename itself is durable (Redis's fsyncFileDir); not every OS allows it. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // directories cannot be opened for sync on some platforms: the rename is still atomic
        }
    }
}
