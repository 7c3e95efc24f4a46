package dev.beryl.persistence;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The thread of a background save or AOF rewrite (Redis's fork child): takes what the engine thread hands it, in
 * the order of the file, and writes it in its {@link SnapshotFormat} to a temp file; a BGSAVE's replaces
 * dir/dbfilename once complete and synced, a rewrite's is left for the engine thread to rename. A diskless
 * replication sync writes to a stream instead (the replicas' sockets), closed once complete. It only reads
 * immutable data: strings by reference (stored byte[] never change), everything else encoded by the engine.
 */
final class SnapshotWriter implements Runnable {
    private static final Logger LOG = Logger.getLogger(SnapshotWriter.class.getName());

    /** SELECTDB and RESIZEDB of one database, with its sizes when the save began. */
    record Select(int db, long keys, long expires) {}

    /** A string key: encoded and compressed here, off the engine thread. */
    record StringEntry(byte[] key, byte[] value, long expireAtMs, long idleSeconds, int frequency) {}

    /** Items (Select, StringEntry, or an entry encoded in the writer's format), and what they hold in memory. */
    record Batch(List<Object> items, long bytes, int keys) {}

    private static final Object END = new Object();
    private static final Object ABORT = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Bytes handed over and not written yet: the memory the snapshot costs. */
    final AtomicLong pendingBytes = new AtomicLong();
    volatile long keysWritten;
    /** Where the complete file is renamed to, or null to leave it at {@link #tmp}. */
    private final Path target;
    private final Path tmp;
    /** The stream written instead of a file (diskless sync), or null. */
    private final OutputStream stream;
    private final SnapshotFormat.Opener format;
    /** Called on this thread with the outcome: true when the file is in place; not called after an abort. */
    private final Consumer<Boolean> done;
    /** Redis's rdb-key-save-delay, read per key: microseconds, or -N for 1 µs once in N keys (tests slow saves). */
    private final IntSupplier keyDelayUs;
    private volatile boolean aborting;
    private volatile Thread thread;

    SnapshotWriter(Path target, Path tmp, SnapshotFormat.Opener format, IntSupplier keyDelayUs, Consumer<Boolean> done) {
        this(target, tmp, null, format, keyDelayUs, done);
    }

    private SnapshotWriter(Path target, Path tmp, OutputStream stream, SnapshotFormat.Opener format, IntSupplier keyDelayUs,
            Consumer<Boolean> done) {
        this.target = target == null ? null : target.toAbsolutePath();
        this.tmp = tmp == null ? null : tmp.toAbsolutePath();
        this.stream = stream;
        this.format = format;
        this.keyDelayUs = keyDelayUs;
        this.done = done;
    }

    /** BGSAVE's writer: dir/dbfilename through temp-bg-PID.rdb beside it. */
    static SnapshotWriter rdb(Path target, SnapshotFormat.Opener format, IntSupplier keyDelayUs, Consumer<Boolean> done) {
        Path t = target.toAbsolutePath();
        return new SnapshotWriter(t, t.getParent().resolve("temp-bg-" + ProcessHandle.current().pid() + ".rdb"), format,
                keyDelayUs, done);
    }

    /** A diskless sync's writer: the RDB goes to {@code out}, which is closed once the RDB is complete. */
    static SnapshotWriter stream(OutputStream out, SnapshotFormat.Opener format, IntSupplier keyDelayUs, Consumer<Boolean> done) {
        return new SnapshotWriter(null, null, out, format, keyDelayUs, done);
    }

    void send(Batch b) {
        pendingBytes.addAndGet(b.bytes());
        queue.add(b);
    }

    /** Everything is sent: finish the file. */
    void end() { queue.add(END); }

    /** Stop and remove the temp file (shutdown, engine stop); also cuts short a key delay. */
    void abort() {
        aborting = true;
        queue.add(ABORT);
        Thread t = thread;
        if (t == null) return;
        // a stream's writer may wait for its readers (a diskless sync's slowest replica): the interrupt ends that
        if (stream != null) t.interrupt();
        else LockSupport.unpark(t);
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        IOException failure = null;
        FileChannel ch = null;
        SnapshotFormat w = null;
        try {
            OutputStream os;
            if (stream != null) {
                os = new BufferedOutputStream(stream, 1 << 16);
            } else {
                Files.createDirectories(tmp.getParent());
                ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            }
            w = format.open(os);
        } catch (IOException e) {
            failure = e;
        }
        try {
            while (true) {
                Object m = queue.take();
                if (m == ABORT || aborting) {
                    close(ch);
                    if (tmp != null) Files.deleteIfExists(tmp);
                    return;
                }
                if (m == END) break;
                Batch b = (Batch) m;
                if (failure == null) {
                    try {
                        for (Object item : b.items()) {
                            write(w, item);
                            if (!(item instanceof Select)) delayKey();
                            if (aborting) break;
                        }
                    } catch (IOException e) {
                        failure = e; // keep taking what the engine sends, so its memory is released
                    }
                }
                keysWritten += b.keys();
                pendingBytes.addAndGet(-b.bytes());
            }
            if (failure == null) {
                try {
                    w.end();
                    if (stream != null) {
                        stream.close();
                        done.accept(true);
                        return;
                    }
                    ch.force(true);
                    ch.close();
                    if (target != null) {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        RdbSave.syncDirectory(target.getParent());
                    }
                } catch (IOException e) {
                    failure = e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new IOException("interrupted");
        } catch (IOException e) {
            failure = e;
        }
        if (failure != null) {
            LOG.log(Level.WARNING, "Write error saving DB on disk: " + failure, failure);
            close(ch);
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to clean up
            }
        }
        done.accept(failure == null);
    }

    private void delayKey() {
        int us = keyDelayUs.getAsInt();
        if (us < 0) us = ThreadLocalRandom.current().nextInt(-us) == 0 ? 1 : 0;
        long deadline = System.nanoTime() + us * 1000L;
        for (long left; us > 0 && !aborting && (left = deadline - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
    }

    private static void write(SnapshotFormat w, Object item) throws IOException {
        if (item instanceof StringEntry s) w.string(s);
        else if (item instanceof byte[] encoded) w.encoded(encoded);
        else w.select((Select) item);
    }

    private static void close(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing or aborting
        }
    }
}
