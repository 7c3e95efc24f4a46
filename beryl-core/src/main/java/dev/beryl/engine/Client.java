package dev.beryl.engine;

import dev.beryl.resp.ReplyBuffer;
import dev.beryl.resp.RequestParser;

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
        if (parser != null) parser.limits(engine.inputLimits());
    }

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

    /** Closes the connection after the replies produced so far are written (QUIT). */
    public void closeAfterReply() { closeAfterReply = true; }
    public boolean isClosing() { return closeAfterReply || closed; }

    public boolean replyOff() { return replyOff; }
    public void setReplyMode(boolean off, boolean skipNext) {
        replyOff = off;
        replySkipNext = skipNext;
        if (!off && !skipNext) replySkip = false;
    }

    public boolean isReplica() { return replica; }
    public void setReplica(boolean b) { replica = b; }
    public void setOutputSource(OutputSource s) { outputSource = s; }

    public boolean noEvict() { return noEvict; }
    public void setNoEvict(boolean b) { noEvict = b; }

    public Transaction transaction() { return transaction; }
    public boolean isBlocked() { return blocked != null; }

    /**
     * RESET: back to the state of a new connection (Redis's clearClientConnectionState): db 0, RESP2, no name,
     * replies on, no transaction or watches. A CLIENT REPLY SKIP already in force still skips the RESET reply.
     */
    public void resetConnectionState() {
        select(0);
        setResp(2);
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
