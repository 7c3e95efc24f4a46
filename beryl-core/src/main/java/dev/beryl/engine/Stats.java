package dev.beryl.engine;

import java.util.HashMap;
import java.util.Map;

/** Server-wide counters reported by INFO stats; touched only on the engine thread. */
public final class Stats {
    public long startTimeMs = System.currentTimeMillis();
    public long totalConnections;
    public long rejectedConnections;
    public long totalCommands;
    public long keyspaceHits;
    public long keyspaceMisses;
    public long expiredKeys;
    public long expiredStalePerc;
    public long expireCycleTimeUsed;
    public long evictedKeys;
    public long totalErrorReplies;
    public long netInputBytes;
    public long netOutputBytes;
    /** Changes since the last save (Redis's server.dirty). */
    public long dirty;
    /** Highest used_memory seen by INFO (Redis's stat_peak_memory). */
    public long peakMemory;
    /** Unix seconds of the last successful save; the start time until one happens (Redis's server.lastsave). */
    public long lastSaveSec = startTimeMs / 1000;
    /** SAVE calls (INFO rdb_saves). */
    public long rdbSaves;
    /** Keys the last RDB load added, and those it skipped as expired (INFO rdb_last_load_keys_*). */
    public long lastLoadKeysLoaded;
    public long lastLoadKeysExpired;
    /** Clients waiting in a blocking command (INFO blocked_clients); kept by the blocking machinery. */
    public int blockedClients;
    /** Rates for INFO stats, sampled every 100 ms by the cron. */
    public final InstantMetric opsPerSec = new InstantMetric();
    public final InstantMetric inputBytesPerSec = new InstantMetric();
    public final InstantMetric outputBytesPerSec = new InstantMetric();
    private long lastSampleMs;

    /** Error replies counted by their code ("ERR", "WRONGTYPE"), for INFO errorstats. */
    public final Map<String, Long> errorCodes = new HashMap<>();

    /** Called from the cron: takes a sample of the instantaneous metrics every 100 ms, as Redis does. */
    void sampleRates(long nowMs) {
        if (nowMs - lastSampleMs < 100) return;
        lastSampleMs = nowMs;
        opsPerSec.sample(nowMs, totalCommands);
        inputBytesPerSec.sample(nowMs, netInputBytes);
        outputBytesPerSec.sample(nowMs, netOutputBytes);
    }

    public void reset() {
        totalConnections = rejectedConnections = totalCommands = 0;
        keyspaceHits = keyspaceMisses = expiredKeys = expiredStalePerc = expireCycleTimeUsed = evictedKeys = 0;
        totalErrorReplies = netInputBytes = netOutputBytes = peakMemory = 0;
        errorCodes.clear();
        opsPerSec.reset();
        inputBytesPerSec.reset();
        outputBytesPerSec.reset();
    }
}
