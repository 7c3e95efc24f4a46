package dev.beryl.monitor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The slow log (Redis's slowlog.c): the latest {@code slowlog-max-len} commands that ran at least
 * {@code slowlog-log-slower-than} µs, newest first. Entries keep a trimmed copy of the arguments, as Redis's.
 * Engine thread only.
 */
public final class SlowLog {
    /** Redis's SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING. */
    static final int MAX_ARGC = 32, MAX_STRING = 128;

    /** One logged command: its id, unix time (s), duration (µs), trimmed arguments, client address and name. */
    public record Entry(long id, long time, long duration, byte[][] argv, String peer, byte[] name) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;
    private long maxLen = 128;

    void maxLen(long n) {
        maxLen = n;
    }

    /** Logs a command that ran for {@code us} µs, then trims to the maximum length (slowlogPushEntryIfNeeded). */
    void push(byte[][] argv, long us, String peer, byte[] name) {
        entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, us, trim(argv), peer, name));
        trim();
    }

    /** Drops the oldest entries beyond the maximum length. */
    void trim() {
        while (entries.size() > maxLen) entries.removeLast();
    }

    public int size() { return entries.size(); }

    public void reset() { entries.clear(); }

    /** Newest first. */
    public Iterator<Entry> iterator() { return entries.iterator(); }

    /**
     * At most 32 arguments, the last of them then telling how many more there were, and at most 128 bytes of each
     * with the count of the bytes left out.
     */
    static byte[][] trim(byte[][] argv) {
        int n = Math.min(argv.length, MAX_ARGC);
        byte[][] out = new byte[n][];
        for (int j = 0; j < n; j++) {
            if (n != argv.length && j == n - 1) {
                out[j] = ("... (" + (argv.length - n + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (argv[j].length > MAX_STRING) {
                byte[] more = ("... (" + (argv[j].length - MAX_STRING) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
                byte[] s = Arrays.copyOf(argv[j], MAX_STRING + more.length);
                System.arraycopy(more, 0, s, MAX_STRING, more.length);
                out[j] = s;
            } else {
                out[j] = argv[j].clone(); // a stored value may be this very array
            }
        }
        return out;
    }
}
