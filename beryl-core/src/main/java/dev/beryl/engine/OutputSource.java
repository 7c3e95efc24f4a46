package dev.beryl.engine;

import dev.beryl.resp.ReplyBuffer;

/**
 * Output a connection gets piece by piece as its socket drains instead of all at once: a replica's RDB file
 * (Redis's sendBulkToSlave). The event loop asks for more whenever the reply buffer runs low. Engine thread only.
 */
public interface OutputSource {
    /** Appends the next piece to {@code out}; false once everything is out (the source is then dropped). */
    boolean fill(ReplyBuffer out);
}
