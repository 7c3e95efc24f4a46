package dev.beryl.commands;

import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.command.LatencyHistogram;
import dev.beryl.config.Config;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Engine;
import dev.beryl.engine.LoadProgress;
import dev.beryl.engine.Stats;
import dev.beryl.persistence.Aof;
import dev.beryl.persistence.AofRewrite;
import dev.beryl.persistence.BackgroundSave;
import dev.beryl.pubsub.PubSub;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * INFO: the server report in Redis 7.0's sections and field names, with Beryl's own numbers. Fields for
 * machinery Beryl does not have (forks, AOF, replicas) carry the values Redis shows when that machinery is idle.
 */
final class InfoCommand {
    private InfoCommand() {}

    private static final String[] DEFAULT_SECTIONS = {
        "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "module_list", "errorstats",
        "cluster", "keyspace"};
    /** A process identity, like Redis's run_id and replication id: random per start of the JVM. */
    static final String RUN_ID = randomHex40();

    static void declare(CommandTable t) {
        t.command("info", -1).flags("loading stale sentinel").acl("dangerous").group("server").since("1.0.0")
                .summary("Reports information and statistics about the server.").complexity("O(1)")
                .tips("nondeterministic_output request_policy:all_shards response_policy:special")
                .history(new String[] {"7.0.0", "Added support for taking multiple section arguments."})
                .arguments("[section:string ...]").handler(InfoCommand::info);
    }

    static void info(Client c, byte[][] argv) {
        Set<String> sections = new HashSet<>();
        boolean all = false;
        if (argv.length == 1) sections.addAll(java.util.List.of(DEFAULT_SECTIONS));
        for (int i = 1; i < argv.length; i++) {
            String s = new String(argv[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            switch (s) {
                case "default" -> sections.addAll(java.util.List.of(DEFAULT_SECTIONS));
                case "all", "everything" -> all = true;
                default -> sections.add(s);
            }
        }
        c.reply().verbatim(report(c.engine(), sections, all));
    }

    /** The INFO text for the given lower-case section names (or all of them). */
    static String report(Engine e, Set<String> want, boolean all) {
        StringBuilder b = new StringBuilder(2048);
        if (all || want.contains("server")) server(e, section(b, "Server"));
        if (all || want.contains("clients")) clients(e, section(b, "Clients"));
        if (all || want.contains("memory")) memory(e, section(b, "Memory"));
        if (all || want.contains("persistence")) persistence(e, section(b, "Persistence"));
        if (all || want.contains("stats")) stats(e, section(b, "Stats"));
        if (all || want.contains("replication")) e.replication().info(section(b, "Replication"));
        if (all || want.contains("cpu")) cpu(section(b, "CPU"));
        if (all || want.contains("module_list") || want.contains("modules")) section(b, "Modules");
        if (all || want.contains("commandstats")) commandStats(e, section(b, "Commandstats"));
        if (all || want.contains("errorstats")) errorStats(e, section(b, "Errorstats"));
        if (all || want.contains("latencystats")) latencyStats(e, section(b, "Latencystats"));
        if (all || want.contains("cluster")) field(section(b, "Cluster"), "cluster_enabled", 0);
        if (all || want.contains("keyspace")) keyspace(e, section(b, "Keyspace"));
        return b.toString();
    }

    private static StringBuilder section(StringBuilder b, String title) {
        if (b.length() > 0) b.append("\r\n");
        return b.append("# ").append(title).append("\r\n");
    }

    private static void field(StringBuilder b, String name, Object value) {
        b.append(name).append(':').append(value).append("\r\n");
    }

    private static void server(Engine e, StringBuilder b) {
        Config cfg = e.config();
        long now = System.currentTimeMillis();
        long uptime = (now - e.stats().startTimeMs) / 1000;
        field(b, "redis_version", "7.0.15");
        field(b, "redis_mode", "standalone");
        field(b, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + machine(System.getProperty("os.arch")));
        field(b, "arch_bits", System.getProperty("sun.arch.data.model", "64"));
        field(b, "multiplexing_api", "java.nio");
        field(b, "process_id", ProcessHandle.current().pid());
        field(b, "process_supervised", "no");
        field(b, "run_id", RUN_ID);
        field(b, "tcp_port", cfg.getInt("port"));
        field(b, "server_time_usec", now * 1000);
        field(b, "uptime_in_seconds", uptime);
        field(b, "uptime_in_days", uptime / (3600 * 24));
        field(b, "hz", cfg.getInt("hz"));
        field(b, "configured_hz", cfg.getInt("hz"));
        field(b, "lru_clock", (now / 1000) & ((1 << 24) - 1));
        field(b, "executable", ProcessHandle.current().info().command().orElse(""));
        field(b, "config_file", cfg.file() == null ? "" : cfg.file().toAbsolutePath().toString());
        field(b, "io_threads_active", 0);
    }

    /** uname's machine name for the JVM's os.arch ("amd64" is "x86_64" there). */
    private static String machine(String arch) {
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    private static void clients(Engine e, StringBuilder b) {
        field(b, "connected_clients", e.connectedClients());
        field(b, "cluster_connections", 0);
        field(b, "maxclients", e.config().getInt("maxclients"));
        field(b, "blocked_clients", e.stats().blockedClients);
        field(b, "tracking_clients", e.tracking().clients());
    }

    private static void memory(Engine e, StringBuilder b) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        Stats st = e.stats();
        if (used > st.peakMemory) st.peakMemory = used;
        long rss = residentSetSize();
        long system = totalSystemMemory();
        long maxmemory = e.config().getLong("maxmemory");
        field(b, "used_memory", used);
        field(b, "used_memory_human", bytesToHuman(used));
        if (rss > 0) {
            field(b, "used_memory_rss", rss);
            field(b, "used_memory_rss_human", bytesToHuman(rss));
        }
        field(b, "used_memory_peak", st.peakMemory);
        field(b, "used_memory_peak_human", bytesToHuman(st.peakMemory));
        field(b, "used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", used * 100.0 / st.peakMemory));
        if (system > 0) {
            field(b, "total_system_memory", system);
            field(b, "total_system_memory_human", bytesToHuman(system));
        }
        field(b, "maxmemory", maxmemory);
        field(b, "maxmemory_human", bytesToHuman(maxmemory));
        field(b, "maxmemory_policy", e.config().get("maxmemory-policy"));
        if (rss > 0) {
            field(b, "mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", (double) rss / used));
            field(b, "mem_fragmentation_bytes", rss - used);
        }
        field(b, "mem_allocator", "jvm");
        field(b, "active_defrag_running", 0);
        field(b, "lazyfree_pending_objects", 0);
    }

