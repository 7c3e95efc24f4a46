package dev.beryl.server;

import dev.beryl.commands.Commands;
import dev.beryl.config.Config;
import dev.beryl.config.ConfigFileError;
import dev.beryl.engine.CrashReport;
import dev.beryl.engine.Engine;
import dev.beryl.net.ListenAddress;
import dev.beryl.net.RespListener;
import dev.beryl.persistence.RdbFormatException;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * beryl-server: Beryl without Liberty, a drop-in for redis-server (its command line, config file, log, pid file,
 * signals). The same engine and RESP listener as the Liberty modules wire up (EngineBean, BerylResourceAdapter),
 * here on plain Java threads, started in Redis's order: configuration, listening sockets, data loading, then
 * "Ready to accept connections".
 */
public final class BerylServer {
    private static final Logger LOG = Logger.getLogger(BerylServer.class.getName());
    /** redis-server's pid file when daemonized without one (CONFIG_DEFAULT_PID_FILE). */
    private static final String DEFAULT_PID_FILE = "/var/run/redis.pid";
    static final String VERSION = version();
    /**
     * Clients connecting before the engine has started (milliseconds) wait instead of getting -LOADING; once it
     * has, the engine serves them between chunks of its load, as redis-server does.
     */
    private static final long LOADING_HOLD_MS = 1000;

    private final Config config;
    private final Engine engine;
    private final Path pidFile;
    private final Path unixSocket;
    private volatile boolean started;
    private RespListener tcp;
    private RespListener unix;

