package dev.beryl.config;

import dev.beryl.config.ConfigParam.Access;
import dev.beryl.config.ConfigParam.Kind;

import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The declared settings: only those Beryl honours, with Redis 7.0's names, defaults, validation and error
 * texts. Settings Beryl reads only at start (the listener's address, the number of databases) are immutable.
 */
final class ConfigParams {
    private ConfigParams() {}

    static void declare(Config c) {
        c.declare(new ConfigParam("bind", "127.0.0.1", Access.IMMUTABLE, Kind.WORDS, ConfigParams::bind));
        c.declare(new ConfigParam("port", "6379", Access.IMMUTABLE, Kind.PLAIN, intRange(0, 65535)));
        c.declare(new ConfigParam("databases", "16", Access.IMMUTABLE, Kind.PLAIN, intRange(1, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("dir", "./data", Access.PROTECTED, Kind.STRING, Function.identity()));
        c.declare(new ConfigParam("dbfilename", "dump.rdb", Access.PROTECTED, Kind.STRING, ConfigParams::dbfilename));
        // Redis accepts any non-negative hz and runs the cron at 1..500
        c.declare(new ConfigParam("hz", "10", Access.MUTABLE, Kind.PLAIN,
                v -> String.valueOf(Math.max(1, Math.min(500, parseInt(v, 0, Integer.MAX_VALUE))))));
        c.declare(new ConfigParam("maxclients", "10000", Access.MUTABLE, Kind.PLAIN, intRange(1, 4294967295L)));
        c.declare(new ConfigParam("timeout", "0", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("proto-max-bulk-len", "536870912", Access.MUTABLE, Kind.MEMORY,
                memory(1024 * 1024, Long.MAX_VALUE)));
        c.declare(new ConfigParam("maxmemory", "0", Access.MUTABLE, Kind.MEMORY, unsignedMemory()));
        c.declare(new ConfigParam("maxmemory-policy", "noeviction", Access.MUTABLE, Kind.PLAIN, enumOf("volatile-lru",
                "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random",
                "noeviction")));
        c.declare(new ConfigParam("lfu-log-factor", "10", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("lfu-decay-time", "1", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("loglevel", "notice", Access.MUTABLE, Kind.PLAIN,
                enumOf("debug", "verbose", "notice", "warning")));
        c.declare(new ConfigParam("enable-debug-command", "no", Access.IMMUTABLE, Kind.PLAIN, enumOf("no", "yes", "local")));
        c.declare(new ConfigParam("enable-protected-configs", "no", Access.IMMUTABLE, Kind.PLAIN, enumOf("no", "yes", "local")));
        c.declare(new ConfigParam("hash-max-listpack-entries", "512", Access.MUTABLE, Kind.PLAIN,
                intRange(0, Long.MAX_VALUE)).alias("hash-max-ziplist-entries"));
        c.declare(new ConfigParam("hash-max-listpack-value", "64", Access.MUTABLE, Kind.MEMORY, unsignedMemory())
                .alias("hash-max-ziplist-value"));
        c.declare(new ConfigParam("zset-max-listpack-entries", "128", Access.MUTABLE, Kind.PLAIN,
                intRange(0, Long.MAX_VALUE)).alias("zset-max-ziplist-entries"));
        c.declare(new ConfigParam("zset-max-listpack-value", "64", Access.MUTABLE, Kind.MEMORY, unsignedMemory())
                .alias("zset-max-ziplist-value"));
        c.declare(new ConfigParam("set-max-intset-entries", "512", Access.MUTABLE, Kind.PLAIN, intRange(0, Long.MAX_VALUE)));
        c.declare(new ConfigParam("rdbcompression", "yes", Access.MUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("rdbchecksum", "yes", Access.IMMUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("save", "3600 1 300 100 60 10000", Access.MUTABLE, Kind.WORDS, ConfigParams::savePoints));
        c.declare(new ConfigParam("appendonly", "no", Access.MUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("appendfsync", "everysec", Access.MUTABLE, Kind.PLAIN, enumOf("everysec", "always", "no")));
        c.declare(new ConfigParam("appendfilename", "appendonly.aof", Access.IMMUTABLE, Kind.STRING, ConfigParams::fileName));
        c.declare(new ConfigParam("appenddirname", "appendonlydir", Access.IMMUTABLE, Kind.STRING, ConfigParams::fileName));
        c.declare(new ConfigParam("aof-load-truncated", "yes", Access.MUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("aof-use-rdb-preamble", "yes", Access.MUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("auto-aof-rewrite-percentage", "100", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("auto-aof-rewrite-min-size", "64mb", Access.MUTABLE, Kind.MEMORY, unsignedMemory()));
        // lists take these when created: node size (negative: 4..64 KB, positive: elements) and nodes kept raw
        c.declare(new ConfigParam("list-max-listpack-size", "-2", Access.MUTABLE, Kind.PLAIN,
                intRange(Integer.MIN_VALUE, Integer.MAX_VALUE)).alias("list-max-ziplist-size"));
        c.declare(new ConfigParam("list-compress-depth", "0", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        // Redis checks the structure of a RESTORE payload's (or RDB file's) listpacks, intsets ... in depth only
        // when asked, and may crash later on a corrupt one it let in. Beryl always checks in depth, whatever
        // this says: its collections are read trusting that structure. Kept so that configurations carry over.
        c.declare(new ConfigParam("sanitize-dump-payload", "no", Access.MUTABLE, Kind.PLAIN, enumOf("no", "yes", "clients")));
        // Redis exits instead of aborting on a failed assertion with this; Beryl never aborts on one: a failed
        // check is an error reply, and the server carries on. Accepted for the configurations that set it.
        c.declare(new ConfigParam("use-exit-on-panic", "no", Access.MUTABLE, Kind.PLAIN, yesNo()).hidden());
        c.onChange("loglevel", ConfigParams::applyLogLevel);
        applyLogLevel(c.get("loglevel"));
    }

    /** Redis's verbosity mapped onto the java.util.logging levels Beryl logs with. */
    private static void applyLogLevel(String level) {
        Level l = switch (level) {
            case "debug" -> Level.FINE;
            case "verbose" -> Level.CONFIG;
            case "notice" -> Level.INFO;
            default -> Level.WARNING;
        };
        Logger.getLogger("dev.beryl").setLevel(l);
    }

    private static String bind(String v) {
        String[] addrs = v.trim().split("\\s+");
        if (addrs.length > 16) throw new IllegalArgumentException("Too many bind addresses specified.");
        return String.join(" ", addrs);
    }

    /**
     * Redis's setConfigSaveOption: "" for none, else pairs of seconds (at least 1) and changes (at least 0);
     * stored as Redis prints them back.
     */
    private static String savePoints(String v) {
        String t = v.strip();
        if (t.isEmpty()) return "";
        String[] w = t.split("\\s+");
        if (w.length % 2 != 0) throw new IllegalArgumentException("Invalid save parameters");
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < w.length; j++) {
            long n;
            try {
                n = Long.parseLong(w[j]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid save parameters");
            }
            if (n < (j % 2 == 0 ? 1 : 0)) throw new IllegalArgumentException("Invalid save parameters");
            if (j > 0) b.append(' ');
            b.append(j % 2 == 0 ? n : (int) n); // Redis keeps the changes in an int
        }
        return b.toString();
    }

    private static String dbfilename(String v) {
        if (v.contains("/") || v.contains("\\")) throw new IllegalArgumentException("dbfilename can't be a path, just a filename");
        return v;
    }

    /** appendfilename, appenddirname: names inside dir, as Redis's isValidAOFfilename / isValidAOFdirname. */
    private static String fileName(String v) {
        if (v.isEmpty() || v.contains("/") || v.contains("\\") || v.equals(".") || v.equals("..")) {
            throw new IllegalArgumentException("appendfilename can't be a path, just a filename");
        }
        return v;
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
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("argument must be a memory value");
            }
            if (n < min || n > max) throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
            return String.valueOf(n);
        };
    }

    /** Redis's unsigned memory settings (memtoull) refuse a sign rather than range-check it. */
    static Function<String, String> unsignedMemory() {
        Function<String, String> m = memory(0, Long.MAX_VALUE);
        return v -> {
            if (v.startsWith("-") || v.startsWith("+")) throw new IllegalArgumentException("argument must be a memory value");
            return m.apply(v);
        };
    }

    /** Redis's bool settings: yes or no, any case. */
    static Function<String, String> yesNo() {
        return v -> {
            String l = v.toLowerCase(Locale.ROOT);
            if (l.equals("yes") || l.equals("no")) return l;
            throw new IllegalArgumentException("argument must be 'yes' or 'no'");
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