    private static void persistence(Engine e, StringBuilder b) {
        Stats st = e.stats();
        BackgroundSave bg = e.backgroundSave();
        AofRewrite rewrite = e.aof().rewrite();
        // the current_* fields describe whichever background job runs (Redis's one child)
        boolean aofJob = rewrite.inProgress();
        long total = aofJob ? rewrite.keysTotal() : bg.keysTotal();
        long processed = aofJob ? rewrite.keysProcessed() : bg.keysProcessed();
        field(b, "loading", e.isLoading() ? 1 : 0);
        field(b, "async_loading", 0);
        // a background save holds values handed to its writer, not forked pages: these count those bytes
        field(b, "current_cow_peak", aofJob ? rewrite.currentCowPeak() : bg.currentCowPeak());
        field(b, "current_cow_size", aofJob ? rewrite.currentCowBytes() : bg.currentCowBytes());
        field(b, "current_cow_size_age", 0);
        field(b, "current_fork_perc", String.format(Locale.ROOT, "%.2f", total == 0 ? 0.0 : processed * 100.0 / total));
        field(b, "current_save_keys_processed", processed);
        field(b, "current_save_keys_total", total);
        field(b, "rdb_changes_since_last_save", st.dirty);
        field(b, "rdb_bgsave_in_progress", bg.inProgress() ? 1 : 0);
        field(b, "rdb_last_save_time", st.lastSaveSec);
        field(b, "rdb_last_bgsave_status", bg.lastOk() ? "ok" : "err");
        field(b, "rdb_last_bgsave_time_sec", bg.lastTimeSec());
        field(b, "rdb_current_bgsave_time_sec", bg.currentTimeSec());
        field(b, "rdb_saves", st.rdbSaves);
        field(b, "rdb_last_cow_size", bg.lastCowBytes());
        field(b, "rdb_last_load_keys_expired", st.lastLoadKeysExpired);
        field(b, "rdb_last_load_keys_loaded", st.lastLoadKeysLoaded);
        Aof aof = e.aof();
        AofRewrite rw = aof.rewrite();
        field(b, "aof_enabled", aof.isOn() ? 1 : 0);
        field(b, "aof_rewrite_in_progress", rw.inProgress() ? 1 : 0);
        field(b, "aof_rewrite_scheduled", rw.scheduled() ? 1 : 0);
        field(b, "aof_last_rewrite_time_sec", rw.lastTimeSec());
        field(b, "aof_current_rewrite_time_sec", rw.currentTimeSec());
        field(b, "aof_last_bgrewrite_status", rw.lastOk() ? "ok" : "err");
        field(b, "aof_rewrites", rw.rewrites());
        field(b, "aof_rewrites_consecutive_failures", rw.consecutiveFailures());
        field(b, "aof_last_write_status", aof.lastWriteOk() ? "ok" : "err");
        field(b, "aof_last_cow_size", rw.lastCowBytes());
        field(b, "module_fork_in_progress", 0); // no modules, so no module forks
        field(b, "module_fork_last_cow_size", 0);
        if (e.config().getBool("appendonly")) {
            field(b, "aof_current_size", aof.currentSize());
            field(b, "aof_base_size", aof.baseSize());
            field(b, "aof_pending_rewrite", rw.scheduled() ? 1 : 0);
            field(b, "aof_buffer_length", aof.bufferLength());
            // fsyncs run on the timer thread, not queued, and never postponed
            field(b, "aof_pending_bio_fsync", 0);
            field(b, "aof_delayed_fsync", 0);
        }
        if (e.isLoading()) {
            LoadProgress p = e.loadProgress();
            field(b, "loading_start_time", p.startSec());
            field(b, "loading_total_bytes", p.totalBytes());
            field(b, "loading_rdb_used_mem", p.rdbUsedMem());
            field(b, "loading_loaded_bytes", p.loadedBytes());
            field(b, "loading_loaded_perc", String.format(Locale.ROOT, "%.2f", p.percent()));
            field(b, "loading_eta_seconds", p.etaSeconds());
        }
    }

