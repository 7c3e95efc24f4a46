package dev.beryl.replication;

import dev.beryl.resp.ReplyBuffer;

/**
 * The last {@code repl-backlog-size} bytes of the replication stream (Redis's repl_backlog), in a ring: what a
 * replica that lost its link asks again with PSYNC replid offset. Offsets are the stream's, the first byte ever
 * sent being 1. Engine thread only.
 */
final class Backlog {
    private byte[] ring;
    /** Where the next byte goes. */
    private int head;
    private long histlen;
    /** The stream offset of the oldest byte held (Redis's repl_backlog->offset). */
    private long firstOffset;

    /** An empty backlog whose first byte will be at {@code streamOffset + 1}. */
    Backlog(int size, long streamOffset) {
        ring = new byte[size];
        firstOffset = streamOffset + 1;
    }

    int size() { return ring.length; }
    long histlen() { return histlen; }
    long firstOffset() { return firstOffset; }

    void append(byte[] b, int off, int n) {
        int cap = ring.length;
        if (n >= cap) { // only the tail fits
            off += n - cap;
            firstOffset += histlen + n - cap;
            histlen = 0;
            n = cap;
        }
        int first = Math.min(n, cap - head);
        System.arraycopy(b, off, ring, head, first);
        System.arraycopy(b, off + first, ring, 0, n - first);
        head = (head + n) % cap;
        histlen += n;
        if (histlen > cap) {
            firstOffset += histlen - cap;
            histlen = cap;
        }
    }

    /** Whether the stream from {@code offset} on is all here (Redis's check before +CONTINUE). */
    boolean holds(long offset) {
        return offset >= firstOffset && offset <= firstOffset + histlen;
    }

    /** Appends the stream from {@code offset} (which {@link #holds}) to the end; returns the byte count. */
    long copyFrom(long offset, ReplyBuffer out) {
        int n = (int) (firstOffset + histlen - offset);
        int cap = ring.length;
        int from = (int) Math.floorMod(head - n, cap);
        int first = Math.min(n, cap - from);
        out.raw(ring, from, first);
        out.raw(ring, 0, n - first);
        return n;
    }

    /** repl-backlog-size changed: keeps the newest bytes that fit (Redis's resizeReplicationBacklog). */
    void resize(int size) {
        if (size == ring.length) return;
        ReplyBuffer keep = new ReplyBuffer((int) Math.min(histlen, size) + 1);
        long kept = Math.min(histlen, size);
        copyFrom(firstOffset + histlen - kept, keep);
        ring = new byte[size];
        head = 0;
        firstOffset += histlen - kept;
        histlen = 0;
        append(keep.array(), keep.start(), keep.pending());
    }
}
