package dev.beryl.types;

import dev.beryl.resp.Numbers;

import java.util.Arrays;

/**
 * Redis's listpack: a sequence of strings packed into one byte[], the small encoding of hashes (and of sorted sets
 * and lists). Each entry is an encoding byte (with length or small integer inline), its data, and its own length
 * written backwards so the sequence can be walked from either end. Strings that read as canonical 64-bit integers
 * are stored as integers of 1 to 9 bytes, exactly as Redis does, so an entry reads back byte-identical and
 * {@link #bytes()} matches Redis's size. The 6-byte header and end marker are not stored (their fields live in
 * {@link #used} and {@link #count}).
 *
 * <p>Entries are addressed by position: the byte offset of the entry, -1 for "none". A position stays valid until
 * the listpack is modified. Engine thread only.
 */
public final class Listpack {
    /** Redis's lpSafeToAdd limit: a listpack never grows past 1 GB. */
    public static final long MAX_SAFE_SIZE = 1L << 30;
    private static final int HEADER_AND_END = 7;
    private static final byte[] EMPTY = new byte[0];

    private byte[] buf;
    private int used;
    private int count;

    public Listpack() {
        buf = EMPTY;
    }

    private Listpack(byte[] buf, int used, int count) {
        this.buf = buf;
        this.used = used;
        this.count = count;
    }

    /** Number of entries. */
    public int size() { return count; }

    /** Size in Redis's own layout (header, entries, end byte): what lpBytes reports. */
    public long bytes() { return used + HEADER_AND_END; }

    public Listpack copy() { return new Listpack(Arrays.copyOf(buf, used), used, count); }

    /**
     * A listpack over entry bytes [0, used) holding count entries: a decompressed quicklist node, or a listpack
     * read from an RDB file once its entries are validated. The array is kept, not copied.
     */
    public static Listpack wrap(byte[] entries, int used, int count) { return new Listpack(entries, used, count); }

    /** Bytes of the entries, without Redis's header and end byte; the array may be longer ({@link #array}). */
    int entriesLength() { return used; }

    // ---- walking

    public int first() { return count == 0 ? -1 : 0; }

    public int last() { return count == 0 ? -1 : before(used); }

    public int next(int p) {
        int n = p + entryLength(p);
        return n >= used ? -1 : n;
    }

    public int prev(int p) { return p == 0 ? -1 : before(p); }

    /** Position of the index-th entry (negative counts from the end), or -1 when out of range. */
    public int seek(long index) {
        if (index < 0) index += count;
        if (index < 0 || index >= count) return -1;
        if (index <= count / 2) {
            int p = 0;
            for (long i = 0; i < index; i++) p += entryLength(p);
            return p;
        }
        int p = used;
        for (long i = count; i > index; i--) p = before(p);
        return p;
    }

    /** The entry that ends right before offset p, read from its backwards length. */
    private int before(int p) {
        int q = p - 1;
        int len = 0;
        int shift = 0;
        while (true) {
            int b = buf[q] & 0xff;
            len |= (b & 127) << shift;
            if ((b & 128) == 0) break;
            shift += 7;
            q--;
        }
        return p - len - backlenSize(len);
    }

    private int entryLength(int p) {
        int l = encodedSize(p);
        return l + backlenSize(l);
    }

    /** Encoding byte(s) plus data of the entry at p (its backlen excluded). */
    private int encodedSize(int p) {
        int b = buf[p] & 0xff;
        if (b < 0x80) return 1;
        if ((b & 0xC0) == 0x80) return 1 + (b & 0x3F);
        if ((b & 0xE0) == 0xC0) return 2;
        if ((b & 0xF0) == 0xE0) return 2 + (((b & 0x0F) << 8) | (buf[p + 1] & 0xff));
        switch (b) {
            case 0xF1: return 3;
            case 0xF2: return 4;
            case 0xF3: return 5;
            case 0xF4: return 9;
            case 0xF0: return 5 + le32(p + 1);
            default: throw new IllegalStateException("corrupt listpack entry " + b);
        }
    }

    // ---- reading an entry

    public boolean isInt(int p) {
        int b = buf[p] & 0xff;
        return b < 0x80 || (b & 0xE0) == 0xC0 || (b >= 0xF1 && b <= 0xF4);
    }