    private static void stats(Engine e, StringBuilder b) {
        Stats st = e.stats();
        field(b, "total_connections_received", st.totalConnections);
        field(b, "total_commands_processed", st.totalCommands);
        field(b, "instantaneous_ops_per_sec", st.opsPerSec.perSecond());
        field(b, "total_net_input_bytes", st.netInputBytes);
        field(b, "total_net_output_bytes", st.netOutputBytes);
        field(b, "total_net_repl_input_bytes", 0);
        field(b, "total_net_repl_output_bytes", 0);
        field(b, "instantaneous_input_kbps", kbps(st.inputBytesPerSec));
        field(b, "instantaneous_output_kbps", kbps(st.outputBytesPerSec));
        field(b, "instantaneous_input_repl_kbps", "0.00");
        field(b, "instantaneous_output_repl_kbps", "0.00");
        field(b, "rejected_connections", st.rejectedConnections);
        field(b, "sync_full", e.replication().syncFull());
        field(b, "sync_partial_ok", e.replication().syncPartialOk());
        field(b, "sync_partial_err", e.replication().syncPartialErr());
        field(b, "expired_keys", st.expiredKeys);
        field(b, "expire_cycle_cpu_milliseconds", st.expireCycleTimeUsed / 1000);
        field(b, "evicted_keys", st.evictedKeys);
        field(b, "keyspace_hits", st.keyspaceHits);
        field(b, "keyspace_misses", st.keyspaceMisses);
        field(b, "pubsub_channels", e.pubsub().channelCount(PubSub.Kind.CHANNEL));
        field(b, "pubsub_patterns", e.pubsub().patternCount());
        field(b, "pubsubshard_channels", e.pubsub().channelCount(PubSub.Kind.SHARD));
        field(b, "latest_fork_usec", 0);
        field(b, "total_forks", 0);
        field(b, "migrate_cached_sockets", e.migrateSockets().size());
        field(b, "tracking_total_keys", e.tracking().totalKeys());
        field(b, "tracking_total_items", e.tracking().totalItems());
        field(b, "tracking_total_prefixes", e.tracking().totalPrefixes());
        field(b, "total_error_replies", st.totalErrorReplies);
    }

    private static String kbps(dev.beryl.engine.InstantMetric m) {
        return String.format(Locale.ROOT, "%.2f", m.perSecond() / 1024f);
    }

