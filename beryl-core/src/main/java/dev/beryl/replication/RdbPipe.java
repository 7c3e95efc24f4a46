package dev.beryl.replication;

import dev.beryl.engine.Client;
import dev.beryl.engine.Engine;
import dev.beryl.engine.OutputSource;
import dev.beryl.resp.ReplyBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The RDB of a diskless sync on its way from the snapshot writer thread to the replicas' sockets (Redis's pipe
 * from the fork child to the parent, rdbPipeReadHandler): framed as {@code $EOF:<mark>\r\n}, the RDB, the mark.
 * The writer fills 64 KiB chunks and hands them to the engine thread, which queues each for every replica; a
 * replica's {@link Feed} moves them into its reply buffer as its socket drains. At most {@link #IN_FLIGHT} chunks
 * are out at once, so the slowest replica paces the writer and the RDB never piles up in memory.
 */
final class RdbPipe extends OutputStream {
    private static final int CHUNK = 64 * 1024;
    private static final int IN_FLIGHT = 16;
    private static final byte[] END = new byte[0];

    private final Engine engine;
    private final byte[] eofMark;
    private final Semaphore credits = new Semaphore(IN_FLIGHT);
    private final ConcurrentLinkedQueue<byte[]> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean pumpQueued = new AtomicBoolean();
    private volatile boolean cancelled;
    // writer thread
    private byte[] chunk = new byte[CHUNK];
    private int used;
    // engine thread
    private final List<Feed> feeds = new ArrayList<>();
    private boolean ended;
    private Runnable lastFeedGone = () -> {};

    /** Made on the engine thread before the writer starts; {@code eofMark} is the 40 characters of the framing. */
    RdbPipe(Engine engine, byte[] eofMark) {
        this.engine = engine;
        this.eofMark = eofMark;
        byte[] head = ("$EOF:" + new String(eofMark, StandardCharsets.US_ASCII) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, chunk, 0, head.length);
        used = head.length;
    }

    // ---- writer thread

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, chunk, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == CHUNK) {
                hand(chunk);
                chunk = new byte[CHUNK];
                used = 0;
            }
        }
    }

    /** The RDB is complete: the mark ends it. */
    @Override
    public void close() throws IOException {
        write(eofMark, 0, eofMark.length);
        if (used > 0) hand(java.util.Arrays.copyOf(chunk, used));
        arrived.add(END);
        wake();
    }

    private void hand(byte[] c) throws IOException {
        try {
            while (!credits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (cancelled) throw new IOException("no replica is left to receive the RDB");
            }
        } catch (InterruptedException e) { // the save is aborted (SnapshotWriter.abort): the writer stops with this
            throw new IOException("the RDB transfer was aborted");
        }
        if (cancelled) throw new IOException("no replica is left to receive the RDB");
        arrived.add(c);
        wake();
    }

    private void wake() {
        if (pumpQueued.compareAndSet(false, true)) engine.submit(this::pump);
    }

    // ---- engine thread

    /** A replica to send the RDB to: its output source. */
    Feed attach(Client c, Runnable sent) {
        Feed f = new Feed(c, sent);
        feeds.add(f);
        return f;
    }

    /** What to do when every replica is gone before the end (Redis kills the child then). */
    void onLastFeedGone(Runnable r) { lastFeedGone = r; }

    /** Stops the writer: it fails on its next chunk. */
    void cancel() { cancelled = true; }

    private void pump() {
        pumpQueued.set(false);
        for (byte[] c; (c = arrived.poll()) != null; ) {
            if (c == END) {
                ended = true;
                continue;
            }
            if (feeds.isEmpty()) {
                credits.release();
                continue;
            }
            Piece p = new Piece(c, feeds.size());
            for (Feed f : feeds) f.queue.add(p);
        }
        for (Feed f : feeds) engine.markPendingWrite(f.client);
    }

    private static final class Piece {
        final byte[] bytes;
        int refs;

        Piece(byte[] bytes, int refs) {
            this.bytes = bytes;
            this.refs = refs;
        }
    }

    private void taken(Piece p) {
        if (--p.refs == 0) credits.release();
    }

    /** One replica's share of the pipe: its chunks, moved to its reply buffer as its socket drains. */
    final class Feed implements OutputSource {
        private final Client client;
        private final Runnable sent;
        private final ArrayDeque<Piece> queue = new ArrayDeque<>();

        private Feed(Client client, Runnable sent) {
            this.client = client;
            this.sent = sent;
        }

        @Override
        public boolean fill(ReplyBuffer out) {
            Piece p;
            while (out.pending() < 2 * CHUNK && (p = queue.poll()) != null) {
                out.raw(p.bytes);
                taken(p);
            }
            if (!queue.isEmpty() || !ended) return true;
            feeds.remove(this);
            sent.run();
            return false;
        }

        @Override
        public boolean ready() {
            return !queue.isEmpty() || ended;
        }

        /** The replica is gone: its chunks are released, and with the last replica the save stops. */
        void drop() {
            if (!feeds.remove(this)) return;
            for (Piece p : queue) taken(p);
            queue.clear();
            if (feeds.isEmpty() && !ended) {
                cancel();
                lastFeedGone.run();
            }
        }
    }
}
