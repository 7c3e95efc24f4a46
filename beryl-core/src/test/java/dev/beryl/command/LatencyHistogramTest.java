package dev.beryl.command;

import org.junit.jupiter.api.Test;

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
}