    private static void cpu(StringBuilder b) {
        long[] proc = processCpuMicros();
        field(b, "used_cpu_sys", seconds(proc[1]));
        field(b, "used_cpu_user", seconds(proc[0]));
        field(b, "used_cpu_sys_children", seconds(0));
        field(b, "used_cpu_user_children", seconds(0));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isCurrentThreadCpuTimeSupported()) {
            // INFO runs on the engine thread: the main thread of Redis's report
            long total = threads.getCurrentThreadCpuTime() / 1000, user = threads.getCurrentThreadUserTime() / 1000;
            field(b, "used_cpu_sys_main_thread", seconds(total - user));
            field(b, "used_cpu_user_main_thread", seconds(user));
        }
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private static void commandStats(Engine e, StringBuilder b) {
        for (CommandSpec s : e.commands().all()) {
            commandStat(s, b);
            for (CommandSpec sub : s.subcommands().values()) commandStat(sub, b);
        }
    }

    private static void commandStat(CommandSpec s, StringBuilder b) {
        if (s.calls == 0 && s.failedCalls == 0 && s.rejectedCalls == 0) return;
        b.append("cmdstat_").append(safe(s.fullName())).append(":calls=").append(s.calls)
                .append(",usec=").append(s.microseconds)
                .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f",
                        s.calls == 0 ? 0f : (float) s.microseconds / s.calls))
                .append(",rejected_calls=").append(s.rejectedCalls)
                .append(",failed_calls=").append(s.failedCalls).append("\r\n");
    }

    /**
     * One line per command with recorded latencies: the configured percentiles in µs with 3 decimals, as Redis's
     * fillPercentileDistributionLatencies (the names as CONFIG GET latency-tracking-info-percentiles shows them).
     */
    private static void latencyStats(Engine e, StringBuilder b) {
        String configured = e.config().get("latency-tracking-info-percentiles");
        String[] names = configured.isEmpty() ? new String[0] : configured.split(" ");
        for (CommandSpec s : e.commands().all()) {
            latencyStat(s, names, b);
            for (CommandSpec sub : s.subcommands().values()) latencyStat(sub, names, b);
        }
    }

    private static void latencyStat(CommandSpec s, String[] percentiles, StringBuilder b) {
        LatencyHistogram h = s.latency();
        if (h == null) return;
        b.append("latency_percentiles_usec_").append(safe(s.fullName())).append(':');
        for (int i = 0; i < percentiles.length; i++) {
            if (i > 0) b.append(',');
            b.append('p').append(percentiles[i]).append('=').append(String.format(Locale.ROOT, "%.3f",
                    h.valueAtPercentile(Double.parseDouble(percentiles[i])) / 1000.0));
        }
        b.append("\r\n");
    }

    private static void errorStats(Engine e, StringBuilder b) {
        for (Map.Entry<String, Long> en : new TreeMap<>(e.stats().errorCodes).entrySet()) {
            b.append("errorstat_").append(safe(en.getKey())).append(":count=").append(en.getValue()).append("\r\n");
        }
    }

    private static void keyspace(Engine e, StringBuilder b) {
        for (int i = 0; i < e.databaseCount(); i++) {
            Database db = e.database(i);
            if (db.size() > 0 || db.expiresSize() > 0) {
                b.append("db").append(i).append(":keys=").append(db.size()).append(",expires=").append(db.expiresSize())
                        .append(",avg_ttl=").append(e.activeExpiry().avgTtl(i)).append("\r\n");
            }
        }
    }

    /** Redis's getSafeInfoString: the characters that would break the "name:value" lines become '_'. */
    private static String safe(String s) {
        return s.replace('#', '_').replace(':', '_').replace('\n', '_').replace('\r', '_');
    }

    /** Redis's bytesToHuman: 100B, 4.00K, 2.50M ... */
    static String bytesToHuman(long n) {
        String[] units = {"K", "M", "G", "T", "P"};
        if (n < 1024) return n + "B";
        double d = n;
        for (String u : units) {
            d /= 1024;
            if (d < 1024 || u.equals("P")) return String.format(Locale.ROOT, "%.2f%s", d, u);
        }
        return n + "B";
    }

    /** The process's user and system CPU time in microseconds, from /proc on Linux, else the JVM's total. */
    private static long[] processCpuMicros() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime) in clock ticks of 1/100 s
            return new long[] {Long.parseLong(f[11]) * 10_000, Long.parseLong(f[12]) * 10_000};
        } catch (Exception notLinux) {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            long total = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1000 : 0;
            return new long[] {total, 0};
        }
    }

    /** Resident set size in bytes from /proc, or 0 where there is none. */
    private static long residentSetSize() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(f[1]) * 4096;
        } catch (Exception notLinux) {
            return 0;
        }
    }

    private static long totalSystemMemory() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    }

    private static String randomHex40() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        StringBuilder s = new StringBuilder(40);
        for (byte x : b) s.append(String.format("%02x", x));
        return s.toString();
    }
}
