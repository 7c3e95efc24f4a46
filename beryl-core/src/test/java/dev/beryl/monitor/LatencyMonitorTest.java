package dev.beryl.monitor;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The latency monitor's series, LATENCY GRAPH and DOCTOR, compared with what Redis 7.0.15 printed for the same samples. */
class LatencyMonitorTest {
    /** Samples of 10, 50 and 30 ms taken 3 s, 1 s and 0 s ago (DEBUG SLEEP 0.01, 0.05, 0.03 on Redis). */
    private static LatencyMonitor threeSpikes() {
        LatencyMonitor m = new LatencyMonitor();
        m.add("command", 1); // creates the series; replaced below
        LatencyMonitor.Series ts = m.series("command");
        int now = (int) (System.currentTimeMillis() / 1000);
        ts.time[0] = now - 3;
        ts.latency[0] = 10;
        ts.time[1] = now - 1;
        ts.latency[1] = 50;
        ts.time[2] = now;
        ts.latency[2] = 30;
        ts.idx = 3;
        ts.max = 50;
        return m;
    }

    @Test
    void graphAsRedisDrawsIt() {
        LatencyMonitor m = threeSpikes();
        assertEquals("""
                command - high 50 ms, low 10 ms (all time high 50 ms)
                --------------------------------------------------------------------------------
                 #\s
                 |_
                 ||
                _||
                  \s
                310
                sss
                """, LatencyGraph.render("command", m.series("command")));
    }

    @Test
    void doctorAsRedisWritesIt() {
        String report = LatencyReport.create(threeSpikes(), new LatencyReport.Settings(1, 10000, false, 10, 0));
        assertEquals("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n"
                + "1. command: 3 latency spikes (average 30ms, mean deviation 13ms, period 1.00 sec). Worst all time event 50ms.\n\n"
                + "I have a few advices for you:\n\n"
                + "- Your current Slow Log configuration only logs events that are slower than your configured latency monitor "
                + "threshold. Please use 'CONFIG SET slowlog-log-slower-than 1000'.\n"
                + "- Check your Slow Log to understand what are the commands you are running which are too slow to execute. "
                + "Please check https://redis.io/commands/slowlog for more information.\n"
                + "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you "
                + "have very large objects that are often deleted, expired, or evicted, try to fragment those objects into "
                + "multiple smaller objects.\n", report);
        assertEquals("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. "
                + "I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n",
                LatencyReport.create(new LatencyMonitor(), new LatencyReport.Settings(5, 10000, false, 10, 0)));
        assertEquals(true, LatencyReport.create(new LatencyMonitor(), new LatencyReport.Settings(0, 10000, false, 10, 0))
                .startsWith("I'm sorry, Dave, I can't do that."));
    }

    @Test
    void oneSamplePerSecondKeepsTheWorst() {
        LatencyMonitor m = new LatencyMonitor();
        m.add("expire-cycle", 5);
        m.add("expire-cycle", 9);
        m.add("expire-cycle", 7);
        LatencyMonitor.Series ts = m.series("expire-cycle");
        assertEquals(1, LatencyMonitor.samples(ts).length);
        assertEquals(9, LatencyMonitor.latest(ts)[1]);
        assertEquals(9, ts.max());
        assertEquals(1, m.reset("EXPIRE-CYCLE"));
        assertEquals(0, m.reset(null));
    }

    @Test
    void slowLogTrimsAsRedis() {
        byte[][] argv = new byte[40][];
        for (int i = 0; i < argv.length; i++) argv[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        argv[1] = "A".repeat(130).getBytes(StandardCharsets.US_ASCII);
        byte[][] t = SlowLog.trim(argv);
        assertEquals(32, t.length);
        assertEquals("A".repeat(128) + "... (2 more bytes)", new String(t[1], StandardCharsets.US_ASCII));
        assertEquals("... (9 more arguments)", new String(t[31], StandardCharsets.US_ASCII));
        assertArrayEquals(argv[30], t[30]);
        SlowLog log = new SlowLog();
        log.maxLen(2);
        for (int i = 0; i < 3; i++) log.push(new byte[][] {argv[i]}, i, "?:0", null);
        assertEquals(2, log.size());
        assertEquals(2, log.iterator().next().id());
    }
}