    private BerylServer(Config config) {
        this.config = config;
        this.engine = new Engine(config, Commands.newTable());
        String pid = config.get("pidfile");
        this.pidFile = !pid.isEmpty() ? resolve(config, pid)
                : config.getBool("daemonize") ? Path.of(DEFAULT_PID_FILE) : null;
        String sock = config.get("unixsocket");
        this.unixSocket = sock.isEmpty() ? null : resolve(config, sock);
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("-v") || args[0].equals("--version"))) {
            // Redis's version line, which tools parse for v=: the Redis version Beryl implements, then what it is
            System.out.println("Redis server v=7.0.15 sha=00000000:0 malloc=jvm bits=64 build=beryl-" + VERSION);
            System.exit(0);
        }
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) usage();
        CommandLine cl = CommandLine.parse(args);
        byte[] stdin = null;
        String text;
        try {
            if (cl.fromStdin()) stdin = System.in.readAllBytes();
            text = cl.configText(stdin);
        } catch (IOException e) {
            RedisLog.install(null);
            LOG.warning("Fatal error, can't open config file '" + cl.configFile() + "': " + reason(e));
            System.exit(1);
            return;
        }
        Config config;
        try {
            config = Config.forServer(cl.configFile(), text);
            checkLogFile(config);
        } catch (ConfigFileError e) {
            System.err.print(e.report());
            System.exit(1);
            return;
        }
        if (config.getBool("daemonize") && System.getenv(Daemon.CHILD) == null) Daemon.detach(stdin);
        RedisLog.install(config.get("logfile").isEmpty() ? null : resolve(config, config.get("logfile")));
        new BerylServer(config).run(cl);
    }

    private void run(CommandLine cl) {
        long pid = ProcessHandle.current().pid();
        LOG.warning("oO0OoO0OoO0Oo Beryl is starting oO0OoO0OoO0Oo");
        LOG.warning("Beryl version=" + VERSION + ", Redis 7.0.15 compatible, bits=64, pid=" + pid + ", just started");
        if (cl.noArguments()) {
            LOG.warning("Warning: no config file specified, using the default config. In order to specify a config "
                    + "file use beryl-server /path/to/redis.conf");
        } else {
            LOG.warning("Configuration loaded");
        }
        ThreadFactory threads = Thread::new;
        listen(threads);
        writePidFile(pid);
        logo(pid);
        LOG.warning("Server initialized");
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "beryl-timer");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        engine.onShutdown(this::exit);
        engine.onFatal(this::died);
        engine.start(threads, timers);
        started = true;
        Signals.install(this::signalled);
        Signals.onAbort(signal -> died(CrashReport.crash(signal)));
        try {
            engine.loaded().join();
        } catch (RuntimeException e) {
            // the engine logged why; a corrupt RDB file ends with Redis's rdbReportError line, which tests wait for
            if (e.getCause() instanceof RdbFormatException) LOG.warning("Terminating server after rdb file reading failure.");
            System.exit(1);
        }
        if (tcp.listening()) LOG.info("Ready to accept connections");
        if (unix != null) LOG.info("The server is now ready to accept connections at " + unixSocket);
    }

    /**
     * Redis's listening sockets: TCP on every bind address unless port is 0 or bind empty, and the unixsocket if
     * set. The TCP listener runs even with no socket, for CONFIG SET port and bind to move it.
     */
    private void listen(ThreadFactory threads) {
        int port = config.getInt("port");
        tcp = new RespListener(RespListener.tcpEndpoints(config.get("bind"), port), this::servingEngine)
                .holdWhileLoading(LOADING_HOLD_MS);
        try {
            tcp.start(threads);
        } catch (IOException e) {
            // the suite matches this line and retries on another port
            LOG.warning("Failed listening on port " + port + " (TCP), aborting.");
            System.exit(1);
        }
        ListenAddress.follow(config, () -> tcp);
        if (unixSocket != null) {
            unix = new RespListener(List.of(new RespListener.Endpoint(UnixDomainSocketAddress.of(unixSocket), false)),
                    this::servingEngine).holdWhileLoading(LOADING_HOLD_MS);
            try {
                Files.deleteIfExists(unixSocket);
                unix.start(threads);
                setPermissions(unixSocket, Integer.parseInt(config.get("unixsocketperm"), 8));
            } catch (IOException e) {
                LOG.warning("Failed opening Unix socket: " + reason(e));
                System.exit(1);
            }
        }
        if (!tcp.listening() && unix == null) {
            LOG.warning("Configured to not listen anywhere, exiting.");
            System.exit(1);
        }
    }

    private Engine servingEngine() {
        return started ? engine : null;
    }

    private void writePidFile(long pid) {
        if (pidFile == null) return;
        try {
            Files.writeString(pidFile, pid + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // best effort, as Redis's createPidFile
        }
    }

    /** The banner with " PID: n", which the Redis suite waits for; else Redis's one-line summary. */
    private void logo(long pid) {
        boolean show = config.getBool("always-show-logo") || (config.get("logfile").isEmpty() && System.console() != null);
        int port = config.getInt("port");
        if (!show) {
            LOG.info("Running mode=standalone, port=" + port + ".");
            return;
        }
        if (!Logger.getLogger("dev.beryl").isLoggable(Level.INFO)) return;
        RedisLog.installed().raw("\n"
                + "      /\\         Beryl " + VERSION + ", Redis 7.0.15 compatible, 64 bit\n"
                + "     /  \\        Running in standalone mode\n"
                + "     \\  /        Port: " + port + "\n"
                + "      \\/         PID: " + pid + "\n\n");
    }

    /** SIGTERM/SIGINT, as Redis's sigShutdownHandler and then prepareForShutdown in the cron. */
    private void signalled(String name) {
        if (engine.shutdownRequested() && name.equals("INT")) {
            LOG.warning("You insist... exiting now.");
            // the final save's temp file goes too (Redis's rdbRemoveTempFile)
            deleteQuietly(resolve(config, "temp-" + ProcessHandle.current().pid() + ".rdb"));
            Runtime.getRuntime().halt(1);
        }
        if (engine.isLoading()) {
            // the data is not all there: nothing to save, and the engine thread is busy loading
            LOG.warning("Received shutdown signal during loading, scheduling shutdown.");
            LOG.warning("User requested shutdown...");
            exit();
            return;
        }
        LOG.warning("Received SIG" + name + " scheduling shutdown...");
        engine.requestShutdown(); // the cron runs it, as Redis's serverCron does
    }

    /** The end of Redis's finishShutdown, once the data is safe: files removed, then the process exits. */
    private void exit() {
        if (pidFile != null) {
            LOG.info("Removing the pid file.");
            deleteQuietly(pidFile);
        }
        if (unixSocket != null) {
            LOG.info("Removing the unix socket file.");
            deleteQuietly(unixSocket);
        }
        LOG.warning("Beryl is now ready to exit, bye bye...");
        Runtime.getRuntime().halt(0);
    }

    /**
     * The engine cannot go on (a crash, DEBUG SEGFAULT, a failure of its loop): as Redis after its bug report, the
     * pid file goes and the process ends at once, with the status of a death by the crash's signal (what has been
     * acknowledged is in the AOF already). A supervisor restarts it.
     */
    private void died(Throwable t) {
        if (pidFile != null) deleteQuietly(pidFile);
        Runtime.getRuntime().halt(t instanceof CrashReport.Crash crash ? 128 + crash.signal() : 1);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warning("Error removing " + p + ": " + reason(e));
        }
    }

    /** Paths in the configuration are relative to dir, Redis's working directory. */
    static Path resolve(Config config, String path) {
        return Path.of(config.get("dir")).resolve(path);
    }

    /** As Redis when it reads its configuration: a log file it cannot open is a fatal configuration error. */
    private static void checkLogFile(Config config) {
        String f = config.get("logfile");
        if (f.isEmpty()) return;
        try {
            Files.newOutputStream(resolve(config, f), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND).close();
        } catch (IOException e) {
            throw new ConfigFileError("Can't open the log file: " + reason(e));
        }
    }

    private static void setPermissions(Path p, int mode) throws IOException {
        if (mode == 0) return;
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, 0400 .. 0001
        for (int i = 0; i < 9; i++) if ((mode & (0400 >> i)) != 0) perms.add(all[i]);
        Files.setPosixFilePermissions(p, perms);
    }

    /** The C library's wording of an I/O error, as Redis prints strerror(errno). */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "No such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "Permission denied";
        return e.getMessage();
    }

    private static void usage() {
        System.err.print("""
                Usage: ./beryl-server [/path/to/redis.conf] [options] [-]
                       ./beryl-server - (read config from stdin)
                       ./beryl-server -v or --version
                       ./beryl-server -h or --help

                Examples:
                       ./beryl-server (run the server with default conf)
                       echo 'maxmemory 128mb' | ./beryl-server -
                       ./beryl-server /etc/redis/6379.conf
                       ./beryl-server --port 7777
                       ./beryl-server /etc/myredis.conf --loglevel verbose -
                       ./beryl-server /etc/myredis.conf --loglevel verbose

                """);
        System.exit(1);
    }

    private static String version() {
        String v = BerylServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
