package dev.beryl.command;

/**
 * A command's call latencies in ns, laid out as the HdrHistogram Redis keeps per command (hdr_init(1, 1e9, 2)):
 * 256 linear sub-buckets per power of two, so every value is held to two significant decimal digits. Its own
 * small copy rather than the library: beryl-core stays without dependencies, which `mvn liberty:run`'s loose
 * resource adapter could not carry.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 8;                 // 256 sub-buckets: 2 * 10^2 rounded up to a power of 2
    private static final int HALF_BITS = SUB_BITS - 1;
    private static final int HALF = 1 << HALF_BITS;
    private static final long MAX = 1_000_000_000L;        // 1 s, Redis's LATENCY_HISTOGRAM_MAX_VALUE
    private static final int BUCKETS = 23;                 // 256 << 22 is the first bucket end past MAX

    private final long[] counts = new long[(BUCKETS + 1) << HALF_BITS];
    private long total;

    /** Records one value, clamped to 1 ns .. 1 s as Redis's updateCommandLatencyHistogram does. */
    public void record(long ns) {
        long v = Math.max(1, Math.min(MAX, ns));
        int bucket = bucketOf(v);
        int sub = (int) (v >>> bucket);
        counts[((bucket + 1) << HALF_BITS) + sub - HALF]++;
        total++;
    }

    /**
     * The value at a percentile as hdr_value_at_percentile gives it: the highest value equivalent to the one the
     * percentile's count falls on (the lowest for percentile 0).
     */
    public long valueAtPercentile(double percentile) {
        double p = Math.min(Math.max(percentile, 0), 100);
        long countAt = Math.max(1, (long) Math.ceil(p / 100 * total));
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i];
            if (running >= countAt) {
                long v = valueAt(i);
                long size = 1L << bucketOf(v);
                long lowest = v & -size;
                return p == 0 ? lowest : lowest + size - 1;
            }
        }
        return 0;
    }

    private static int bucketOf(long v) {
        return 64 - Long.numberOfLeadingZeros(v | ((1L << SUB_BITS) - 1)) - SUB_BITS;
    }

    private static long valueAt(int index) {
        int bucket = (index >> HALF_BITS) - 1;
        int sub = (index & (HALF - 1)) + HALF;
        if (bucket < 0) {
            sub -= HALF;
            bucket = 0;
        }
        return (long) sub << bucket;
    }
}
