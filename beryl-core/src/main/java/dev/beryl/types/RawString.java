package dev.beryl.types;

import java.util.Arrays;

/**
 * A string value modified in place (APPEND, SETRANGE, SETBIT, BITFIELD, BITOP results): Redis's "raw" sds
 * string, with spare capacity so that appending in a loop is amortized O(1). Plain SET values stay immutable
 * byte[]; a key turns into a RawString the first time such a command changes it. A RawString belongs to one
 * key: copying a key (COPY) must {@link #copy()} it.
 */
public final class RawString {
    /** sds stops doubling its free space past this size and grows by this much instead. */
    private static final int GREEDY_LIMIT = 1024 * 1024;

    private byte[] buf;
    private int len;
    /**
     * True for an INCRBYFLOAT result that reads like an integer: Redis stores it as an "embstr" object, which
     * OBJECT ENCODING reports as such, where a byte[] with that content would be reported as "int". Any change
     * makes it raw, as dbUnshareStringValue does.
     */
    private boolean embstr;

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
        s.embstr = true;
        return s;
    }

    public int length() { return len; }

    /** The backing array, valid up to {@link #length()}. Callers only read it; it changes on the next write. */
    public byte[] array() { return buf; }

    public String encoding() { return embstr ? "embstr" : "raw"; }

    /** Drops the embstr marker: the string is about to be modified in place (Redis's dbUnshareStringValue). */
    public void unshare() { embstr = false; }

    public byte[] toByteArray() { return Arrays.copyOf(buf, len); }

    /** Estimated heap bytes, spare capacity included (Redis counts an sds's free space too). */
    public long footprint() {
        return Footprint.object(3) + Footprint.bytes(buf.length);
    }

    public RawString copy() {
        RawString s = new RawString(buf, 0, len);
        s.embstr = embstr;
        return s;
    }

    public void append(byte[] b) {
        int n = len + b.length;
        ensureCapacity(n);
        System.arraycopy(b, 0, buf, len, b.length);
        len = n;
        embstr = false;
    }

    /** Writes b at offset, zero-padding the gap past the current end (SETRANGE). */
    public void write(int offset, byte[] b) {
        growZero(offset + b.length);
        System.arraycopy(b, 0, buf, offset, b.length);
    }

    /** Extends the string with zero bytes to at least n bytes (sdsgrowzero). */
    public void growZero(int n) {
        embstr = false;
        if (n <= len) return;
        ensureCapacity(n);
        Arrays.fill(buf, len, n, (byte) 0);
        len = n;
    }

    public void setByte(int i, byte v) {
        buf[i] = v;
        embstr = false;
    }

    /** Grows like sdsMakeRoomFor: double while small, then 1 MB at a time. */
    private void ensureCapacity(int n) {
        if (n <= buf.length) return;
        long want = n < GREEDY_LIMIT ? 2L * n : (long) n + GREEDY_LIMIT;
        buf = Arrays.copyOf(buf, (int) Math.min(want, Integer.MAX_VALUE - 8));
    }
}
