package dev.beryl.resp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One client's query buffer and the RESP request parser over it (multibulk and inline), resumable across
 * reads like Redis's processMultibulkBuffer: a partial frame stays in the buffer and parsing continues where
 * it stopped when more bytes arrive. Large bulk arguments get room reserved up front, so they are copied once.
 */
public final class RequestParser {
    static final int INLINE_MAX = 64 * 1024;
    private static final int BIG_ARG = 32 * 1024;
    private static final int MAX_READ_GROWTH = 1024 * 1024;
    private static final byte[][] EMPTY = new byte[0][];

    private byte[] buf;
    private int pos;   // next unparsed byte
    private int limit; // end of valid data
    private int peak;  // most bytes held since the last shrinkIfOversized
    private boolean roomFilled;
    private ByteBuffer view; // wraps buf for channel reads
    private long maxBulkLen = 512L * 1024 * 1024;

    // multibulk state
    private int multibulkLen; // remaining arguments of the current command, 0 = none in progress
    private long bulkLen = -1;
    private long lineValue; // the number plainLength read
    private byte[] lastName; // the last command name, shared by the next command of the same name
    private byte[][] args;
    private int argc;

    public RequestParser() {
        this(16 * 1024);
    }

    public RequestParser(int initial) {
        buf = new byte[initial];
    }

    public void setMaxBulkLen(long max) { this.maxBulkLen = max; }

    /** Unparsed bytes held (INFO's query buffer figures). */
    public int pending() { return limit - pos; }
    public int capacity() { return buf.length; }
    /** Bytes held, counting those already parsed since the last read (CLIENT LIST's qbuf for the caller). */
    public int length() { return limit; }

    /** A buffer to read into; valid until the next call. Call {@link #commit(int)} with the bytes read. */
    public ByteBuffer writableView() {
        compactIfUseful();
        if (limit == buf.length || (roomFilled && buf.length < MAX_READ_GROWTH)) grow(buf.length);
        roomFilled = false;
        if (view == null || view.array() != buf) view = ByteBuffer.wrap(buf);
        view.limit(buf.length).position(limit);
        return view;
    }

    /**
     * Takes {@code n} bytes read into {@link #writableView()}; returns whether they filled all the room it had.
     * Then the client sends faster than one read takes, and the next view gets a buffer twice the size (up to
     * 1 MB): fewer system calls per big request or pipeline.
     */
    public boolean commit(int n) {
        limit += n;
        if (limit > peak) peak = limit;
        roomFilled = limit == buf.length;
        return roomFilled;
    }

    /** Appends bytes (tests and in-process callers). */
    public void feed(byte[] b, int off, int n) {
        compactIfUseful();
        if (limit + n > buf.length) grow(limit + n - buf.length);
        System.arraycopy(b, off, buf, limit, n);
        limit += n;
        if (limit > peak) peak = limit;
    }

    private void compactIfUseful() {
        if (pos == 0) return;
        if (pos == limit) {
            pos = limit = 0;
        } else if (limit == buf.length || pos > buf.length / 2) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
    }

    private void grow(int atLeast) {
        buf = Arrays.copyOf(buf, buf.length + Math.max(atLeast, buf.length));
    }

    /**
     * Gives back a big idle buffer when the last interval's requests needed less than half of it (Redis's
     * clientsCronResizeQueryBuffer), so a client sending big requests keeps its buffer instead of regrowing it
     * for each one, and one big request does not pin memory for good. Returns the peak and starts a new interval.
     */
    public int shrinkIfOversized() {
        int recentPeak = peak;
        peak = limit - pos;
        if (pos == limit && multibulkLen == 0 && buf.length > 64 * 1024 && recentPeak < buf.length / 2) {
            buf = new byte[16 * 1024];
            pos = limit = 0;
            view = null;
        }
        return recentPeak;
    }

