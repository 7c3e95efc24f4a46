package dev.beryl.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Values as redis-server 7.0.15's INFO latencystats shows them (its HdrHistogram, 2 significant digits). */
class LatencyHistogramTest {
    @Test
    void percentilesAreTheBucketEndsRedisReports() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(3000); // CLIENT ID in 3 µs: Redis shows p0=2.992, p50=3.007
        assertEquals(2992, h.valueAtPercentile(0));
        assertEquals(3007, h.valueAtPercentile(50));
        h.record(22000); // SET in 22 µs: Redis shows 22.015
        assertEquals(22015, h.valueAtPercentile(100));
        assertEquals(3007, h.valueAtPercentile(50));
    }

    @Test
    void smallValuesAreExactAndHugeOnesClampedToOneSecond() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(0); // a 0 µs call counts as Redis's minimum, 1 ns
        assertEquals(1, h.valueAtPercentile(50));
        for (int i = 0; i < 3; i++) h.record(255);
        assertEquals(255, h.valueAtPercentile(100));
        h.record(Long.MAX_VALUE);
        long top = h.valueAtPercentile(100);
        assertEquals(true, top >= 1_000_000_000L && top < 1_004_000_000L, "top " + top);
    }

    @Test
    void cumulativeLogBucketsAsLatencyHistogramReportsThem() {
        LatencyHistogram h = new LatencyHistogram();
        // DEBUG SLEEP 0.0001, 0.003 and 0.01 on Redis: "histogram_usec 264 1 4227 2 16908 3"
        h.record(150_000);
        h.record(3_100_000);
        h.record(10_100_000);
        List<long[]> b = h.cumulativeLog();
        assertEquals(3, b.size());
        assertArrayEquals(new long[] {264, 1}, b.get(0));
        assertArrayEquals(new long[] {4227, 2}, b.get(1));
        assertArrayEquals(new long[] {16908, 3}, b.get(2));
        assertEquals(3, h.total());
        LatencyHistogram fast = new LatencyHistogram();
        fast.record(1000); // a 1 µs call: the first bucket, 1024 ns
        fast.record(1000);
        assertArrayEquals(new long[] {1, 2}, fast.cumulativeLog().get(0));
        assertEquals(1, fast.cumulativeLog().size());
    }
}
