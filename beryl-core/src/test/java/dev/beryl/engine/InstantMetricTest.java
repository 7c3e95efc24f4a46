package dev.beryl.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InstantMetricTest {
    @Test
    void averagesSixteenSamplesPerSecond() {
        InstantMetric m = new InstantMetric();
        m.sample(0, 0);
        for (int i = 1; i <= 16; i++) m.sample(i * 100L, i * 50L); // 50 per 100 ms = 500/s
        assertEquals(500, m.perSecond());
        m.sample(1700, 800); // one idle sample out of 16
        assertEquals(500 * 15 / 16, m.perSecond());
        m.reset();
        assertEquals(0, m.perSecond());
    }
}
