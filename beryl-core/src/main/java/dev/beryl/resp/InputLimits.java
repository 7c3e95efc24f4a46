package dev.beryl.resp;

/**
 * The protocol limits every query buffer checks, shared by all of an engine's parsers so that CONFIG SET
 * proto-max-bulk-len and client-query-buffer-limit apply to existing connections at once, as in Redis.
 * Read and written on the engine thread only.
 */
public final class InputLimits {
    /** Redis's defaults: what a parser uses before an engine gives it its own. */
    public static final InputLimits DEFAULTS = new InputLimits();

    /** proto-max-bulk-len: a longer declared bulk is a protocol error. */
    public long maxBulkLen = 512L * 1024 * 1024;
    /** client-query-buffer-limit: more unparsed bytes than this close the connection. */
    public long maxQueryBuffer = 1024L * 1024 * 1024;
}
