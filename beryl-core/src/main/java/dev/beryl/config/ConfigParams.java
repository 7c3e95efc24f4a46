package dev.beryl.config;

import java.util.Locale;
import java.util.function.Function;

/** The declared settings, with Redis 7.0's defaults and validation. */
final class ConfigParams {
    private ConfigParams() {}

    static void declare(Config c) {
        c.declare(new ConfigParam("bind", "127.0.0.1", false, Function.identity()));
        c.declare(new ConfigParam("port", "6379", false, intRange(0, 65535)));
        c.declare(new ConfigParam("databases", "16", false, intRange(1, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("dir", "./data", true, Function.identity()));
        c.declare(new ConfigParam("dbfilename", "dump.rdb", true, Function.identity()));
        c.declare(new ConfigParam("hz", "10", true, v -> String.valueOf(Math.max(1, Math.min(500, parseInt(v, 0, Integer.MAX_VALUE))))));
        c.declare(new ConfigParam("maxclients", "10000", true, intRange(1, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("timeout", "0", true, intRange(0, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("proto-max-bulk-len", "536870912", true, memory(1024 * 1024, Long.MAX_VALUE)));
        c.declare(new ConfigParam("enable-debug-command", "yes", false, enumOf("yes", "no", "local")));
        c.declare(new ConfigParam("maxmemory-policy", "noeviction", true, enumOf("volatile-lru", "volatile-lfu",
                "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction")));
        c.declare(new ConfigParam("lfu-log-factor", "10", true, intRange(0, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("lfu-decay-time", "1", true, intRange(0, Integer.MAX_VALUE)));
    }

    static Function<String, String> intRange(long min, long max) {
        return v -> String.valueOf(parseInt(v, min, max));
    }

    static long parseInt(String v, long min, long max) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
        if (n < min || n > max) throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
        return n;
    }

    static Function<String, String> memory(long min, long max) {
        return v -> {
            long n;
            try {
                n = ConfigParam.parseMemory(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("argument must be a memory value");
            }
            if (n < min || n > max) throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
            return String.valueOf(n);
        };
    }

    static Function<String, String> enumOf(String... allowed) {
        return v -> {
            String l = v.toLowerCase(Locale.ROOT);
            for (String a : allowed) if (a.equals(l)) return a;
            throw new IllegalArgumentException("argument(s) must be one of the following: " + String.join(", ", allowed));
        };
    }
}
