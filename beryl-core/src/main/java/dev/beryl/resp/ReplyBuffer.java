package dev.beryl.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that RESP replies are appended to. One per client; the engine appends every reply of
 * a batch here and the connection writes it out once. {@link #resp()} selects RESP2 or RESP3 framing for the
 * types that differ (null, map, set, double, boolean, verbatim).
 */
public final class ReplyBuffer {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_ARRAY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL_INTS = new byte[512][];
    static {
        for (int i = 0; i < SMALL_INTS.length; i++) SMALL_INTS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] buf;
    private int start; // first byte not yet written to the socket
    private int len;   // end of the replies; positions (marks) count from the array's start
    private int resp = 2;
    private int errors;
    private int lastErrorStart;

    public ReplyBuffer() {
        this(1024);
    }

    public ReplyBuffer(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    public int resp() { return resp; }
    public void setResp(int resp) { this.resp = resp; }

    public byte[] array() { return buf; }
    /** The end of the replies: a mark for {@link #truncate(int)}, and the write limit. */
    public int length() { return len; }
    /** Where the bytes not yet written start. */
    public int start() { return start; }
    /** Bytes not yet written. */
    public int pending() { return len - start; }
    public boolean isEmpty() { return len == start; }
    public void clear() { start = len = 0; }

    /**
     * Drops the first n pending bytes (written to the socket). A partial write of a big reply only moves
     * {@code start}; the rest is moved down once more than half the array is dead, so writing a reply in
     * many pieces costs linear, not quadratic, copying. Called between commands, never while a mark is held.
     */
    public void consume(int n) {
        start += n;
        if (start >= len) {
            start = len = 0;
        } else if (start > buf.length / 2) {
            System.arraycopy(buf, start, buf, 0, len - start);
            len -= start;
            start = 0;
        }
    }

    /** Truncates back to a mark taken with {@link #length()} (used to discard a reply, e.g. CLIENT REPLY OFF). */
    public void truncate(int mark) { len = mark; }

    /**
     * Gives back an idle array grown for replies much bigger than the recent ones ({@code recentPeak} bytes),
     * as Redis's clientsCronResizeOutputBuffer does; keeping it meanwhile spares regrowing it for every big reply.
     */
    public void shrinkIfOversized(int recentPeak, int minCapacity) {
        if (isEmpty() && buf.length > minCapacity && recentPeak < buf.length / 2) {
            buf = new byte[Math.max(minCapacity, recentPeak)];
            start = len = 0;
        }
    }

    public byte[] toByteArray() { return Arrays.copyOfRange(buf, start, len); }

    private void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }

    public void raw(byte[] b) { raw(b, 0, b.length); }

    public void raw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void put(byte c) {
        ensure(1);
        buf[len++] = c;
    }

    private void crlf() {
        ensure(2);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    private void prefixed(byte prefix, long n) {
        ensure(24);
        buf[len++] = prefix;
        len = Numbers.writeLong(n, buf, len);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    // ---- simple types

    public void ok() { raw(OK); }
    public void pong() { raw(PONG); }

    /** "+text\r\n"; text must not contain CR or LF. */
    public void simple(String s) {
        put((byte) '+');
        ascii(s);
        crlf();
    }

    public void simple(byte[] s) {
        put((byte) '+');
        raw(s);
        crlf();
    }

    /**
     * An error reply. {@code msg} is the whole text after the '-' and starts with its error code
     * ("ERR ...", "WRONGTYPE ..."). CR/LF inside it become spaces so the protocol stays intact, as in Redis.
     */
    public void error(String msg) {
        error(msg.getBytes(StandardCharsets.UTF_8));
    }

    /** An error reply of these bytes; CR and LF become spaces, as Redis's addReplyErrorLength makes them. */
    public void error(byte[] b) {
        ensure(b.length + 3);
        errors++;
        lastErrorStart = len;
        buf[len++] = '-';
        for (byte c : b) buf[len++] = (c == '\r' || c == '\n') ? (byte) ' ' : c;
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    /** Error replies written so far (the engine compares before/after a command for its statistics). */
    public int errorCount() { return errors; }

    /** The code word ("ERR", "WRONGTYPE") of the last error written; valid until the buffer is consumed. */
    public String lastErrorCode() {
        int i = lastErrorStart + 1;
        while (i < len && buf[i] != ' ' && buf[i] != '\r') i++;
        return new String(buf, lastErrorStart + 1, i - lastErrorStart - 1, StandardCharsets.US_ASCII);
    }

    public void integer(long v) {
        if (v >= 0 && v < SMALL_INTS.length) raw(SMALL_INTS[(int) v]);
        else prefixed((byte) ':', v);
    }

    public void bulk(byte[] b) {
        if (b == null) { nullBulk(); return; }
        bulk(b, 0, b.length);
    }

    public void bulk(byte[] b, int off, int n) {
        ensure(n + 24);
        buf[len++] = '$';
        len = Numbers.writeLong(n, buf, len);
        buf[len++] = '\r';
        buf[len++] = '\n';
        System.arraycopy(b, off, buf, len, n);
        len += n;
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    public void bulk(String s) {
        bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string holding the decimal form of v. */
    public void bulkLong(long v) {
        int n = Numbers.decimalLength(v);
        ensure(n + 30);
        buf[len++] = '$';
        len = Numbers.writeLong(n, buf, len);
        buf[len++] = '\r';
        buf[len++] = '\n';
        len = Numbers.writeLong(v, buf, len);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    public void nullBulk() { raw(resp == 3 ? NULL3 : NULL_BULK); }
    public void nullArray() { raw(resp == 3 ? NULL3 : NULL_ARRAY); }
    public void emptyArray() { raw(EMPTY_ARRAY); }

    // ---- aggregates

    public void arrayHeader(long n) { prefixed((byte) '*', n); }

    /** A map of n pairs: RESP3 '%', RESP2 a flat array of 2n elements. */
    public void mapHeader(long n) {
        if (resp == 3) prefixed((byte) '%', n);
        else prefixed((byte) '*', n * 2);
    }

    /** A set: RESP3 '~', RESP2 a plain array. */
    public void setHeader(long n) { prefixed(resp == 3 ? (byte) '~' : (byte) '*', n); }

    /** An out-of-band push message (RESP3 '>'), a plain array in RESP2. */
    public void pushHeader(long n) { prefixed(resp == 3 ? (byte) '>' : (byte) '*', n); }

    /**
     * A published message encoded once for all its subscribers: the aggregate type byte of this protocol (RESP3
     * '>' push, RESP2 '*' array), then {@code head} (the count and the elements before the body, through the
     * body's length line), the body and its CRLF.
     */
    public void pushMessage(byte[] head, byte[] body) {
        ensure(head.length + body.length + 3);
        buf[len++] = resp == 3 ? (byte) '>' : (byte) '*';
        System.arraycopy(head, 0, buf, len, head.length);
        len += head.length;
        System.arraycopy(body, 0, buf, len, body.length);
        len += body.length;
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    /** A double: RESP3 ',', RESP2 a bulk string, both formatted as Redis's %.17g. */
    public void doubleValue(double d) {
        String s = Numbers.formatDouble17g(d);
        if (resp == 3) {
            put((byte) ',');
            ascii(s);
            crlf();
        } else {
            bulk(s.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A boolean: RESP3 '#t'/'#f', RESP2 the integer 1/0. */
    public void bool(boolean b) {
        if (resp == 3) raw(b ? "#t\r\n".getBytes(StandardCharsets.US_ASCII) : "#f\r\n".getBytes(StandardCharsets.US_ASCII));
        else integer(b ? 1 : 0);
    }

    /** Verbatim text (INFO, CLIENT LIST): RESP3 '=' with the "txt:" format, RESP2 a bulk string. */
    public void verbatim(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (resp == 3) {
            prefixed((byte) '=', b.length + 4);
            ascii("txt:");
            raw(b);
            crlf();
        } else {
            bulk(b);
        }
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[len++] = (byte) s.charAt(i);
    }

    @Override
    public String toString() {
        return new String(buf, start, len - start, StandardCharsets.UTF_8);
    }
}
