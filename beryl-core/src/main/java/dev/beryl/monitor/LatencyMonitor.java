package dev.beryl.monitor;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latency monitor's time series (Redis's latency.c): per event ("command", "expire-cycle", ...), the worst
 * latency of each of the last 160 seconds that had one at or above {@code latency-monitor-threshold} ms, and the
 * worst ever. Engine thread only.
 */
public final class LatencyMonitor {
    /** Redis's LATENCY_TS_LEN. */
    static final int TS_LEN = 160;

    /** One event's ring of samples: times (unix s, 0 = empty) and latencies (ms); idx is the next slot. */
    public static final class Series {
        final int[] time = new int[TS_LEN];
        final long[] latency = new long[TS_LEN];
        int idx;
        long max;

        /** The slot of the i-th oldest sample place (some may be empty: time 0). */
        int slot(int i) { return (idx + i) % TS_LEN; }
        public long max() { return max; }
    }

    /** Stats of one event's samples for DOCTOR (Redis's analyzeLatencyForEvent). */
    record Stats(long samples, long avg, long mad, long period) {}

    private final Map<String, Series> events = new LinkedHashMap<>();

    /** Records a latency (ms) of an event: the second's sample keeps the worst (latencyAddSample). */
    void add(String event, long ms) {
        Series ts = events.computeIfAbsent(event, e -> new Series());
        int now = (int) (System.currentTimeMillis() / 1000);
        if (ms > ts.max) ts.max = ms;
        int prev = (ts.idx + TS_LEN - 1) % TS_LEN;
        if (ts.time[prev] == now) {
            if (ms > ts.latency[prev]) ts.latency[prev] = ms;
            return;
        }
        ts.time[ts.idx] = now;
        ts.latency[ts.idx] = ms;
        ts.idx = (ts.idx + 1) % TS_LEN;
    }

    public Series series(String event) { return events.get(event); }

    public Map<String, Series> events() { return events; }

    public boolean isEmpty() { return events.isEmpty(); }

    /** LATENCY RESET: drops one event (any case, as strcasecmp) or all (null); how many were dropped. */
    public int reset(String event) {
        int n = 0;
        for (Iterator<String> it = events.keySet().iterator(); it.hasNext(); ) {
            String e = it.next();
            if (event == null || e.equalsIgnoreCase(event)) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    /** The samples a series holds, oldest first, as {time, latency} pairs. */
    public static long[][] samples(Series ts) {
        int n = 0;
        for (int t : ts.time) if (t != 0) n++;
        long[][] out = new long[n][];
        int k = 0;
        for (int j = 0; j < TS_LEN; j++) {
            int i = ts.slot(j);
            if (ts.time[i] != 0) out[k++] = new long[] {ts.time[i], ts.latency[i]};
        }
        return out;
    }

    /** The newest sample's time and latency (LATENCY LATEST). */
    public static long[] latest(Series ts) {
        int last = (ts.idx + TS_LEN - 1) % TS_LEN;
        return new long[] {ts.time[last], ts.latency[last]};
    }

    /** Sample count, average, mean absolute deviation and seconds covered, in Redis's integer arithmetic. */
    static Stats analyze(Series ts) {
        long samples = 0, sum = 0, oldest = 0;
        for (int j = 0; j < TS_LEN; j++) {
            if (ts.time[j] == 0) continue;
            samples++;
            sum += ts.latency[j];
            if (oldest == 0 || ts.time[j] < oldest) oldest = ts.time[j];
        }
        if (samples == 0) return new Stats(0, 0, 0, 0);
        long avg = sum / samples;
        long period = System.currentTimeMillis() / 1000 - oldest;
        if (period == 0) period = 1;
        long dev = 0;
        for (int j = 0; j < TS_LEN; j++) {
            if (ts.time[j] != 0) dev += Math.abs(avg - ts.latency[j]);
        }
        return new Stats(samples, avg, dev / samples, period);
    }
}
