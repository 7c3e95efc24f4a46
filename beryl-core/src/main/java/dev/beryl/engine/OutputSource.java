package dev.beryl.engine;

import dev.beryl.resp.ReplyBuffer;

/**
 * Output a connection gets piece by piece as its socket drains instead of all at once: a replica's RDB file
 * (Redis's sendBulkToSlave). The event loop asks for more whenever the reply buffer runs low. Engine thread only.
 */
public interface OutputSource {
    /** Appends the next piece to {@code out}; false once everything is out (the source is then dropped). */
    boolean fill(ReplyBuffer out);

    /**
     * Whether {@link #fill} has something to do now; when not, the loop stops waiting for the socket, and the source
     * has the client written again ({@code Engine.markPendingWrite}) once it has (a diskless sync's next chunk).
     */
    default boolean ready() { return true; }
}
