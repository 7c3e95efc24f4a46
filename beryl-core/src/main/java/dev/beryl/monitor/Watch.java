package dev.beryl.monitor;

import dev.beryl.command.CommandFlag;
import dev.beryl.command.CommandSpec;
import dev.beryl.config.Config;
import dev.beryl.engine.Client;

import java.nio.charset.StandardCharsets;

/**
 * Watching the server: the slow log, the latency monitor and the MONITOR clients, fed from one hook after every
 * command (Redis's call()). The engine asks {@link #wants} with the command's duration, a single comparison:
 * only a call at or above the lowest threshold in force goes further, or every call while a MONITOR client
 * listens or the call hid an argument ({@link #redact}). Engine thread only.
 */
public final class Watch {
    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    private final Config config;
    private final SlowLog slowLog = new SlowLog();
    private final LatencyMonitor latency = new LatencyMonitor();
    private final MonitorFeed monitors = new MonitorFeed();
    /** slowlog-log-slower-than (µs, negative: off) and latency-monitor-threshold (ms, 0: off). */
    private long slowerThanUs, latencyThresholdMs;
    /** The shortest call (µs) the hook looks at. */
    private long triggerUs = Long.MAX_VALUE;
    /** The arguments of the running call as logged and monitored, with sensitive ones replaced; null if none are. */
    private byte[][] redactedOf, redacted;

    public Watch(Config config) {
        this.config = config;
        slowerThanUs = config.getLong("slowlog-log-slower-than");
        latencyThresholdMs = config.getLong("latency-monitor-threshold");
        slowLog.maxLen(config.getLong("slowlog-max-len"));
        config.onChange("slowlog-log-slower-than", v -> {
            slowerThanUs = Long.parseLong(v);
            settingsChanged();
        });
        config.onChange("slowlog-max-len", v -> {
            slowLog.maxLen(Long.parseLong(v));
            settingsChanged();
        });
        config.onChange("latency-monitor-threshold", v -> {
            latencyThresholdMs = Long.parseLong(v);
            settingsChanged();
        });
        updateTrigger();
    }

    private void settingsChanged() {
        // Redis trims the log on the push attempt of every command, this CONFIG SET's included
        if (slowerThanUs >= 0) slowLog.trim();
        updateTrigger();
    }

    private void updateTrigger() {
        if (!monitors.isEmpty() || redactedOf != null) {
            triggerUs = 0;
            return;
        }
        long t = slowerThanUs >= 0 ? slowerThanUs : Long.MAX_VALUE;
        if (latencyThresholdMs > 0) t = Math.min(t, latencyThresholdMs * 1000);
        triggerUs = t;
    }

    /** Whether a call of this many µs is to be looked at by {@link #afterCall}: the whole cost on the hot path. */
    public boolean wants(long us) {
        return us >= triggerUs;
    }

    /**
     * A command has run (Redis's call() after the command): its latency event, its slow log entry (when it did not
     * block: it is logged once served), and its line for the MONITOR clients unless it is an admin command.
     */
    public void afterCall(Client c, CommandSpec spec, byte[][] argv, long us) {
        byte[][] shown = argv;
        if (redactedOf == argv) {
            shown = redacted;
            redactedOf = redacted = null;
            updateTrigger();
        }
        if (c.engine().isLoading()) return; // the AOF replayed at start is not watched, as Redis's is not
        latencySample(spec.has(CommandFlag.FAST) ? "fast-command" : "command", us / 1000);
        if (!c.isBlocked()) slowLogPush(c, spec, shown, us);
        if (!monitors.isEmpty() && !spec.has(CommandFlag.SKIP_MONITOR) && !spec.has(CommandFlag.ADMIN)) {
            monitors.feed(c, shown);
        }
    }

    /**
     * A blocked command was served, timed out or unblocked (Redis's updateStatsOnUnblock): logged now with its
     * call's and its reply's time; the reply's is the "command-unblocking" event.
     */
    public void afterUnblocked(Client c, CommandSpec spec, byte[][] argv, long us, long replyUs) {
        slowLogPush(c, spec, argv, us);
        latencySample("command-unblocking", replyUs / 1000);
    }

    private void slowLogPush(Client c, CommandSpec spec, byte[][] argv, long us) {
        if (spec.has(CommandFlag.SKIP_SLOWLOG) || slowerThanUs < 0) return;
        if (us >= slowerThanUs) slowLog.push(argv, us, peerId(c), c.name());
    }

    /** Whether the latency monitor is on, for callers that time an event only then (Redis's latencyStartMonitor). */
    public boolean latencyMonitored() {
        return latencyThresholdMs > 0;
    }

    /** Records an event's latency if the monitor is on and it reaches the threshold (latencyAddSampleIfNeeded). */
    public void latencySample(String event, long ms) {
        if (latencyThresholdMs > 0 && ms >= latencyThresholdMs) latency.add(event, ms);
    }

    /**
     * Hides an argument of the running command from the slow log and MONITOR (Redis's redactClientCommandArgument):
     * passwords of AUTH, HELLO and MIGRATE.
     */
    public void redact(byte[][] argv, int index) {
        if (redactedOf != argv) {
            redactedOf = argv;
            redacted = argv.clone();
        }
        redacted[index] = REDACTED;
        triggerUs = 0; // this call reaches afterCall, which drops the copy
    }

    // ---- MONITOR

    /** Makes the client a MONITOR client; false if it already is one. */
    public boolean startMonitor(Client c) {
        if (monitors.contains(c)) return false;
        monitors.add(c);
        updateTrigger();
        return true;
    }

    /** The client no longer monitors (RESET, closed). */
    public void stopMonitor(Client c) {
        if (monitors.remove(c)) updateTrigger();
    }

    /**
     * Whether a command reads or changes keys, which a replica may not run: Redis's MONITOR makes a client one
     * (as does SYNC), and the engine refuses such commands to it.
     */
    public static boolean touchesKeyspace(CommandSpec spec) {
        return spec.has(CommandFlag.READONLY) || spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE);
    }

    public boolean isMonitor(Client c) {
        return !monitors.isEmpty() && monitors.contains(c);
    }

    // ---- for SLOWLOG and LATENCY

    public SlowLog slowLog() { return slowLog; }

    public LatencyMonitor latency() { return latency; }

    /** LATENCY DOCTOR's text. */
    public String latencyReport() {
        return LatencyReport.create(latency, new LatencyReport.Settings(latencyThresholdMs, slowerThanUs,
                "always".equals(config.get("appendfsync")), config.getInt("hz"), LatencyReport.anonHugePages()));
    }

    /** LATENCY GRAPH's text for an event that has samples. */
    public static String latencyGraph(String event, LatencyMonitor.Series ts) {
        return LatencyGraph.render(event, ts);
    }

    /** The client's address as the slow log shows it: "?:0" without a connection, as Redis's clients without one. */
    static String peerId(Client c) {
        return c.isInternal() ? "?:0" : c.addr();
    }
}
