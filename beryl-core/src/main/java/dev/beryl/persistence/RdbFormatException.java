package dev.beryl.persistence;

import java.io.IOException;

/**
 * RDB data that cannot be loaded: truncated, corrupt, or holding something Beryl does not support (modules,
 * streams, function libraries). The message names the byte offset and, inside a key, the key and its value type.
 */
public final class RdbFormatException extends IOException {
    RdbFormatException(long offset, String context, String message) {
        super(message + " (at offset " + offset + (context == null ? "" : ", " + context) + ")");
    }
}
