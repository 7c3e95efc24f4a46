package dev.beryl.engine;

import dev.beryl.pubsub.Subscriptions;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.resp.RequestParser;
import dev.beryl.tracking.ClientTracking;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client: a RESP connection, or an internal caller (REST, @Inject) with no socket. Holds the query buffer,
 * the reply buffer and per-connection state (selected db, protocol, name, reply mode, transaction). Engine thread
 * only.
 */
public final class Client {
    final long id;
    final Engine engine;
    final SocketChannel channel;
    final RequestParser parser;
    final ReplyBuffer reply;
    SelectionKey selectionKey;
    private ByteBuffer writeView;

    private Database db;
    private byte[] name;
    private String libName = "";
    private String libVersion = "";
    final String addr;
    final String laddr;
    final long createdMs;
    long lastInteractionMs;
    String lastCommand = "NULL";
    /** The arguments of the command being run, for CLIENT LIST's argv-mem; null between commands. */
    byte[][] argv;
    /** The current command as it will be propagated (rewritten by the command, or as received). */
    byte[][] propagateArgv;
    /** The command propagates nothing itself (it added what it did with {@link #alsoPropagate}). */
    boolean preventPropagation;
    /** Most bytes the reply buffer held when written out in the last seconds (CLIENT LIST's rbp). */
    int replyPeak;
    final Transaction transaction = new Transaction();
    /** Set while the client waits in a blocking command (Redis's CLIENT_BLOCKED). */
    Blocking.Blocked blocked;

    /** Close once pending replies are written (QUIT, protocol errors, CLIENT KILL). */
    boolean closeAfterReply;
    boolean closed;
    boolean pendingWrite;
    boolean replyOff, replySkip, replySkipNext;
    boolean noEvict;
    /** The AOF loader's client: its commands run while the engine is loading. */
    boolean loader;
    /**
     * Redis's c->authenticated: set at connect and by RESET when the default user needs no password, and by AUTH.
     * Internal callers (REST, @Inject, AOF loading) are trusted: always authenticated.
     */
    boolean authenticated;
    /** CLIENT TRACKING state; null when off. */
    ClientTracking tracking;
    /** Pub/Sub subscriptions, null until the first (see dev.beryl.pubsub). */
    private Subscriptions subscriptions;
    /** Pushes made while the current command's replies are discarded (CLIENT REPLY OFF|SKIP): they go out. */
    private ReplyBuffer heldPushes;
    /** Over its output buffer limit: closed at the end of the loop turn, its replies unwritten (CLOSE_ASAP). */
    boolean closeAsap;
    /** When the output buffer first went over the soft limit, in seconds (0: under it); see OutputLimits. */
    long softLimitSince;
    /** A replica fed by this server (SYNC, PSYNC): CLIENT LIST flag S, no idle timeout. */
    boolean replica;
    /** Output written as the socket drains (a replica's RDB file), or null. */
    OutputSource outputSource;

    Client(long id, Engine engine, SocketChannel channel, String addr, String laddr) {
        this(id, engine, channel, addr, laddr, channel == null ? null : new RequestParser());
    }

    /** A connection whose first bytes were read elsewhere (the listener, while loading) into {@code parser}. */
    Client(long id, Engine engine, SocketChannel channel, String addr, String laddr, RequestParser parser) {
        this.id = id;
        this.engine = engine;
        this.channel = channel;
        this.parser = parser;
        this.reply = new ReplyBuffer(channel == null ? 256 : 16 * 1024);
        this.addr = addr;
        this.laddr = laddr;
        this.createdMs = System.currentTimeMillis();
        this.lastInteractionMs = createdMs;
        this.db = engine.database(0);
        this.authenticated = defaultAuth();
        if (parser != null) {
            parser.limits(engine.inputLimits());
            parser.authGate(this::authRequired);
        }
    }

    private boolean defaultAuth() { return channel == null || engine.users().defaultNopass(); }

    public long id() { return id; }
    public Engine engine() { return engine; }
    public ReplyBuffer reply() { return reply; }
    public Database db() { return db; }
    public int dbIndex() { return db.id(); }
    public void select(int index) { db = engine.database(index); }
    public int resp() { return reply.resp(); }
    public void setResp(int v) { reply.setResp(v); }
    public byte[] name() { return name; }
    public void setName(byte[] n) { name = n; }
    public String libName() { return libName; }
    public void setLibName(String s) { libName = s; }
    public String libVersion() { return libVersion; }
    public void setLibVersion(String s) { libVersion = s; }
    public String addr() { return addr; }
    public String laddr() { return laddr; }
    public long createdMs() { return createdMs; }
    public long lastInteractionMs() { return lastInteractionMs; }
    public String lastCommand() { return lastCommand; }
    public boolean isInternal() { return channel == null; }

    public Subscriptions subscriptions() { return subscriptions; }
    public void subscriptions(Subscriptions s) { subscriptions = s; }
    /** In Pub/Sub mode (Redis's CLIENT_PUBSUB): subscribed to a channel, pattern or shard channel. */
    public boolean isSubscribed() { return subscriptions != null && !subscriptions.isEmpty(); }

    /**
     * Where a push (a subscription confirmation, a published message) goes: the replies, unless the command being
     * run has its replies discarded by CLIENT REPLY OFF|SKIP, which pushes pass through as in Redis
     * (CLIENT_PUSHING): they are held aside and appended after the discard.
     */
    public ReplyBuffer pushBuffer() {
        if (!((replyOff || replySkip) && argv != null)) return reply;
        if (heldPushes == null) heldPushes = new ReplyBuffer(256);
        heldPushes.setResp(reply.resp());
        return heldPushes;
    }

