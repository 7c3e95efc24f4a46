package dev.beryl.persistence;

import java.io.IOException;

/**
 * RDB data that cannot be loaded: truncated, corrupt, or holding something Beryl does not support (modules,
 * streams, function libraries). The message names the byte offset and, inside a key, the key and its value type.
 */
public final class RdbFormatException extends IOException {
    private final long offset;
    private final String context;
    private final String reason;

    RdbFormatException(long offset, String context, String reason) {
        super(reason + " (at offset " + offset + (context == null ? "" : ", " + context) + ")");
        this.offset = offset;
        this.context = context;
        this.reason = reason;
    }

    /** Where in the data the problem was found. */
    public long offset() { return offset; }

    /** The key being read and its type, or null outside a key. */
    public String context() { return context; }

    /** What is wrong, without the offset and key. */
    public String reason() { return reason; }
}
