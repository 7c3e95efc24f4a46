package dev.beryl.config;

import dev.beryl.config.ConfigParam.Access;
import dev.beryl.config.ConfigParam.Kind;

import dev.beryl.resp.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The declared settings: only those Beryl honours, with Redis 7.0's names, defaults, validation and error
 * texts. Settings Beryl reads only at start (the number of databases) are immutable; port and bind are mutable,
 * the embedding that owns the listener applying them (net.ListenAddress).
 */
final class ConfigParams {
    private ConfigParams() {}

    static void declare(Config c) {
        c.declare(new ConfigParam("bind", "127.0.0.1", Access.MUTABLE, Kind.WORDS, ConfigParams::bind));
        c.declare(new ConfigParam("port", "6379", Access.MUTABLE, Kind.PLAIN, intRange(0, 65535)));
        c.declare(new ConfigParam("databases", "16", Access.IMMUTABLE, Kind.PLAIN, intRange(1, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("dir", "./data", Access.PROTECTED, Kind.STRING, c::resolveDir));
        c.declare(new ConfigParam("dbfilename", "dump.rdb", Access.PROTECTED, Kind.STRING, ConfigParams::dbfilename));
        // Redis accepts any non-negative hz and runs the cron at 1..500
        c.declare(new ConfigParam("hz", "10", Access.MUTABLE, Kind.PLAIN,
                v -> String.valueOf(Math.max(1, Math.min(500, parseInt(v, 0, Integer.MAX_VALUE))))));
        c.declare(new ConfigParam("maxclients", "10000", Access.MUTABLE, Kind.PLAIN, intRange(1, 4294967295L)));
        c.declare(new ConfigParam("timeout", "0", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        // protocol input limits (resp.InputLimits): a longer bulk is a protocol error, a bigger query buffer closes
        c.declare(new ConfigParam("proto-max-bulk-len", "536870912", Access.MUTABLE, Kind.MEMORY,
                memory(1024 * 1024, Long.MAX_VALUE)));
        c.declare(new ConfigParam("client-query-buffer-limit", "1073741824", Access.MUTABLE, Kind.MEMORY,
                v -> memory(1024 * 1024, Long.MAX_VALUE).apply(unsignedMemory().apply(v)))); // a size_t: no sign
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
        // Redis's hidden test setting: each key of a background save or rewrite waits this many µs (-N: 1 µs in N)
        c.declare(new ConfigParam("rdb-key-save-delay", "0", Access.MUTABLE, Kind.PLAIN,
                intRange(Integer.MIN_VALUE, Integer.MAX_VALUE)));
        // its counterpart for loading the RDB file at start
        c.declare(new ConfigParam("key-load-delay", "0", Access.MUTABLE, Kind.PLAIN,
                intRange(Integer.MIN_VALUE, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("list-compress-depth", "0", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        // the slow log and the latency monitor (dev.beryl.monitor)
        c.declare(new ConfigParam("latency-monitor-threshold", "0", Access.MUTABLE, Kind.PLAIN, intRange(0, Long.MAX_VALUE)));
        c.declare(new ConfigParam("slowlog-log-slower-than", "10000", Access.MUTABLE, Kind.PLAIN, intRange(-1, Long.MAX_VALUE)));
        c.declare(new ConfigParam("slowlog-max-len", "128", Access.MUTABLE, Kind.PLAIN, intRange(0, Long.MAX_VALUE)));
        // INFO latencystats: per-command latency histograms and the percentiles it reports
        c.declare(new ConfigParam("latency-tracking", "yes", Access.MUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("tracking-table-max-keys", "1000000", Access.MUTABLE, Kind.PLAIN, intRange(0, Long.MAX_VALUE)));
        c.declare(new ConfigParam("latency-tracking-info-percentiles", "50 99 99.9", Access.MUTABLE, Kind.WORDS,
                ConfigParams::percentiles));
        declareServerSettings(c);
        declareAcceptedSettings(c);
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

    /** Settings of the process, which the beryl-server launcher honours (Liberty has its own equivalents). */
    private static void declareServerSettings(Config c) {
        c.declare(new ConfigParam("daemonize", "no", Access.IMMUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("always-show-logo", "no", Access.IMMUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("logfile", "", Access.IMMUTABLE, Kind.STRING, Function.identity()));
        c.declare(new ConfigParam("pidfile", "", Access.IMMUTABLE, Kind.STRING, Function.identity()));
        c.declare(new ConfigParam("unixsocket", "", Access.IMMUTABLE, Kind.STRING, Function.identity()));
        c.declare(new ConfigParam("unixsocketperm", "0", Access.IMMUTABLE, Kind.PLAIN, ConfigParams::octalPermissions));
        c.declare(new ConfigParam("tcp-backlog", "511", Access.IMMUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        // the default user's password (acl.Users) and Redis's refusal of remote clients while it has none
        c.declare(new ConfigParam("requirepass", "", Access.MUTABLE, Kind.STRING, Function.identity()));
        c.declare(new ConfigParam("protected-mode", "yes", Access.MUTABLE, Kind.PLAIN, yesNo()));
    }

    /**
     * Redis 7.0 settings whose feature Beryl does not have yet (replication, keyspace events, latency monitor ...):
     * declared with Redis's defaults and validation so that Redis config files and CONFIG GET/SET work, the value
     * is kept and reported, and it changes nothing (docs/compatibility.md lists them).
     */
    private static void declareAcceptedSettings(Config c) {
        c.declare(new ConfigParam("activerehashing", "yes", Access.MUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("no-appendfsync-on-rewrite", "no", Access.MUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("aof-timestamp-enabled", "no", Access.MUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("crash-memcheck-enabled", "yes", Access.MUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("repl-diskless-sync", "yes", Access.MUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("replica-serve-stale-data", "yes", Access.MUTABLE, Kind.PLAIN, yesNo())
                .alias("slave-serve-stale-data"));
        c.declare(new ConfigParam("replica-read-only", "yes", Access.MUTABLE, Kind.PLAIN, yesNo()).alias("slave-read-only"));
        c.declare(new ConfigParam("notify-keyspace-events", "", Access.MUTABLE, Kind.STRING, ConfigParams::keyspaceEvents));
        c.declare(new ConfigParam("enable-module-command", "no", Access.IMMUTABLE, Kind.PLAIN, enumOf("no", "yes", "local")));
        c.declare(new ConfigParam("propagation-error-behavior", "ignore", Access.MUTABLE, Kind.PLAIN,
                enumOf("ignore", "panic", "panic-on-replicas")));
        c.declare(new ConfigParam("oom-score-adj", "no", Access.MUTABLE, Kind.PLAIN, enumOf("no", "yes", "relative", "absolute")));
        c.declare(new ConfigParam("repl-diskless-sync-delay", "5", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("repl-ping-replica-period", "10", Access.MUTABLE, Kind.PLAIN, intRange(1, Integer.MAX_VALUE))
                .alias("repl-ping-slave-period"));
        c.declare(new ConfigParam("repl-backlog-size", "1mb", Access.MUTABLE, Kind.MEMORY, memory(1, Long.MAX_VALUE)));
        c.declare(new ConfigParam("repl-backlog-ttl", "3600", Access.MUTABLE, Kind.PLAIN, intRange(0, Long.MAX_VALUE)));
        c.declare(new ConfigParam("repl-timeout", "60", Access.MUTABLE, Kind.PLAIN, intRange(1, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("shutdown-timeout", "10", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("busy-reply-threshold", "5000", Access.MUTABLE, Kind.PLAIN, intRange(0, Long.MAX_VALUE))
                .alias("lua-time-limit"));
        // Beryl's listener answers -LOADING all along a load, not between chunks of this size
        c.declare(new ConfigParam("loading-process-events-interval-bytes", "2097152", Access.MUTABLE, Kind.PLAIN,
                intRange(1024, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("tcp-keepalive", "300", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        // the rest of the settings of Debian's stock /etc/redis/redis.conf, so that it loads as it is
        for (String[] b : new String[][] {{"aof-rewrite-incremental-fsync", "yes"}, {"dynamic-hz", "yes"},
                {"jemalloc-bg-thread", "yes"}, {"lazyfree-lazy-eviction", "no"}, {"lazyfree-lazy-expire", "no"},
                {"lazyfree-lazy-server-del", "no"}, {"lazyfree-lazy-user-del", "no"}, {"lazyfree-lazy-user-flush", "no"},
                {"rdb-del-sync-files", "no"}, {"rdb-save-incremental-fsync", "yes"}, {"repl-disable-tcp-nodelay", "no"},
                {"stop-writes-on-bgsave-error", "yes"}}) {
            c.declare(new ConfigParam(b[0], b[1], Access.MUTABLE, Kind.PLAIN, yesNo()));
        }
        c.declare(new ConfigParam("replica-lazy-flush", "no", Access.MUTABLE, Kind.PLAIN, yesNo()).alias("slave-lazy-flush"));
        c.declare(new ConfigParam("disable-thp", "yes", Access.IMMUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("set-proc-title", "yes", Access.IMMUTABLE, Kind.PLAIN, yesNo()));
        c.declare(new ConfigParam("proc-title-template", "{title} {listen-addr} {server-mode}", Access.MUTABLE, Kind.STRING,
                Function.identity()));
        c.declare(new ConfigParam("repl-diskless-load", "disabled", Access.MUTABLE, Kind.PLAIN,
                enumOf("disabled", "on-empty-db", "swapdb")));
        c.declare(new ConfigParam("repl-diskless-sync-max-replicas", "0", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE)));
        c.declare(new ConfigParam("replica-priority", "100", Access.MUTABLE, Kind.PLAIN, intRange(0, Integer.MAX_VALUE))
                .alias("slave-priority"));
        c.declare(new ConfigParam("acllog-max-len", "128", Access.MUTABLE, Kind.PLAIN, intRange(0, Long.MAX_VALUE)));
        c.declare(new ConfigParam("hll-sparse-max-bytes", "3000", Access.MUTABLE, Kind.MEMORY, memory(0, Long.MAX_VALUE)));
        c.declare(new ConfigParam("stream-node-max-bytes", "4096", Access.MUTABLE, Kind.MEMORY, memory(0, Long.MAX_VALUE)));
        c.declare(new ConfigParam("stream-node-max-entries", "100", Access.MUTABLE, Kind.PLAIN, intRange(0, Long.MAX_VALUE)));
        c.declare(new ConfigParam("oom-score-adj-values", "0 200 800", Access.MUTABLE, Kind.WORDS, ConfigParams::oomScores));
        c.declare(new ConfigParam("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
                Access.MUTABLE, Kind.WORDS, v -> outputBufferLimits(c, v)));
    }

    /** oom-score-adj-values: three scores from -2000 to 2000. */
    private static String oomScores(String v) {
        String[] w = v.strip().split("\\s+");
        if (w.length != 3) throw new IllegalArgumentException("Invalid oom-score-adj-values");
        StringBuilder b = new StringBuilder();
        for (String x : w) {
            long n;
            try {
                n = Long.parseLong(x);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid oom-score-adj-values");
            }
            if (n < -2000 || n > 2000) throw new IllegalArgumentException("Invalid oom-score-adj-values");
            b.append(b.length() == 0 ? "" : " ").append(n);
        }
        return b.toString();
    }

    /**
     * client-output-buffer-limit: groups of class (normal, replica/slave, pubsub), hard and soft limit, seconds; a
     * value changes only the classes it names, as Redis's, and is shown as Redis's CONFIG GET shows it.
     */
    private static String outputBufferLimits(Config c, String v) {
        String[] w = v.strip().split("\\s+");
        if (w.length % 4 != 0) throw new IllegalArgumentException("Wrong number of arguments in buffer limit configuration.");
        ConfigParam current = c.param("client-output-buffer-limit");
        String[] cur = (current == null ? "normal 0 0 0 slave 0 0 0 pubsub 0 0 0" : current.value()).split(" ");
        for (int j = 0; j < w.length; j += 4) {
            String cls = w[j].toLowerCase(Locale.ROOT);
            int at = switch (cls) {
                case "normal" -> 0;
                case "replica", "slave" -> 4;
                case "pubsub" -> 8;
                default -> throw new IllegalArgumentException("Invalid client class specified in buffer limit configuration.");
            };
            long hard, soft, seconds;
            try {
                hard = ConfigParam.parseMemory(w[j + 1]);
                soft = ConfigParam.parseMemory(w[j + 2]);
                seconds = Long.parseLong(w[j + 3]);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            if (hard < 0 || soft < 0 || seconds < 0) {
                throw new IllegalArgumentException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            cur[at + 1] = String.valueOf(hard);
            cur[at + 2] = String.valueOf(soft);
            cur[at + 3] = String.valueOf(seconds);
        }
        return String.join(" ", cur);
    }

    /** unixsocketperm: an octal number up to 0777, shown in octal as Redis's OCTAL_CONFIG. */
    private static String octalPermissions(String v) {
        long n;
        try {
            n = Long.parseLong(v, 8);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
        if (n < 0 || n > 0777) throw new IllegalArgumentException("argument must be between 0 and 511 inclusive");
        return Long.toOctalString(n);
    }

    /**
     * notify-keyspace-events: Redis's class letters, stored as Redis prints them back (keyspaceEventsFlagsToString,
     * which leaves out 'n' after 'A').
     */
    private static String keyspaceEvents(String v) {
        String all = "g$lshzxetd";
        boolean[] on = new boolean[128];
        for (char ch : v.toCharArray()) {
            if (ch == 'A') {
                for (char a : all.toCharArray()) on[a] = true;
            } else if (ch < 128 && "g$lshzxeKEtmdn".indexOf(ch) >= 0) {
                on[ch] = true;
            } else {
                throw new IllegalArgumentException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            }
        }
        StringBuilder b = new StringBuilder();
        boolean every = true;
        for (char a : all.toCharArray()) every &= on[a];
        if (every) b.append('A');
        else for (char a : "g$lshzxetdn".toCharArray()) if (on[a]) b.append(a);
        for (char a : "KEm".toCharArray()) if (on[a]) b.append(a);
        return b.toString();
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

    /** Redis's latency-tracking-info-percentiles: numbers in [0, 100], stored as "%f" with trailing zeros cut. */
    private static String percentiles(String v) {
        StringBuilder b = new StringBuilder();
        for (String w : v.strip().split("\\s+")) {
            if (w.isEmpty()) continue; // "" is the empty list
            Double d = Numbers.parseDouble(w.getBytes(StandardCharsets.US_ASCII));
            if (d == null) throw new IllegalArgumentException("Invalid latency-tracking-info-percentiles parameters");
            if (d < 0 || d > 100) {
                throw new IllegalArgumentException("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            if (b.length() > 0) b.append(' ');
            b.append(Numbers.stripZeros(String.format(Locale.ROOT, "%f", d)));
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
