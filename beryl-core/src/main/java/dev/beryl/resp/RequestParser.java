package dev.beryl.resp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * One client's query buffer and the RESP request parser over it (multibulk and inline), resumable across
 * reads like Redis's processMultibulkBuffer: a partial frame stays in the buffer and parsing continues where
 * it stopped when more bytes arrive.
 *
 * <p>No declared length is trusted: the buffer grows only as bytes arrive (doubling when a read fills it), so a
 * connection costs what it sent plus a constant however big a bulk it announces. A big argument's growth stops
 * at its declared end, and a buffer it then fills exactly becomes the argument itself (as Redis hands its query
 * buffer over), so it is copied O(1) times. A connection's parser may leave growths beyond a size to another thread
 * ({@link #inlineGrowthMax(int)}, {@link BufferGrowth}), so the thread that reads all connections never allocates a
 * big array. Line ends are found as Redis's strchr on its
 * NUL-terminated buffer finds them: a NUL byte ends the search, and Redis then waits for more input.
 */
public final class RequestParser {
    /** Redis's PROTO_INLINE_MAX_SIZE: the longest inline request or length line. */
    static final int INLINE_MAX = 64 * 1024;
    /** Redis's PROTO_MBULK_BIG_ARG: from this size on, the buffer grows towards the argument's end. */
    private static final int BIG_ARG = 32 * 1024;
    private static final int MAX_READ_GROWTH = 1024 * 1024;
    /**
     * Most bytes offered to one read: a channel reads into a heap buffer through a temporary direct buffer of the
     * offered size, which the JDK allocates (zeroed) and keeps per thread, so a big view costs a big allocation.
     */
    private static final int READ_SLICE = 1024 * 1024;
    /** The most room kept ready for another big argument after one (see next). */
    private static final int NEXT_BIG_ARG_ROOM = 4 * 1024 * 1024;
    /** The largest array a JVM allocates: a query buffer cannot hold more, whatever the limit says. */
    private static final int MAX_BUFFER = Integer.MAX_VALUE - 8;
    private static final byte[][] EMPTY = new byte[0][];
    private static final byte[] EMPTY_ARG = new byte[0];

    private byte[] buf;
    private int pos;   // next unparsed byte
    private int limit; // end of valid data
    private int peak;  // most bytes held since the last shrinkIfOversized
    private boolean roomFilled;
    private ByteBuffer view; // wraps buf for channel reads
    private InputLimits limits = InputLimits.DEFAULTS;
    /** Whether the client must still authenticate: Redis then refuses more than 10 arguments or bulks over 16 KiB. */
    private BooleanSupplier authRequired = () -> false;
    private int inlineGrowthMax = MAX_BUFFER;
    private BufferGrowth growth; // asked for, not yet given back

    // multibulk state
    private int multibulkLen; // remaining arguments of the current command, 0 = none in progress
    private long bulkLen = -1;
    private int crlfToSkip; // the CRLF still to come after args[argc], an argument that took the whole buffer
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

    /** The engine's limits (proto-max-bulk-len, client-query-buffer-limit), read at each check. */
    public void limits(InputLimits l) { this.limits = l; }

    /** Asked when a command declares more than 10 arguments or a bulk over 16 KiB (Redis's authRequired). */
    public void authGate(BooleanSupplier required) { this.authRequired = required; }

    /**
     * A buffer bigger than this is not allocated by {@link #writableView()}: it returns null and {@link #growth()}
     * says what to make elsewhere. The room kept after a big argument stays within it too.
     */
    public void inlineGrowthMax(int bytes) { inlineGrowthMax = bytes; }

    /** The bigger buffer this parser waits for since {@link #writableView()} returned null; null if none. */
    public BufferGrowth growth() { return growth; }

    /**
     * Takes the buffer a growth made: reading goes on into it. When the bytes it copied are no longer the parser's
     * (the buffer was replaced meanwhile: a blocked client's input was parsed, the cron gave the buffer back), or
     * it was not made, it is dropped and the next {@link #writableView()} decides again.
     */
    public void grown(BufferGrowth g) {
        if (g != growth) return;
        growth = null;
        roomFilled = false;
        if (g.made == null || buf != g.source || limit != g.to || pos < g.from) return;
        buf = g.made;
        pos -= g.from;
        limit -= g.from;
        view = null;
    }

    /** Unparsed bytes held (INFO's query buffer figures). */
    public int pending() { return limit - pos; }
    public int capacity() { return buf.length; }
    /** Bytes held, counting those already parsed since the last read (CLIENT LIST's qbuf for the caller). */
    public int length() { return limit; }

    /**
     * Whether the unparsed bytes exceed client-query-buffer-limit, or fill the largest buffer a JVM allows:
     * Redis then closes the connection without a reply (checked after each read, before parsing).
     */
    public boolean overLimit() {
        return limit - pos > Math.min(limits.maxQueryBuffer, MAX_BUFFER - 1L);
    }

    /**
     * A buffer to read into, of at most {@link #READ_SLICE} bytes; valid until the next call. Call
     * {@link #commit(int)} with the bytes read. Null while a bigger buffer must first be made elsewhere
     * ({@link #growth()}).
     */
    public ByteBuffer writableView() {
        if (growth != null) return null;
        compactIfUseful();
        if (limit == buf.length || (roomFilled && buf.length < MAX_READ_GROWTH)) {
            int cap = capacityFor(limit - pos + 1L);
            if (cap > inlineGrowthMax) {
                growth = new BufferGrowth(buf, pos, limit, cap);
                return null;
            }
            moveTo(new byte[cap]);
        }
        roomFilled = false;
        if (view == null || view.array() != buf) view = ByteBuffer.wrap(buf);
        view.limit((int) Math.min(buf.length, (long) limit + READ_SLICE)).position(limit);
        return view;
    }

    /**
     * Takes {@code n} bytes read into {@link #writableView()}; returns whether they filled all the room it had.
     * Then the client sends faster than one read takes, and the next view gets a buffer twice the size (up to
     * 1 MB): fewer system calls per big request or pipeline.
     */
    public boolean commit(int n) {
        roomFilled = n > 0 && limit + n == view.limit();
        limit += n;
        if (limit > peak) peak = limit;
        return roomFilled;
    }

    /** Appends bytes (tests and in-process callers). */
    public void feed(byte[] b, int off, int n) {
        compactIfUseful();
        if (limit + n > buf.length) moveTo(new byte[capacityFor((long) limit - pos + n)]);
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

    /**
     * The size of a bigger buffer, of at least {@code needed} bytes: twice the size, but no further than the end of
     * a big argument in progress, which then fills it exactly (see next).
     */
    private int capacityFor(long needed) {
        int held = limit - pos;
        long cap = Math.max(2L * buf.length, needed);
        if (multibulkLen > 0 && bulkLen >= BIG_ARG && bulkLen + 2 > held && crlfToSkip == 0) {
            cap = Math.min(cap, Math.max(needed, held < bulkLen ? bulkLen : bulkLen + 2));
        }
        return (int) Math.min(cap, MAX_BUFFER);
    }

    /** Moves the unparsed bytes to the start of a bigger buffer. */
    private void moveTo(byte[] next) {
        int held = limit - pos;
        System.arraycopy(buf, pos, next, 0, held);
        buf = next;
        pos = 0;
        limit = held;
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
        if (crlfToSkip > 0) { // not checked, as Redis does not check the two bytes after a bulk
            int k = Math.min(crlfToSkip, limit - pos);
            pos += k;
            crlfToSkip -= k;
            if (crlfToSkip > 0) return null;
            argc++; // the argument is complete now, as Redis has it only with its CRLF
            bulkLen = -1;
            if (--multibulkLen == 0) return command();
        }
        if (multibulkLen == 0) {
            if (pos >= limit) return null;
            if (buf[pos] != '*') return inline();
            int nl = lengthLine(false);
            if (nl < 0) return null;
            long n = lineValue;
            if (n > Integer.MAX_VALUE) throw new ProtocolException("ERR Protocol error: invalid multibulk length");
            if (n > 10 && authRequired.getAsBoolean()) {
                throw new ProtocolException("ERR Protocol error: unauthenticated multibulk length");
            }
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
                if (n < 0 || n > limits.maxBulkLen) throw new ProtocolException("ERR Protocol error: invalid bulk length");
                if (n > 16384 && authRequired.getAsBoolean()) {
                    throw new ProtocolException("ERR Protocol error: unauthenticated bulk length");
                }
                pos = nl + 2;
                bulkLen = n; // no room is made for it: the buffer grows as its bytes arrive
            }
            boolean whole = false;
            if (limit - pos < bulkLen + 2) {
                // a big argument that grew the buffer to its exact size: the buffer becomes the argument
                whole = bulkLen >= BIG_ARG && pos == 0 && limit == bulkLen && buf.length == limit;
                if (!whole) return null;
            }
            if (argc == args.length) args = Arrays.copyOf(args, Math.min(args.length * 2, argc + multibulkLen));
            if (whole) {
                args[argc] = buf;
                // as Redis: a client that sent one big argument likely sends another of the size, which then fits
                // with its header (one copy, no growth); the cron gives the buffer back if it does not. Up to 4 MB:
                // a Java array is zeroed when made, and beyond that regrowing costs less than one copy more
                buf = new byte[(int) Math.max(16 * 1024, Math.min(bulkLen + 1024, Math.min(NEXT_BIG_ARG_ROOM, inlineGrowthMax)))];
                view = null;
                pos = limit = 0;
                roomFilled = false;
                crlfToSkip = 2;
                return null;
            }
            args[argc] = argc == 0 ? commandName((int) bulkLen)
                    : bulkLen == 0 ? EMPTY_ARG : Arrays.copyOfRange(buf, pos, pos + (int) bulkLen);
            pos += (int) bulkLen + 2;
            argc++;
            bulkLen = -1;
            multibulkLen--;
        }
        return command();
    }

    /** The arguments parsed, as the complete command. */
    private byte[][] command() {
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
     * is read as Redis's processMultibulkBuffer does: the CR found by strchr (a NUL byte before it means wait),
     * any byte after it, the number validated as string2ll does, with Redis's error texts.
     */
    private int lengthLine(boolean bulk) throws ProtocolException {
        int nl = buf[pos] == (bulk ? '$' : '*') ? plainLength(pos + 1) : -1;
        if (nl >= 0) return nl;
        nl = lineEnd((byte) '\r');
        if (nl < 0) {
            if (limit - pos > INLINE_MAX) {
                throw new ProtocolException(bulk ? "ERR Protocol error: too big bulk count string" : "ERR Protocol error: too big mbulk count string");
            }
            return -1;
        }
        if (nl + 1 >= limit) return -1; // one more byte (the \n, unchecked) must follow
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
        int nl = lineEnd((byte) '\n');
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

    /**
     * The first {@code c} from pos, as C's strchr finds it in Redis's NUL-terminated query buffer: -1 when a NUL
     * byte or the end of the data comes first (Redis then waits for more input, up to its 64 KB line limit).
     */
    private int lineEnd(byte c) {
        byte[] b = buf;
        for (int i = pos, end = limit; i < end; i++) {
            byte x = b[i];
            if (x == c) return i;
            if (x == 0) return -1;
        }
        return -1;
    }

    /** Redis's sdscatrepr of the first {@code n} unparsed bytes, for the log. */
    public String head(int n) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = pos, end = Math.min(limit, pos + n); i < end; i++) {
            int x = buf[i] & 0xff;
            switch (x) {
                case '\\', '"' -> sb.append('\\').append((char) x);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (x >= 32 && x < 127) sb.append((char) x);
                    else sb.append(String.format("\\x%02x", x));
                }
            }
        }
        return sb.append('"').toString();
    }
}