    /**
     * Parses the next complete command. Returns its arguments, an empty array for an empty command
     * (which callers skip), or null when more bytes are needed.
     */
    public byte[][] next() throws ProtocolException {
        if (multibulkLen == 0) {
            if (pos >= limit) return null;
            if (buf[pos] != '*') return inline();
            int nl = lengthLine(false);
            if (nl < 0) return null;
            long n = lineValue;
            if (n > Integer.MAX_VALUE) throw new ProtocolException("ERR Protocol error: invalid multibulk length");
            pos = nl + 2;
            if (n <= 0) return EMPTY;
            multibulkLen = (int) n;
            args = new byte[(int) Math.min(n, 1024)][];
            argc = 0;
        }
        while (multibulkLen > 0) {
            if (bulkLen == -1) {
                if (pos >= limit) return null;
                int nl = lengthLine(true);
                if (nl < 0) return null;
                long n = lineValue;
                if (n < 0 || n > maxBulkLen) throw new ProtocolException("ERR Protocol error: invalid bulk length");
                pos = nl + 2;
                bulkLen = n;
                if (n >= BIG_ARG && buf.length - pos < n + 2) {
                    // make room for the whole argument now so it arrives without repeated growth
                    compactIfUseful();
                    if (buf.length - pos < n + 2) buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, pos + n + 2 + 1024));
                    view = null;
                }
            }
            if (limit - pos < bulkLen + 2) return null;
            if (argc == args.length) args = Arrays.copyOf(args, Math.min(args.length * 2, argc + multibulkLen));
            args[argc] = argc == 0 ? commandName((int) bulkLen) : Arrays.copyOfRange(buf, pos, pos + (int) bulkLen);
            argc++;
            pos += (int) bulkLen + 2;
            bulkLen = -1;
            multibulkLen--;
        }
        byte[][] out = argc == args.length ? args : Arrays.copyOf(args, argc);
        args = null;
        argc = 0;
        return out;
    }

    /**
     * The command name at pos: the previous command's array when the bytes are the same (a connection mostly
     * repeats a few commands), sparing an allocation per command. Arguments are never modified, so sharing is safe.
     */
    private byte[] commandName(int n) {
        byte[] last = lastName;
        if (last != null && last.length == n && Arrays.equals(last, 0, n, buf, pos, pos + n)) return last;
        byte[] name = Arrays.copyOfRange(buf, pos, pos + n);
        if (n <= 32) lastName = name;
        return name;
    }

    /**
     * Reads the length line at pos ("*3\r\n" or "$5\r\n"): returns the index of its CR with the number in
     * {@link #lineValue}, or -1 while the line is incomplete. Canonical numbers take the fast path; anything else
     * is validated as Redis's string2ll does, with Redis's error texts.
     */
    private int lengthLine(boolean bulk) throws ProtocolException {
        int nl = buf[pos] == (bulk ? '$' : '*') ? plainLength(pos + 1) : -1;
        if (nl >= 0) return nl;
        nl = indexOf('\r', pos, limit);
        if (nl < 0) {
            if (limit - pos > INLINE_MAX) {
                throw new ProtocolException(bulk ? "ERR Protocol error: too big bulk count string" : "ERR Protocol error: too big mbulk count string");
            }
            return -1;
        }
        if (nl + 1 >= limit) return -1; // need the \n too
        if (bulk && buf[pos] != '$') {
            throw new ProtocolException("ERR Protocol error: expected '$', got '" + (char) (buf[pos] & 0xff) + "'");
        }
        if (!Numbers.isLong(buf, pos + 1, nl - pos - 1)) {
            throw new ProtocolException(bulk ? "ERR Protocol error: invalid bulk length" : "ERR Protocol error: invalid multibulk length");
        }
        lineValue = Numbers.parseLongUnchecked(buf, pos + 1, nl - pos - 1);
        return nl;
    }

    /**
     * The common case of a length line, in one pass: a canonical non-negative number of at most 18 digits
     * followed by CR and one more byte. Returns the index of the CR with the number in {@link #lineValue}, or -1
     * for anything else (incomplete, negative, malformed), which the general path then reads or rejects.
     */
    private int plainLength(int from) {
        byte[] b = buf;
        int i = from, end = Math.min(limit, from + 18);
        long v = 0;
        while (i < end) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
            i++;
        }
        if (i == from || i + 1 >= limit || b[i] != '\r' || (b[from] == '0' && i - from > 1)) return -1;
        lineValue = v;
        return i;
    }

    private byte[][] inline() throws ProtocolException {
        int nl = indexOf('\n', pos, limit);
        if (nl < 0) {
            if (limit - pos > INLINE_MAX) throw new ProtocolException("ERR Protocol error: too big inline request");
            return null;
        }
        int end = (nl > pos && buf[nl - 1] == '\r') ? nl - 1 : nl;
        byte[][] argv = InlineSplitter.split(buf, pos, end);
        if (argv == null) throw new ProtocolException("ERR Protocol error: unbalanced quotes in request");
        pos = nl + 1;
        return argv;
    }

    private int indexOf(char c, int from, int to) {
        byte[] b = buf;
        for (int i = from; i < to; i++) if (b[i] == c) return i;
        return -1;
    }
}
