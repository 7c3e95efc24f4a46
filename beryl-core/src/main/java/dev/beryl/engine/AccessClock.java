package dev.beryl.engine;

import dev.beryl.config.Config;

/**
 * What a key's access clock ({@link Dict.Node#lru}) holds, as Redis's evict.c keeps it in an object's 24 lru
 * bits: under an LRU-style maxmemory-policy the second of the last access, under an LFU policy the minute of the
 * last decrement (16 bits) and a logarithmic access counter (8 bits). OBJECT IDLETIME and OBJECT FREQ read it
 * back; {@link Database} refreshes it on every lookup that touches a key.
 */
public final class AccessClock {
    private static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    /** New keys start above zero so they can gather a few hits before they look coldest. */
    private static final int LFU_INIT_VAL = 5;

    private final Engine engine;
    private boolean lfu;
    private int logFactor;
    private int decayTime;

    AccessClock(Engine engine) {
        this.engine = engine;
        Config config = engine.config();
        lfu = isLfu(config.get("maxmemory-policy"));
        logFactor = config.getInt("lfu-log-factor");
        decayTime = config.getInt("lfu-decay-time");
        config.onChange("maxmemory-policy", v -> lfu = isLfu(v));
        config.onChange("lfu-log-factor", v -> logFactor = Integer.parseInt(v));
        config.onChange("lfu-decay-time", v -> decayTime = Integer.parseInt(v));
    }

    private static boolean isLfu(String policy) {
        return policy.endsWith("-lfu");
    }

    /** True when an LFU maxmemory-policy is selected: the clock then counts frequency, not idle time. */
    public boolean lfu() { return lfu; }

    /** The clock of a newly created value. */
    int fresh() {
        return lfu ? (minutes() << 8) | LFU_INIT_VAL : lruNow();
    }

    /** The clock after an access to a value whose clock was {@code old}. */
    int touched(int old) {
        if (!lfu) return lruNow();
        return (minutes() << 8) | logIncrement(frequency(old));
    }

    /**
     * Redis's objectSetLRUOrLFU for a value loaded or restored with an LFU counter or an idle time in seconds
     * (-1 when absent): the counter under an LFU policy, the idle time otherwise; {@code current} when the one
     * that applies is absent.
     */
    public int restored(int current, long idleSeconds, int frequency) {
        if (lfu) return frequency >= 0 ? (minutes() << 8) | frequency : current;
        if (idleSeconds < 0) return current;
        long abs = lruNow() - idleSeconds;
        if (abs < 0) abs += LRU_CLOCK_MAX; // the clock wraps: an old access lands near its top
        return (int) (abs & LRU_CLOCK_MAX);
    }

    /** Seconds since the last access, for an LRU clock value (OBJECT IDLETIME). */
    public long idleSeconds(int lru) {
        int now = lruNow();
        return now >= lru ? now - lru : now + (LRU_CLOCK_MAX - lru);
    }

    /** The access counter of an LFU clock value after the decay due since it was last decremented (OBJECT FREQ). */
    public int frequency(int lru) {
        int counter = lru & 255;
        int periods = decayTime == 0 ? 0 : minutesSince(lru >>> 8) / decayTime;
        return periods >= counter ? 0 : counter - periods;
    }

    private int logIncrement(int counter) {
        if (counter == 255) return 255;
        double base = Math.max(0, counter - LFU_INIT_VAL);
        double p = 1.0 / (base * logFactor + 1);
        return engine.random().nextDouble() < p ? counter + 1 : counter;
    }

    private int lruNow() {
        return (int) ((engine.commandTimeMs() / 1000) & LRU_CLOCK_MAX);
    }

    /** Unix time in minutes, 16 bits: wraps about every 45 days, as in Redis. */
    private int minutes() {
        return (int) ((engine.commandTimeMs() / 60_000) & 65535);
    }

    private int minutesSince(int then) {
        int now = minutes();
        return now >= then ? now - then : 65535 - then + now;
    }
}
