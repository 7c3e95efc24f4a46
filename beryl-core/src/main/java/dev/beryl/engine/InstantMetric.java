package dev.beryl.engine;

/**
 * A per-second rate averaged over the last 16 samples taken every 100 ms, as Redis's instantaneous metrics
 * (instantaneous_ops_per_sec, instantaneous_input_kbps ...).
 */
public final class InstantMetric {
    private static final int SAMPLES = 16;
    private final long[] samples = new long[SAMPLES];
    private int idx;
    private long lastTimeMs = -1;
    private long lastCount;

    /** Records the counter's current reading. */
    void sample(long nowMs, long count) {
        if (lastTimeMs >= 0) {
            long t = nowMs - lastTimeMs;
            samples[idx] = t > 0 ? (count - lastCount) * 1000 / t : 0;
            idx = (idx + 1) % SAMPLES;
        }
        lastTimeMs = nowMs;
        lastCount = count;
    }

    void reset() {
        java.util.Arrays.fill(samples, 0);
        idx = 0;
        lastTimeMs = -1;
    }

    /** The average rate per second over the samples. */
    public long perSecond() {
        long sum = 0;
        for (long s : samples) sum += s;
        return sum / SAMPLES;
    }
}