    /** The value of an integer entry ({@link #isInt}). */
    public long intValue(int p) {
        int b = buf[p] & 0xff;
        if (b < 0x80) return b;
        if ((b & 0xE0) == 0xC0) {
            int v = ((b & 0x1F) << 8) | (buf[p + 1] & 0xff);
            return v >= 4096 ? v - 8192 : v;
        }
        switch (b) {
            case 0xF1: return (short) ((buf[p + 1] & 0xff) | (buf[p + 2] & 0xff) << 8);
            case 0xF2: return ((buf[p + 1] & 0xff) | (buf[p + 2] & 0xff) << 8 | buf[p + 3] << 16);
            case 0xF3: return le32(p + 1);
            case 0xF4: return (le32(p + 1) & 0xffffffffL) | ((long) le32(p + 5) << 32);
            default: throw new IllegalStateException("not an integer entry");
        }
    }

    /** The backing array, for reading string entries in place with {@link #strOffset} and {@link #strLength}. */
    public byte[] array() { return buf; }

    public int strOffset(int p) {
        int b = buf[p] & 0xff;
        if ((b & 0xC0) == 0x80) return p + 1;
        if ((b & 0xF0) == 0xE0) return p + 2;
        return p + 5;
    }

    public int strLength(int p) {
        int b = buf[p] & 0xff;
        if ((b & 0xC0) == 0x80) return b & 0x3F;
        if ((b & 0xF0) == 0xE0) return ((b & 0x0F) << 8) | (buf[p + 1] & 0xff);
        return le32(p + 1);
    }

    /** Length of the entry as a string (integers in decimal). */
    public int valueLength(int p) {
        return isInt(p) ? Numbers.decimalLength(intValue(p)) : strLength(p);
    }

    /** The entry as a string. The array may be shared (small integers): never modify it. */
    public byte[] get(int p) {
        if (isInt(p)) return Numbers.toBytes(intValue(p));
        int off = strOffset(p);
        return Arrays.copyOfRange(buf, off, off + strLength(p));
    }

    public boolean entryEquals(int p, byte[] s) {
        if (isInt(p)) return Numbers.isLong(s) && Numbers.parseLongUnchecked(s, 0, s.length) == intValue(p);
        int len = strLength(p);
        int off = strOffset(p);
        return len == s.length && Arrays.equals(buf, off, off + len, s, 0, len);
    }

    /**
     * The first entry equal to s, starting at p and comparing only every (skip+1)-th entry (skip 1 compares
     * the fields of field/value pairs); -1 if none. The search string is parsed as an integer at most once.
     */
    public int find(int p, byte[] s, int skip) {
        int sIsInt = 0; // 0 not yet known, 1 integer, -1 not an integer
        long sv = 0;
        int skipped = 0;
        while (p >= 0 && p < used) {
            if (skipped == 0) {
                if (isInt(p)) {
                    if (sIsInt == 0) {
                        sIsInt = Numbers.isLong(s) ? 1 : -1;
                        if (sIsInt == 1) sv = Numbers.parseLongUnchecked(s, 0, s.length);
                    }
                    if (sIsInt == 1 && intValue(p) == sv) return p;
                } else {
                    int len = strLength(p);
                    int off = strOffset(p);
                    if (len == s.length && Arrays.equals(buf, off, off + len, s, 0, len)) return p;
                }
                skipped = skip;
            } else {
                skipped--;
            }
            p += entryLength(p);
        }
        return -1;
    }

    // ---- modifying

    public void append(byte[] s) { insert(used, s); }

    /** Drops the spare capacity kept for growth (a listpack that is done growing). */
    public void trimToSize() {
        if (buf.length > used) buf = Arrays.copyOf(buf, used);
    }

    /** Appends every entry of another listpack (merging quicklist nodes): entries are self-delimiting. */
    public void appendAll(Listpack other) {
        resizeGap(used, 0, other.used);
        System.arraycopy(other.buf, 0, buf, used - other.used, other.used);
        count += other.count;
    }

    /** Inserts s before the entry at p ({@code p == end} appends); returns the position of the new entry. */
    public int insert(int p, byte[] s) {
        if (p < 0) p = used;
        boolean asInt = Numbers.isLong(s);
        long v = asInt ? Numbers.parseLongUnchecked(s, 0, s.length) : 0;
        int enc = asInt ? intEncodedSize(v) : strEncodedSize(s.length);
        int total = enc + backlenSize(enc);
        resizeGap(p, 0, total);
        write(p, s, asInt, v, enc);
        count++;
        return p;
    }

