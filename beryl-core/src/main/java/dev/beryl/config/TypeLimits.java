package dev.beryl.config;

import java.util.function.LongConsumer;

/**
 * The encoding thresholds of the collection types (hash-max-listpack-entries ...), read on every write: kept as
 * plain numbers here instead of parsing the settings each time, and refreshed when CONFIG SET changes them.
 */
public final class TypeLimits {
    private volatile long hashMaxListpackEntries;
    private volatile long hashMaxListpackValue;
    private volatile long setMaxIntsetEntries;
    private volatile long zsetMaxListpackEntries;
    private volatile long zsetMaxListpackValue;

    public TypeLimits(Config config) {
        bind(config, "hash-max-listpack-entries", v -> hashMaxListpackEntries = v);
        bind(config, "hash-max-listpack-value", v -> hashMaxListpackValue = v);
        bind(config, "set-max-intset-entries", v -> setMaxIntsetEntries = v);
        bind(config, "zset-max-listpack-entries", v -> zsetMaxListpackEntries = v);
        bind(config, "zset-max-listpack-value", v -> zsetMaxListpackValue = v);
    }

    private static void bind(Config config, String name, LongConsumer field) {
        field.accept(config.getLong(name));
        config.onChange(name, v -> field.accept(ConfigParam.parseMemory(v)));
    }

    public long hashMaxListpackEntries() { return hashMaxListpackEntries; }
    public long hashMaxListpackValue() { return hashMaxListpackValue; }
    public long setMaxIntsetEntries() { return setMaxIntsetEntries; }
    public long zsetMaxListpackEntries() { return zsetMaxListpackEntries; }
    public long zsetMaxListpackValue() { return zsetMaxListpackValue; }
}
