package dev.beryl.engine;

import dev.beryl.acl.ProtectedMode;
import dev.beryl.acl.Users;
import dev.beryl.command.CommandFlag;
import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.config.Config;
import dev.beryl.config.TypeLimits;
import dev.beryl.monitor.Watch;
import dev.beryl.net.MigrateSockets;
import dev.beryl.persistence.Aof;
import dev.beryl.persistence.BackgroundSave;
import dev.beryl.persistence.FinalSave;
import dev.beryl.persistence.RdbLoad;
import dev.beryl.pubsub.PubSub;
import dev.beryl.replication.ReplicationMaster;
import dev.beryl.resp.InputLimits;
import dev.beryl.resp.ProtocolException;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.resp.RequestParser;
import dev.beryl.tracking.Tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The data store: databases, clients and command execution, all owned by one thread (the event loop's), as in
 * Redis. Other threads talk to it only through {@link #adopt}, {@link #call} and {@link #submit}, which queue
 * work for that thread. Plain Java: the Liberty module passes in a managed thread factory and a managed
 * scheduled executor.
 */
public final class Engine {
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());
    /** Buckets moved per step of the cron's rehash, which checks its 1 ms budget between steps. */
    private static final int CRON_REHASH_BUCKETS = 100;
    private static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Config config;
    private final CommandTable commands;
    private final Database[] databases;
    private final Stats stats = new Stats();
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final SplittableRandom random = new SplittableRandom();
    private final ActiveExpiry activeExpiry;
    private final AccessClock accessClock;
    private final TypeLimits typeLimits;
    private final Blocking blocking;
    private final EventLoop loop;
    private final Propagation propagation = new Propagation();
    /** Slow log, latency monitor and MONITOR clients, fed after each command. */
    private final Watch watch;
    /** proto-max-bulk-len and client-query-buffer-limit, shared by every client's parser. */
    private final InputLimits inputLimits = new InputLimits();
    private final Aof aof = new Aof(this);
    private final MigrateSockets migrateSockets = new MigrateSockets();
    private final Users users;
    private final ProtectedMode protectedMode;
    private final Tracking tracking = new Tracking(this);
    private final ClientPause pause = new ClientPause(this);
    /** The client whose command runs (Redis's server.current_client), or null. */
    private Client currentClient;
    private final PubSub pubsub;
    private final OutputLimits outputLimits;
    private ScheduledFuture<?> aofSyncTask;
    private final BackgroundSave backgroundSave;
    private final ReplicationMaster replication;
    /** Set while a background save walks the keyspace: told of keys about to change. */
    private SnapshotHook snapshotHook;
    private long nextClientId = 1;
    private long commandTimeMs = System.currentTimeMillis();
    private volatile long heartbeatMs = System.currentTimeMillis();
    private volatile boolean running;
    /**
     * True from start until the data is loaded. Connections are registered and served only between chunks of the
     * load (Redis's processEventsWhileBlocked), and then only commands flagged {@code loading}; the rest get -LOADING.
     */
    private volatile boolean loading;
    private final LoadProgress loadProgress = new LoadProgress();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private Thread thread;
    private ThreadFactory threads;
    private volatile Runnable shutdownAction;
    private volatile Consumer<Throwable> fatalAction;
    /** Why the engine thread's loop ended on its own, or null. */
    private volatile Throwable failure;
    private ScheduledExecutorService timers;
    private ScheduledFuture<?> cronTask;
    private long lastBufferResizeSecond;
    /** DEBUG PAUSE-CRON: the periodic work stops (tests). */
    private volatile boolean cronPaused;
    /** A shutdown asked by a signal (Redis's shutdown_asap): the next cron runs it, SHUTDOWN ABORT cancels it. */
    private volatile boolean shutdownAsap;
    /** The command being executed (engine thread), for stats and CLIENT LIST's cmd field. */
    private CommandSpec current;
    /** EXEC is running its queue (Redis's server.in_exec): background jobs are scheduled, not started. */
    private boolean inExec;
    /** latency-tracking, kept as a flag: read for every command. */
    private volatile boolean latencyTracking;
    /** Error replies already counted against a command; lets EXEC leave its queued commands' errors to them. */
    private long attributedErrors;
    private boolean skipChecksumValidation;

    public Engine(Config config, CommandTable commands) {
        this.config = config;
        this.commands = commands;
        this.accessClock = new AccessClock(this);
        this.typeLimits = new TypeLimits(config);
        this.databases = new Database[config.getInt("databases")];
        for (int i = 0; i < databases.length; i++) databases[i] = new Database(i, this);
        this.activeExpiry = new ActiveExpiry(this);
        this.blocking = new Blocking(this, databases.length);
        this.backgroundSave = new BackgroundSave(this);
        this.users = new Users(config);
        this.protectedMode = new ProtectedMode(config, users);
        this.outputLimits = new OutputLimits(this, config);
        this.watch = new Watch(config);
        this.pubsub = new PubSub(config);
        this.replication = new ReplicationMaster(this);
        latencyTracking = config.getBool("latency-tracking");
        config.onChange("latency-tracking", v -> latencyTracking = "yes".equals(v));
        inputLimits.maxBulkLen = config.getLong("proto-max-bulk-len");
        inputLimits.maxQueryBuffer = config.getLong("client-query-buffer-limit");
        config.onChange("proto-max-bulk-len", v -> inputLimits.maxBulkLen = Long.parseLong(v));
        config.onChange("client-query-buffer-limit", v -> inputLimits.maxQueryBuffer = Long.parseLong(v));
        try {
            this.loop = new EventLoop(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- lifecycle (any thread)

    /**
     * Starts the engine thread from the given factory and the cron timer at {@code hz}. The thread first loads
     * the RDB file (dir/dbfilename) if there is one; {@link #loaded()} tells when that is done.
     */
    public synchronized void start(ThreadFactory threads, ScheduledExecutorService timers) {
        if (running) return;
        running = true;
        loading = true;
        this.timers = timers;
        this.threads = threads;
        loop.execute(this::loadAtStart);
        thread = threads.newThread(loop);
        thread.setName("beryl-engine");
        thread.start();
        scheduleCron();
        config.onChange("hz", v -> scheduleCron());
        aofSyncTask = timers.scheduleAtFixedRate(aof::fsyncIfNeeded, 1, 1, TimeUnit.SECONDS);
        config.onChange("appendonly", this::appendonlyChanged);
    }

    private synchronized void scheduleCron() {
        if (timers == null || !running) return;
        if (cronTask != null) cronTask.cancel(false);
        long periodUs = 1_000_000L / config.getInt("hz");
        cronTask = timers.scheduleAtFixedRate(() -> loop.execute(this::cron), periodUs, periodUs, TimeUnit.MICROSECONDS);
    }

    /** What SHUTDOWN does once it has saved (any thread may set it); by default the engine stops. */
    public void onShutdown(Runnable action) { shutdownAction = action; }

    /** Asks for a shutdown from any thread (SIGTERM): the cron saves as SHUTDOWN without flags would, then exits. */
    public void requestShutdown() { shutdownAsap = true; }

    /** Whether a requested shutdown is pending or running its final save. */
    public boolean shutdownRequested() { return shutdownAsap; }

    /** SHUTDOWN ABORT of a requested shutdown: true if there was one. */
    public boolean cancelRequestedShutdown() {
        boolean was = shutdownAsap;
        shutdownAsap = false;
        return was;
    }

    public void pauseCron(boolean paused) { cronPaused = paused; }

    /** SHUTDOWN's end (engine thread): the action runs, or the engine is stopped from another thread. */
    public void shutdown() {
        Runnable action = shutdownAction;
        if (action != null) action.run();
        else threads.newThread(this::stop).start();
    }

    public synchronized void stop() {
        if (!running) return;
        running = false;
        if (cronTask != null) cronTask.cancel(false);
        if (aofSyncTask != null) aofSyncTask.cancel(false);
        loop.execute(aof::close);
        loop.stop();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backgroundSave.abort(); // the engine thread is gone: its state is ours now
    }

    public boolean isRunning() { return running; }

    /**
     * What to do when the engine thread's loop cannot go on (any thread may set it): the embedding exits the
     * process so that the platform restarts it; with the AOF fsynced, nothing acknowledged is lost. The engine
     * is already marked not running (liveness DOWN) when it runs, on the dying engine thread.
     */
    public void onFatal(Consumer<Throwable> action) { fatalAction = action; }

    /** Why the loop ended on its own (null while it runs or after a normal stop). */
    public Throwable failure() { return failure; }

    /** The loop's body threw (engine thread, as it ends): not running from now on, and the embedding is told. */
    void loopDied(Throwable t) {
        failure = t;
        running = false;
        ScheduledFuture<?> cron = cronTask, sync = aofSyncTask;
        if (cron != null) cron.cancel(false);
        if (sync != null) sync.cancel(false);
        Consumer<Throwable> action = fatalAction;
        if (action != null) action.accept(t);
    }

    /** Whether the engine is still loading its data at start (or failed to). */
    public boolean isLoading() { return loading; }

    public LoadProgress loadProgress() { return loadProgress; }

    /**
     * The loader at start reached {@code loadedBytes} (engine thread): connections are served for a moment, as
     * Redis's loaders call processEventsWhileBlocked every loading-process-events-interval-bytes.
     */
    public void loadingProgress(long loadedBytes) {
        loadProgress.loadedBytes = loadedBytes;
        loop.processEventsWhileBlocked();
    }

    /**
     * Completes when the data is loaded and clients are served; completes exceptionally when the RDB file could
     * not be loaded, and the engine has then stopped without touching the file (Redis refuses to start too).
     */
    public CompletableFuture<Void> loaded() { return loaded; }

    private void loadAtStart() {
        try {
            // as Redis: with appendonly yes the AOF is the dataset, and the RDB file is not read
            if (config.getBool("appendonly")) aof.loadAtStartup();
            else RdbLoad.atStartup(this);
        } catch (Exception | OutOfMemoryError e) {
            // a file Redis would refuse too: its reason alone, as Redis's last log line before exiting
            if (e instanceof IOException) LOG.severe(e.getMessage());
            else LOG.log(Level.SEVERE, "Fatal error loading the DB, the engine stops: " + e.getMessage(), e);
            stopAfterFailedLoad();
            loaded.completeExceptionally(e);
            return;
        }
        loading = false;
        loaded.complete(null);
    }

    /** Synchronized with start(): the cron it schedules is cancelled too. */
    private synchronized void stopAfterFailedLoad() {
        running = false;
        if (cronTask != null) cronTask.cancel(false);
        loop.stop();
    }

    /** Wall-clock ms of the engine thread's last loop turn: a stuck thread stops moving it (liveness). */
    public long heartbeatMs() { return heartbeatMs; }

    void heartbeat() { heartbeatMs = System.currentTimeMillis(); }

    /** Hands an accepted socket to the engine thread, which serves it from then on. */
    public void adopt(SocketChannel ch) {
        adopt(ch, new RequestParser());
    }

    /**
     * Takes over a connection together with the query buffer it has been read into so far, so a command split
     * across the hand-over (a client pipelining while the data loaded) continues where it stopped.
     */
    public void adopt(SocketChannel ch, RequestParser parser) {
        loop.execute(() -> loop.register(ch, parser));
    }

    /** Query buffers being made off the engine thread and not yet taken back (engine thread; tests). */
    int bufferGrowthsInFlight() { return loop.growthsInFlight(); }

    /** Runs a task on the engine thread. */
    public void submit(Runnable task) {
        loop.execute(task);
    }

    /**
     * Runs commands as one internal client, in order and atomically (nothing else runs in between), and
     * completes with the concatenated RESP replies. Used by REST and the in-JVM API.
     */
    public CompletableFuture<byte[]> call(int resp, int db, List<byte[][]> commandList) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                Client c = new Client(nextClientId++, this, null, "", "");
                c.setResp(resp);
                c.select(db);
                runCall(c, commandList, f);
            } catch (Throwable t) {
                f.completeExceptionally(t);
                if (t instanceof CrashReport.Crash crash) throw crash; // DEBUG SEGFAULT ends the loop from here too
            }
        });
        return f;
    }

    /** Runs an in-JVM call now, or when CLIENT PAUSE ends if the pause holds it (as a RESP client's command). */
    private void runCall(Client c, List<byte[][]> commandList, CompletableFuture<byte[]> f) {
        if (pause.holds(commandList)) {
            blocking.postponeCall(c, () -> {
                try {
                    runCall(c, commandList, f);
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                    if (t instanceof CrashReport.Crash crash) throw crash;
                }
            });
            return;
        }
        for (byte[][] argv : commandList) execute(c, argv);
        c.transaction.discard(); // the client ends here: drop its watches
        beforeReplies();
        f.complete(c.reply.toByteArray());
    }

    // ---- engine thread

    public Config config() { return config; }
    public CommandTable commands() { return commands; }
    public Stats stats() { return stats; }
    public Database database(int i) { return databases[i]; }
    public int databaseCount() { return databases.length; }
    public SplittableRandom random() { return random; }
    public ActiveExpiry activeExpiry() { return activeExpiry; }
    public AccessClock accessClock() { return accessClock; }
    /** Encoding thresholds of the collection types (hash-max-listpack-entries ...), kept parsed. */
    public TypeLimits typeLimits() { return typeLimits; }
    public Blocking blocking() { return blocking; }
    public Propagation propagation() { return propagation; }
    public Watch watch() { return watch; }
    public InputLimits inputLimits() { return inputLimits; }
    public Aof aof() { return aof; }
    public MigrateSockets migrateSockets() { return migrateSockets; }
    public Users users() { return users; }
    public Tracking tracking() { return tracking; }
    public ClientPause pause() { return pause; }
    public Client currentClient() { return currentClient; }

    /** Makes {@code c} the client whose command runs; returns the one it replaces. */
    Client currentClient(Client c) {
        Client outer = currentClient;
        currentClient = c;
        return outer;
    }
    public PubSub pubsub() { return pubsub; }
    OutputLimits outputLimits() { return outputLimits; }
    public ReplicationMaster replication() { return replication; }

    /** Has the client's output written at the end of this loop turn (output added outside its own commands). */
    public void markPendingWrite(Client c) { loop.markPendingWrite(c); }

    /** DEBUG SET-SKIP-CHECKSUM-VALIDATION: RESTORE and RDB loads do not check the CRC-64 (to test corrupt data). */
    public boolean skipChecksumValidation() { return skipChecksumValidation; }
    public void skipChecksumValidation(boolean skip) { skipChecksumValidation = skip; }

    /** A client with no connection, for replaying commands (AOF loading): its commands run while loading. */
    public Client internalClient() {
        Client c = new Client(nextClientId++, this, null, "", "");
        c.loader = true;
        return c;
    }

    /**
     * CONFIG SET appendonly (Redis's updateAppendonly): on starts a background rewrite that writes the first base;
     * when it cannot start, CONFIG SET fails with Redis's message.
     */
    private void appendonlyChanged(String v) {
        if (loading) return;
        if ("yes".equals(v)) {
            if (!aof.start(inExec)) {
                throw new IllegalArgumentException("Unable to turn on AOF. Check server logs.");
            }
        } else {
            aof.stop();
        }
    }

    /** Before the turn's replies go out: what the commands changed is written to the AOF (and synced if asked). */
    void beforeReplies() {
        propagation.flush(false);
        aof.beforeReplies();
    }
    public BackgroundSave backgroundSave() { return backgroundSave; }
    /** The thread factory the engine was started with (managed in Liberty), for its other threads. */
    public ThreadFactory threadFactory() { return threads; }
    public SnapshotHook snapshotHook() { return snapshotHook; }
    public void snapshotHook(SnapshotHook h) { snapshotHook = h; }
    public Collection<Client> clients() { return Collections.unmodifiableCollection(clients.values()); }
    public Client client(long id) { return clients.get(id); }
    public CommandSpec currentCommand() { return current; }
    public boolean inExec() { return inExec; }
    public void inExec(boolean on) { inExec = on; }

    /** The time commands compare TTLs with: fixed for the duration of one command, as Redis does. */
    public long commandTimeMs() { return commandTimeMs; }

    /**
     * Empties every database (Redis's emptyData(-1) with signalFlushedDb: FLUSHALL, DEBUG RELOAD, DEBUG LOADAOF):
     * transactions watching a key fail and tracking clients are told all their keys are gone. Returns the keys removed.
     */
    public long emptyData() {
        long removed = 0;
        for (Database db : databases) {
            removed += db.size();
            db.clear();
        }
        tracking.flushed();
        return removed;
    }

    /** Swaps the contents of two databases (SWAPDB); clients blocked on a key that now exists may be served. */
    public void swapDatabases(int a, int b) {
        databases[a].swapWith(databases[b]);
        blocking.scanForReady(databases[a]);
        blocking.scanForReady(databases[b]);
    }

    /**
     * Why a new connection from {@code remote} is refused, as the error Redis writes before closing it (maxclients,
     * then protected mode, in Redis's order), or null when it is accepted.
     */
    byte[] refusal(SocketAddress remote) {
        byte[] error = loop.connectionCount() >= config.getInt("maxclients") ? MAX_CLIENTS
                : protectedMode.denies(remote) ? ProtectedMode.DENIED : null;
        if (error != null) stats.rejectedConnections++;
        return error;
    }

    Client newClient(SocketChannel ch, String addr, String laddr, RequestParser parser) {
        Client c = new Client(nextClientId++, this, ch, addr, laddr, parser);
        clients.put(c.id, c);
        stats.totalConnections++;
        return c;
    }

    void clientClosed(Client c) {
        clients.remove(c.id);
        tracking.disable(c);
        replication.clientClosed(c);
        blocking.clientGone(c);
        c.transaction.discard();
        pubsub.leaveAll(c);
        watch.stopMonitor(c);
    }

    /** Closes a client now, or once its current replies are out when it is the caller itself (CLIENT KILL). */
    public void kill(Client target, Client caller) {
        if (target == caller) target.closeAfterReply = true;
        else if (target.channel != null) loop.close(target);
    }

    /** Parses and runs every complete command in the client's query buffer, until one blocks the client. */
    void processInput(Client c) {
        while (!c.closeAfterReply && !c.closed && c.blocked == null) {
            byte[][] argv;
            try {
                argv = c.parser.next();
            } catch (ProtocolException e) {
                c.reply.error(e.getMessage().getBytes(StandardCharsets.ISO_8859_1)); // may quote a raw byte
                countErrors(c.reply, 1);
                c.closeAfterReply = true;
                return;
            }
            if (argv == null) return;
            if (argv.length == 0) continue;
            if (isSecurityAttack(argv[0])) {
                LOG.warning("Possible SECURITY ATTACK detected: a client sent Host: or POST. Connection aborted.");
                loop.close(c);
                return;
            }
            execute(c, argv);
        }
    }

    /** Redis compares with strcasecmp: the name ends at a NUL byte ("post\0x" counts). */
    private static boolean isSecurityAttack(byte[] name) {
        return cStringIs(name, "post") || cStringIs(name, "host:");
    }

    private static boolean cStringIs(byte[] s, String word) {
        int n = word.length();
        if (s.length < n || (s.length > n && s[n] != 0)) return false;
        for (int i = 0; i < n; i++) {
            int a = s[i];
            if (a >= 'A' && a <= 'Z') a += 32;
            if (a != word.charAt(i)) return false;
        }
        return true;
    }

    /**
     * Looks up, checks and runs (or, inside MULTI, queues) one command, as Redis's processCommand: unknown
     * commands, bad arity and commands refused in a transaction are rejected, which also dooms a transaction.
     */
    public void execute(Client c, byte[][] argv) {
        commandTimeMs = System.currentTimeMillis();
        c.lastInteractionMs = commandTimeMs;
        int mark = c.reply.length();
        c.argv = argv;
        Client outerClient = currentClient(c);
        if (tracking.clients() > 0) tracking.limitTable();
        dispatch(c, argv);
        if (c.blocked == null) { // a blocked command finishes when it is served (afterUnblocked)
            c.argv = null;
            finishReply(c, mark);
        }
        if (c.tracking != null) tracking.commandDone(c);
        tracking.afterCommand();
        currentClient = outerClient;
        blocking.serveReadyKeys();
    }

    /**
     * Accounts for the reply a blocked client just got (served, timed out or CLIENT UNBLOCK): its command's time
     * and failure (Redis's updateStatsOnUnblock: the blocking call's time plus the reply's), error statistics,
     * CLIENT REPLY, and the write.
     */
    void afterUnblocked(Client c, CommandSpec spec, long callMicros, long replyMicros, boolean failed, int errors, int mark) {
        long micros = callMicros + replyMicros;
        spec.microseconds += micros;
        if (latencyTracking) spec.recordLatency(micros);
        if (failed) spec.failedCalls++;
        if (errors > 0) countErrors(c.reply, errors);
        if (watch.wants(micros)) watch.afterUnblocked(c, spec, c.argv, micros, replyMicros);
        c.argv = null;
        finishReply(c, mark);
        loop.markPendingWrite(c);
    }

    /** Runs what an unblocked client sent while it was blocked. */
    void resumeInput(Client c) {
        processInput(c);
        loop.markPendingWrite(c);
    }

    /** Redis's updateCachedTime before serving blocked clients: lazy expiry against the current time. */
    void refreshCommandTime() {
        commandTimeMs = System.currentTimeMillis();
    }

    /**
     * Work before the loop waits again (Redis's beforeSleep): blocked clients past their deadline, then the input
     * of clients unblocked meanwhile, then keys made ready outside a command.
     */
    void beforeSleep() {
        blocking.expireDeadlines(System.currentTimeMillis());
        blocking.processUnblocked();
        blocking.serveReadyKeys();
        tracking.broadcast();
        backgroundSave.step();
        aof.rewrite().step();
    }

    /**
     * How long the loop may wait for I/O: until the next blocked client's deadline, at most 100 ms; 1 ms while
     * a background save walks the keyspace.
     */
    long sleepMs() {
        if (backgroundSave.walking() || aof.rewrite().walking()) return 1;
        long ms = blocking.msToNextDeadline(System.currentTimeMillis());
        return ms < 0 ? 100 : Math.max(1, Math.min(100, ms));
    }

    private void dispatch(Client c, byte[][] argv) {
        CommandSpec spec = commands.lookup(argv[0]);
        if (spec != null && spec.isContainer() && argv.length >= 2) {
            CommandSpec sub = spec.subcommand(argv[1]);
            if (sub == null) {
                c.lastCommand = "NULL";
                reject(c, null, "ERR unknown subcommand '" + truncate(argv[1], 128) + "'. Try "
                        + spec.name().toUpperCase() + " HELP.");
                return;
            }
            spec = sub;
        }
        if (spec == null) {
            c.lastCommand = "NULL";
            reject(c, null, unknownCommand(argv));
            return;
        }
        c.lastCommand = spec.fullName();
        if (!spec.arityOk(argv.length)) {
            reject(c, spec, Errors.arity(spec.fullName()));
            return;
        }
        if (!c.authenticated && !spec.has(CommandFlag.NO_AUTH) && c.authRequired()) { // AUTH, HELLO, QUIT, RESET pass
            reject(c, spec, "NOAUTH Authentication required.");
            return;
        }
        if (c.resp() == 2 && c.isSubscribed() && !PubSubMode.allows(spec)) {
            reject(c, spec, PubSubMode.error(spec));
            return;
        }
        Transaction tx = c.transaction;
        if (tx.inMulti() && spec.has(CommandFlag.NO_MULTI)) {
            reject(c, spec, "ERR Command not allowed inside a transaction");
            return;
        }
        if (loading && !c.loader && deniedWhileLoading(spec, tx)) {
            reject(c, spec, Errors.LOADING);
            return;
        }
        // MONITOR and SYNC connections are replicas (Redis's CLIENT_SLAVE): no keys for them, and never paused
        boolean replica = c.isReplica() || watch.isMonitor(c);
        if (replica && Watch.touchesKeyspace(spec)) {
            reject(c, spec, "ERR Replica can't interact with the keyspace");
            return;
        }
        if (!replica && !c.isInternal() && pause.postpones(spec, tx)) { // an in-JVM call was held as a whole (runCall)
            blocking.postpone(c, spec, argv);
            return;
        }
        if (tx.inMulti() && !runsInsideMulti(spec)) {
            tx.queue(spec, argv);
            c.reply.simple("QUEUED");
            return;
        }
        invoke(c, spec, argv);
    }

    /** Redis's is_denyloading_command: not flagged loading, or an EXEC of a command that is not. */
    private static boolean deniedWhileLoading(CommandSpec spec, Transaction tx) {
        return Transaction.commandOrQueued(spec, tx, s -> !s.has(CommandFlag.LOADING));
    }

    /** The commands MULTI does not queue (multi.c handles them itself). */
    private static boolean runsInsideMulti(CommandSpec spec) {
        if (spec.parent() != null) return false;
        return switch (spec.name()) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    /** Redis's rejectCommand: the error dooms a transaction; a rejected EXEC aborts it. */
    private void reject(Client c, CommandSpec spec, String error) {
        c.transaction.refuse();
        if (spec != null) spec.rejectedCalls++;
        if (spec != null && spec.parent() == null && spec.name().equals("exec")) {
            c.transaction.discard();
            error = "EXECABORT Transaction discarded because of: " + (error.startsWith("ERR ") ? error.substring(4) : error);
        }
        c.reply.error(error.getBytes(StandardCharsets.ISO_8859_1)); // truncate's bytes, as they came
        countErrors(c.reply, 1);
    }

    /**
     * Runs a checked command and records its statistics (Redis's call). EXEC calls it for each queued command;
     * errors those commands reply count against them, not against EXEC.
     */
    public void invoke(Client c, CommandSpec spec, byte[][] argv) {
        ReplyBuffer out = c.reply;
        int errorsBefore = out.errorCount();
        long attributedBefore = attributedErrors;
        CommandSpec outer = current;
        current = spec;
        byte[][] outerArgv = c.propagateArgv;
        boolean outerPrevent = c.preventPropagation;
        c.propagateArgv = argv;
        c.preventPropagation = false;
        long dirtyBefore = stats.dirty;
        propagation.enter();
        long t0 = System.nanoTime();
        int mark = out.length();
        try {
            spec.handler().execute(c, argv);
            if (c.tracking != null && spec.has(CommandFlag.READONLY)) tracking.rememberKeys(c, spec, argv);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // a bug in one command, or a request too big for the heap, must not take the engine thread (and every
            // client) down with it; caught here, the state around the call (propagation, current command) stays sound
            LOG.log(Level.SEVERE, "Command '" + spec.fullName() + "' failed", e);
            out.truncate(mark);
            out.error("ERR internal error in '" + spec.fullName() + "': " + e);
            if (e instanceof OutOfMemoryError) c.closeAfterReply = true;
        }
        long us = (System.nanoTime() - t0) / 1000;
        if (watch.wants(us)) watch.afterCall(c, spec, argv, us);
        // as Redis's call(): a command that changed data propagates itself (EXEC only through its commands)
        if (stats.dirty > dirtyBefore && !c.preventPropagation) propagation.add(c.dbIndex(), c.propagateArgv);
        c.propagateArgv = outerArgv;
        c.preventPropagation = outerPrevent;
        propagation.exit(spec.atomicPropagation());
        current = outer;
        spec.calls++;
        spec.microseconds += us;
        // a command that blocked is recorded when it is served, with its whole time (afterUnblocked)
        if (c.blocked != null) c.blocked.callMicros = us;
        else if (latencyTracking) spec.recordLatency(us);
        stats.totalCommands++;
        int produced = out.errorCount() - errorsBefore;
        long own = produced - (attributedErrors - attributedBefore);
        if (own > 0) {
            spec.failedCalls++;
            countErrors(out, own);
        }
        attributedErrors = attributedBefore + produced;
    }

    /** Applies CLIENT REPLY OFF/SKIP to the reply of the command just processed. */
    void finishReply(Client c, int mark) {
        if (c.replyOff || c.replySkip) c.discardRepliesFrom(mark);
        c.replySkip = false;
        if (c.replySkipNext) {
            c.replySkip = true;
            c.replySkipNext = false;
        }
    }

    void countErrors(ReplyBuffer out, long n) {
        stats.totalErrorReplies += n;
        stats.errorCodes.merge(out.lastErrorCode(), n, Long::sum);
    }

    private static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            String arg = truncate(argv[i], 128 - args.length()); // Redis's "'%.*s' ": room counted before the quote
            args.append('\'').append(arg).append("' ");
        }
        return "ERR unknown command '" + truncate(argv[0], 128) + "', with args beginning with: " + args;
    }

    /** Redis's "%.*s" of an argument: at most {@code max} bytes, ending at a NUL byte; one char per byte. */
    private static String truncate(byte[] b, int max) {
        int n = Math.min(b.length, Math.max(max, 0));
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                n = i;
                break;
            }
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Periodic work at {@code hz}: active expiry and housekeeping (engine thread). */
    void cron() {
        if (cronPaused || loading) return; // while loading, the loader serves clients between its chunks
        commandTimeMs = System.currentTimeMillis();
        if (shutdownAsap) { // still set during the final save: a second SIGINT then exits at once, as in Redis
            LOG.warning("User requested shutdown...");
            boolean ok = FinalSave.run(this, false, false, false);
            shutdownAsap = false;
            if (ok) {
                shutdown();
                return;
            }
        }
        activeExpiry.cycle();
        propagation.flush(false);
        stats.sampleRates(commandTimeMs);
        closeIdleClients();
        migrateSockets.closeIdle(commandTimeMs);
        tracking.limitTable();
        pause.paused(); // a pause whose time is up ends, releasing its clients
        resizeClientBuffers();
        outputLimits.cron();
        rehashIdleDicts();
        aof.rewrite().cron();
        backgroundSave.cron();
        replication.cron(commandTimeMs);
    }

    /**
     * Once a second, every client gives back buffers grown for bigger requests or replies than it had lately
     * (Redis's clientsCronResizeQueryBuffer/OutputBuffer; its reply peak restarts every 5 s as Redis's).
     */
    private void resizeClientBuffers() {
        long second = commandTimeMs / 1000;
        if (second == lastBufferResizeSecond) return;
        lastBufferResizeSecond = second;
        boolean resetPeak = second % 5 == 0;
        for (Client c : clients.values()) c.resizeBuffers(resetPeak);
    }

    /**
     * Finishes resizes of dicts nobody is touching (Redis's databasesCron incremental rehash): at most 1 ms per
     * tick, on the first database with a resize under way, so the old table of a big keyspace goes within
     * seconds instead of pinning its memory until commands happen to move it.
     */
    private void rehashIdleDicts() {
        long deadline = System.nanoTime() + 1_000_000;
        for (Database db : databases) {
            boolean worked = false;
            for (Dict<?> d : List.of(db.keyDict(), db.expireDict())) {
                while (d.rehashStep(CRON_REHASH_BUCKETS)) {
                    worked = true;
                    if (System.nanoTime() > deadline) return;
                }
            }
            if (worked) return;
        }
    }

    /** The {@code timeout} setting: connections idle longer than it are closed (Redis's clientsCronHandleTimeout). */
    private void closeIdleClients() {
        long maxIdleMs = config.getLong("timeout") * 1000;
        if (maxIdleMs <= 0) return;
        List<Client> idle = new java.util.ArrayList<>();
        for (Client c : clients.values()) {
            if (c.channel != null && c.blocked == null && !c.replica && commandTimeMs - c.lastInteractionMs > maxIdleMs) idle.add(c);
        }
        for (Client c : idle) loop.close(c);
    }

    /** Counts connected socket clients (INFO clients). */
    public int connectedClients() {
        return loop.connectionCount();
    }
}
