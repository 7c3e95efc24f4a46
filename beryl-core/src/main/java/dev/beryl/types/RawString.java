package dev.beryl.types;

import dev.beryl.resp.Numbers;

import java.util.Arrays;

/**
 * A string value that is modified in place, like a Redis string object owned by one key: APPEND, SETRANGE,
 * SETBIT and BITFIELD edit its bytes (an sds with spare capacity, so appending in a loop is amortized O(1)),
 * and INCR rewrites an integer-encoded one without allocating. Plain SET values stay immutable byte[]; a key
 * holds a RawString once such a command has changed it. A RawString belongs to one key: copying a key (COPY)
 * must {@link #copy()} it.
 */
public final class RawString {
    /** sds stops doubling its free space past this size and grows by this much instead. */
    private static final int GREEDY_LIMIT = 1024 * 1024;
    private static final String RAW = "raw", EMBSTR = "embstr", INT = "int";

    private byte[] buf;
    private int len;
    /**
     * What OBJECT ENCODING reports: "raw" once the bytes were edited; "int" for an INCR counter (rewritten in
     * place as Redis does with an unshared int object); "embstr" for an INCRBYFLOAT result, which Redis never
     * turns into an int even when it reads like one. Any byte edit makes it raw, as dbUnshareStringValue does.
     */
    private String encoding = RAW;

    /** A raw string with a copy of {@code content}. */
    public RawString(byte[] content) {
        this(content, 0, content.length);
    }

    public RawString(byte[] content, int off, int n) {
        buf = Arrays.copyOfRange(content, off, off + n);
        len = n;
    }

    /** A zero-filled raw string of the given length (SETBIT/SETRANGE on a missing key). */
    public static RawString zeros(int n) {
        RawString s = new RawString(new byte[0]);
        s.buf = new byte[n];
        s.len = n;
        return s;
    }

    /** An unmodified INCRBYFLOAT result that OBJECT ENCODING reports as "embstr". */
    public static RawString embstr(byte[] content) {
        RawString s = new RawString(content);
        s.encoding = EMBSTR;
        return s;
    }

    /** An integer-encoded counter (INCR) that later increments rewrite in place. */
    public static RawString ofLong(long v) {
        RawString s = zeros(20);
        s.setLong(v);
        return s;
    }

    public int length() { return len; }

    /** The backing array, valid up to {@link #length()}. Callers only read it; it changes on the next write. */
    public byte[] array() { return buf; }

    public String encoding() { return encoding; }

    /** True for an integer-encoded counter that {@link #setLong} may rewrite. */
    public boolean isInt() { return encoding == INT; }

    /** Replaces an integer-encoded counter's value in place. */
    public void setLong(long v) {
        if (buf.length < 20) buf = new byte[20];
        len = Numbers.writeLong(v, buf, 0);
        encoding = INT;
    }

    /** Makes the string raw: it is about to be edited in place (Redis's dbUnshareStringValue). */
    public void unshare() { encoding = RAW; }

    public byte[] toByteArray() { return Arrays.copyOf(buf, len); }

    /** Estimated heap bytes, spare capacity included (Redis counts an sds's free space too). */
    public long footprint() {
        return Footprint.object(3) + Footprint.bytes(buf.length);
    }

    public RawString copy() {
        RawString s = new RawString(buf, 0, len);
        s.encoding = encoding;
        return s;
    }

    public void append(byte[] b) {
        int n = len + b.length;
        ensureCapacity(n);
        System.arraycopy(b, 0, buf, len, b.length);
        len = n;
        encoding = RAW;
    }

    /** Writes b at offset, zero-padding the gap past the current end (SETRANGE). */
    public void write(int offset, byte[] b) {
        growZero(offset + b.length);
        System.arraycopy(b, 0, buf, offset, b.length);
    }

    /** Extends the string with zero bytes to at least n bytes (sdsgrowzero). */
    public void growZero(int n) {
        encoding = RAW;
        if (n <= len) return;
        ensureCapacity(n);
        Arrays.fill(buf, len, n, (byte) 0);
        len = n;
    }

    public void setByte(int i, byte v) {
        buf[i] = v;
        encoding = RAW;
    }

    /** Grows like sdsMakeRoomFor: double while small, then 1 MB at a time. */
    private void ensureCapacity(int n) {
        if (n <= buf.length) return;
        long want = n < GREEDY_LIMIT ? 2L * n : (long) n + GREEDY_LIMIT;
        buf = Arrays.copyOf(buf, (int) Math.min(want, Integer.MAX_VALUE - 8));
    }
}
