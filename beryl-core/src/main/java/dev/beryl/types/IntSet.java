package dev.beryl.types;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Redis's intset: a sorted array of distinct integers in one byte[], every element as wide as the widest one
 * (2, 4 or 8 bytes, little-endian), found by binary search. Adding a wider value upgrades the whole array; it
 * never downgrades. The small encoding of sets whose members are all integers. Engine thread only.
 */
public final class IntSet {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] EMPTY = new byte[0];

    private byte[] data = EMPTY;
    private int width = 2;
    private int length;

    public IntSet() {}

    private IntSet(byte[] data, int width, int length) {
        this.data = data;
        this.width = width;
        this.length = length;
    }

    /**
     * An intset over elements already sorted, distinct and {@code width} bytes each, little-endian (an RDB
     * intset blob once validated). The array is kept, not copied.
     */
    public static IntSet wrap(byte[] data, int width, int length) {
        return new IntSet(data, width, length);
    }

    public int size() { return length; }

    /** Size in Redis's layout (8-byte header plus elements): intsetBlobLen. */
    public long bytes() { return 8L + (long) length * width; }

    /** Bytes allocated for elements, used or not (MEMORY USAGE). */
    public int capacityBytes() { return data.length; }

    /** Bytes per element: 2, 4 or 8. */
    public int width() { return width; }

    public IntSet copy() { return new IntSet(Arrays.copyOf(data, length * width), width, length); }

    /** The i-th smallest element. */
    public long get(int i) {
        switch (width) {
            case 2: return (short) I16.get(data, i * 2);
            case 4: return (int) I32.get(data, i * 4);
            default: return (long) I64.get(data, i * 8);
        }
    }

    private void put(int i, long v) {
        switch (width) {
            case 2 -> I16.set(data, i * 2, (short) v);
            case 4 -> I32.set(data, i * 4, (int) v);
            default -> I64.set(data, i * 8, v);
        }
    }

    private static int widthFor(long v) {
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) return 2;
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return 4;
        return 8;
    }

    public boolean contains(long v) {
        return widthFor(v) <= width && search(v) >= 0;
    }

    /** Index of v, or (-insertionPoint - 1). */
    private int search(long v) {
        int lo = 0, hi = length - 1;
        if (length > 0) {
            // appending and prepending are the common cases (ascending inserts): skip the search
            if (v > get(hi)) return -(length) - 1;
            if (v < get(0)) return -1;
        }
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = get(mid);
            if (m < v) lo = mid + 1;
            else if (m > v) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    /** Adds v; returns false if it was already present. */
    public boolean add(long v) {
        int w = widthFor(v);
        if (w > width) {
            upgradeAndAdd(v, w);
            return true;
        }
        int i = search(v);
        if (i >= 0) return false;
        i = -i - 1;
        ensureCapacity(length + 1);
        System.arraycopy(data, i * width, data, (i + 1) * width, (length - i) * width);
        put(i, v);
        length++;
        return true;
    }

    /** A value wider than every element is below or above all of them: widen and put it at that end. */
    private void upgradeAndAdd(long v, int newWidth) {
        int oldWidth = width;
        byte[] old = data;
        IntSet src = new IntSet(old, oldWidth, length);
        data = new byte[capacityFor((length + 1) * newWidth)];
        width = newWidth;
        int shift = v < 0 ? 1 : 0;
        for (int i = 0; i < length; i++) put(i + shift, src.get(i));
        put(v < 0 ? 0 : length, v);
        length++;
    }

    /** Removes v; returns false if it was absent. */
    public boolean remove(long v) {
        if (widthFor(v) > width) return false;
        int i = search(v);
        if (i < 0) return false;
        System.arraycopy(data, (i + 1) * width, data, i * width, (length - i - 1) * width);
        length--;
        if (data.length > 64 && length * width < data.length / 2) data = Arrays.copyOf(data, capacityFor(length * width));
        return true;
    }

    public long random(RandomGenerator rnd) {
        return get(rnd.nextInt(length));
    }

    private void ensureCapacity(int elements) {
        int need = elements * width;
        if (need > data.length) data = Arrays.copyOf(data, capacityFor(need));
    }

    private static int capacityFor(int bytes) {
        return bytes + (bytes >> 2);
    }
}