    /** Replaces the entry at p with s; the position stays valid for the new entry. */
    public void replace(int p, byte[] s) {
        boolean asInt = Numbers.isLong(s);
        long v = asInt ? Numbers.parseLongUnchecked(s, 0, s.length) : 0;
        int enc = asInt ? intEncodedSize(v) : strEncodedSize(s.length);
        resizeGap(p, entryLength(p), enc + backlenSize(enc));
        write(p, s, asInt, v, enc);
    }

    /** Deletes n entries starting at p. */
    public void delete(int p, int n) {
        int end = p;
        for (int i = 0; i < n && end < used; i++) {
            end += entryLength(end);
            count--;
        }
        System.arraycopy(buf, end, buf, p, used - end);
        used -= end - p;
        if (buf.length > 64 && used < buf.length / 2) buf = Arrays.copyOf(buf, used + (used >> 2));
    }

    /** Makes the oldLen bytes at p into newLen bytes, moving the tail. */
    private void resizeGap(int p, int oldLen, int newLen) {
        int need = used - oldLen + newLen;
        if (need > buf.length) {
            long cap = Math.min(Integer.MAX_VALUE - 8, (long) need + (need >> 2));
            byte[] nb = new byte[(int) cap];
            System.arraycopy(buf, 0, nb, 0, p);
            System.arraycopy(buf, p + oldLen, nb, p + newLen, used - p - oldLen);
            buf = nb;
        } else if (oldLen != newLen) {
            System.arraycopy(buf, p + oldLen, buf, p + newLen, used - p - oldLen);
        }
        used = need;
    }

    private void write(int p, byte[] s, boolean asInt, long v, int enc) {
        if (asInt) {
            writeInt(p, v);
        } else {
            int len = s.length;
            int off;
            if (len < 64) {
                buf[p] = (byte) (0x80 | len);
                off = p + 1;
            } else if (len < 4096) {
                buf[p] = (byte) (0xE0 | (len >> 8));
                buf[p + 1] = (byte) len;
                off = p + 2;
            } else {
                buf[p] = (byte) 0xF0;
                putLe(p + 1, len, 4);
                off = p + 5;
            }
            System.arraycopy(s, 0, buf, off, len);
        }
        writeBacklen(p + enc, enc);
    }

    private void writeInt(int p, long v) {
        if (v >= 0 && v <= 127) {
            buf[p] = (byte) v;
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            buf[p] = (byte) ((u >> 8) | 0xC0);
            buf[p + 1] = (byte) u;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            buf[p] = (byte) 0xF1;
            putLe(p + 1, v, 2);
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            buf[p] = (byte) 0xF2;
            putLe(p + 1, v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            buf[p] = (byte) 0xF3;
            putLe(p + 1, v, 4);
        } else {
            buf[p] = (byte) 0xF4;
            putLe(p + 1, v, 8);
        }
    }

    private static int intEncodedSize(long v) {
        if (v >= 0 && v <= 127) return 1;
        if (v >= -4096 && v <= 4095) return 2;
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) return 3;
        if (v >= -(1 << 23) && v < (1 << 23)) return 4;
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return 5;
        return 9;
    }

    private static int strEncodedSize(int len) {
        if (len < 64) return 1 + len;
        if (len < 4096) return 2 + len;
        return 5 + len;
    }

    /** Bytes of the backwards length field for an entry of l bytes (Redis's lpEncodeBacklen thresholds). */
    private static int backlenSize(int l) {
        if (l <= 127) return 1;
        if (l < 16383) return 2;
        if (l < 2097151) return 3;
        if (l < 268435455) return 4;
        return 5;
    }

    /** Writes l so that it reads from its last byte backwards: low 7 bits last, continuation bit on all but the first. */
    private void writeBacklen(int p, int l) {
        int n = backlenSize(l);
        for (int i = n - 1; i >= 0; i--) {
            int shift = 7 * (n - 1 - i);
            int b = (l >>> shift) & 127;
            buf[p + i] = (byte) (i == 0 ? b : b | 128);
        }
    }

    private void putLe(int p, long v, int n) {
        for (int i = 0; i < n; i++) buf[p + i] = (byte) (v >>> (8 * i));
    }

    private int le32(int p) {
        return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8 | (buf[p + 2] & 0xff) << 16 | (buf[p + 3] & 0xff) << 24;
    }
}