    /** After a push to this client from elsewhere (PUBLISH): its write is scheduled and its output limit checked. */
    public void pushed() {
        if (channel == null) return;
        engine.markPendingWrite(this);
        engine.outputLimits().check(this, true);
    }

    /**
     * Whether the replies so far passed this client's output buffer limit, which then closes it: a long reply
     * stops there (Redis checks CLIENT_CLOSE_ASAP in the loops of KEYS and the random-member commands).
     */
    public boolean outputLimitReached() { return engine.outputLimits().check(this, true); }

    /** Discards the replies from {@code mark} on (CLIENT REPLY OFF|SKIP), keeping the pushes made meanwhile. */
    void discardRepliesFrom(int mark) {
        reply.truncate(mark);
        if (heldPushes != null && !heldPushes.isEmpty()) {
            reply.raw(heldPushes.array(), heldPushes.start(), heldPushes.pending());
            heldPushes.clear();
        }
    }

    public RequestParser parser() { return parser; }

    /**
     * Propagates the current command as these arguments instead of as received (Redis's
     * rewriteClientCommandVector): relative TTLs become absolute, random picks become the removals made.
     */
    public void rewriteArgv(byte[]... argv) { propagateArgv = argv; }

    /** The current command propagates nothing of its own (Redis's preventCommandPropagation). */
    public void preventPropagation() { preventPropagation = true; }

    /** Propagates one more command in the current database after the current one's (Redis's alsoPropagate). */
    public void alsoPropagate(byte[]... argv) { engine.propagation().add(db.id(), argv); }

    /** A keyspace event on a key of the client's database (Redis's notifyKeyspaceEvent(..., c->db->id)). */
    public void keyspaceEvent(int type, String event, byte[] key) {
        engine.pubsub().events().notify(type, event, key, db.id());
    }

    /** Closes the connection after the replies produced so far are written (QUIT). */
    public void closeAfterReply() { closeAfterReply = true; }
    public boolean isClosing() { return closeAfterReply || closed || closeAsap; }

    public boolean replyOff() { return replyOff; }
    public void setReplyMode(boolean off, boolean skipNext) {
        replyOff = off;
        replySkipNext = skipNext;
        if (!off && !skipNext) replySkip = false;
    }

    public ClientTracking tracking() { return tracking; }
    public void tracking(ClientTracking t) { tracking = t; }
    public boolean isReplica() { return replica; }
    public void setReplica(boolean b) { replica = b; }
    public void setOutputSource(OutputSource s) { outputSource = s; }

    public boolean noEvict() { return noEvict; }
    public void setNoEvict(boolean b) { noEvict = b; }

    public boolean authenticated() { return authenticated; }
    public void setAuthenticated(boolean b) { authenticated = b; }
    /** Redis's authRequired: not authenticated while the default user has a password. */
    public boolean authRequired() { return !authenticated && !engine.users().defaultNopass(); }

    public Transaction transaction() { return transaction; }
    public boolean isBlocked() { return blocked != null; }

    /**
     * RESET: back to the state of a new connection (Redis's clearClientConnectionState): db 0, RESP2, the default
     * user (not authenticated if it has a password), no name, replies on, no transaction or watches, no
     * subscriptions, no tracking. A CLIENT REPLY SKIP already in force still skips the RESET reply.
     */
    public void resetConnectionState() {
        engine.pubsub().leaveAll(this);
        engine.tracking().disable(this);
        select(0);
        setResp(2);
        authenticated = defaultAuth();
        transaction.discard();
        name = null;
        replyOff = false;
        replySkipNext = false;
    }

    /** Bytes of the current command's arguments (CLIENT LIST argv-mem). */
    public long argvBytes() {
        if (argv == null) return 0;
        long n = 0;
        for (byte[] a : argv) n += a.length;
        return n;
    }

    public int replyCapacity() { return reply.array().length; }
    /** What Redis's reply blocks beyond its 16 KiB static buffer would take for the unwritten replies (omem). */
    public long outputBufferUsage() { return OutputLimits.usage(this); }
    /** How many of those blocks (CLIENT LIST oll). */
    public long outputBufferBlocks() { return OutputLimits.blocks(this); }
    public int replyPeak() { return Math.max(replyPeak, reply.pending()); }

    /** The events the connection waits for, as CLIENT LIST shows them: "r", "rw", or "" without a socket. */
    public String events() {
        SelectionKey k = selectionKey;
        if (k == null || !k.isValid()) return "";
        int ops = k.interestOps();
        // reading waits only while the query buffer grows elsewhere: Redis would be reading
        return ((ops & SelectionKey.OP_READ) != 0 || parser.growth() != null ? "r" : "") + ((ops & SelectionKey.OP_WRITE) != 0 ? "w" : "");
    }

    ByteBuffer writeView() {
        if (writeView == null || writeView.array() != reply.array()) writeView = ByteBuffer.wrap(reply.array());
        writeView.limit(reply.length()).position(reply.start());
        if (reply.pending() > replyPeak) replyPeak = reply.pending();
        return writeView;
    }

    /**
     * Gives back query and reply buffers grown for requests or replies much bigger than the recent ones (once a
     * second from the cron); the reply peak (CLIENT LIST's rbp) starts over when asked (every 5 s, as Redis).
     */
    void resizeBuffers(boolean resetReplyPeak) {
        if (parser != null) parser.shrinkIfOversized();
        reply.shrinkIfOversized(replyPeak, 16 * 1024);
        if (resetReplyPeak) replyPeak = 0;
    }
}
