package dev.beryl.persistence;

import dev.beryl.config.Config;

/**
 * The settings that decide the encoding of a loaded value, read once per load (or RESTORE): Redis converts a
 * loaded value the same way a write would, with the thresholds in force when it loads.
 */
record LoadSettings(long hashMaxListpackEntries, long hashMaxListpackValue, long setMaxIntsetEntries,
                    int listMaxListpackSize, int listCompressDepth, long zsetMaxListpackEntries,
                    long zsetMaxListpackValue, boolean shareIntegers) {

    static LoadSettings of(Config c) {
        return new LoadSettings(c.getLong("hash-max-listpack-entries"), c.getLong("hash-max-listpack-value"),
                c.getLong("set-max-intset-entries"), c.getInt("list-max-listpack-size"),
                c.getInt("list-compress-depth"), c.getLong("zset-max-listpack-entries"),
                c.getLong("zset-max-listpack-value"), sharesIntegers(c));
    }

    /** Redis shares the integers 0..9999 unless the eviction policy needs per-key access times. */
    private static boolean sharesIntegers(Config c) {
        if (c.getLong("maxmemory") == 0) return true;
        String policy = c.get("maxmemory-policy");
        return !policy.endsWith("-lru") && !policy.endsWith("-lfu");
    }
}
