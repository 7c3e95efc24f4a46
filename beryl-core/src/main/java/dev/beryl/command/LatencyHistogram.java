package dev.beryl.command;

import java.util.ArrayList;
import java.util.List;

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

    /** How many values were recorded. */
    public long total() { return total; }

    /**
     * LATENCY HISTOGRAM's buckets (Redis's fillCommandCDF): {µs, cumulative count} pairs, walked as hdr_iter_log
     * with a first bucket of 1024 ns and log base 2 reports them. Each step reports the highest value equivalent
     * to the count slot it stopped on, and the count up to and with that slot; steps that add nothing are left out.
     */
    public List<long[]> cumulativeLog() {
        List<long[]> out = new ArrayList<>();
        long level = 1024, levelLowest = lowestEquivalent(level);
        int index = -1;
        long cumulative = 0, value = 0, highest = 0, reported = 0;
        while (cumulative < total || (index < counts.length && valueAt(index + 1) > levelLowest)) {
            while (value < levelLowest) {
                if (++index >= counts.length) break;
                cumulative += counts[index];
                value = valueAt(index);
                highest = lowestEquivalent(value) + (1L << bucketOf(value)) - 1;
            }
            if (value >= levelLowest) {
                level *= 2;
                levelLowest = lowestEquivalent(level);
            }
            if (cumulative > reported) out.add(new long[] {highest / 1000, cumulative});
            reported = cumulative;
            if (index >= counts.length) break;
        }
        return out;
    }

    private static long lowestEquivalent(long v) {
        return v & -(1L << bucketOf(v));
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
