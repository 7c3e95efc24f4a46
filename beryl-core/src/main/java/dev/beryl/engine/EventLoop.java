package dev.beryl.engine;

import dev.beryl.resp.BufferGrowth;
import dev.beryl.resp.RequestParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine thread's loop, like Redis's ae event loop: one selector for every client connection, plus a
 * queue of tasks from other threads (new connections, REST and @Inject calls, timer ticks). Each wake-up
 * reads every ready connection, parses and runs all complete commands in its buffer, then writes each
 * client's replies with one write. No locks, no per-command hand-off.
 *
 * <p>What goes wrong while serving one client (a bug in a command, an OutOfMemoryError from its input) closes
 * that client and the loop goes on; only a failure outside any client's work ends the loop, and the engine then
 * reports itself dead ({@link Engine#onFatal}).
 *
 * <p>A query buffer bigger than {@link #INLINE_GROWTH_MAX} is made on another thread ({@link BufferGrowth}): the
 * JVM zeroes a fresh array on the thread that asks for it, a few ms per MB of new memory, and one client's 256 MB
 * argument would otherwise stop every other client for most of a second. The connection is not read meanwhile.
 */
final class EventLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(EventLoop.class.getName());
    /** Most bytes handed to one socket write (see flush). */
    private static final int WRITE_SLICE = 256 * 1024;
    /** Most reads of one connection per loop turn (see read). */
    private static final int READS_PER_TURN = 8;
    /** The biggest query buffer the engine thread allocates itself. */
    static final int INLINE_GROWTH_MAX = 1024 * 1024;

    private final Engine engine;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final List<Client> pendingWrites = new ArrayList<>();
    private final List<SelectionKey> ready = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Thread thread;
    private ThreadPoolExecutor bufferMaker; // made when first needed, from the engine's thread factory
    private int growthsInFlight;

    EventLoop(Engine engine) throws IOException {
        this.engine = engine;
        this.selector = Selector.open();
    }

    boolean inLoop() { return Thread.currentThread() == thread; }

    /** Queues a task for the engine thread (any thread). */
    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) selector.wakeup();
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            while (running) {
                engine.heartbeat();
                // the timeout keeps the liveness heartbeat ticking and wakes blocked clients at their deadline
                // keys come in the order the OS reports them (epoll: the order connections became ready), so
                // commands sent one after another on different connections run in that order, as in Redis
                if (tasks.isEmpty()) selector.select(ready::add, engine.sleepMs());
                else selector.selectNow(ready::add);
                wakeupPending.set(false);
                runTasks();
                serve(ready);
                engine.beforeSleep();
                engine.beforeReplies();
                flushPending();
            }
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "Beryl engine loop failed", t);
            engine.loopDied(t);
        } finally {
            if (bufferMaker != null) bufferMaker.shutdownNow();
            for (SelectionKey k : selector.keys()) close((Client) k.attachment());
            try {
                selector.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
    }

    /** Reads and writes the connections the selector reported ready, then forgets them. */
    private void serve(List<SelectionKey> keys) {
        for (SelectionKey k : keys) {
            Client c = (Client) k.attachment();
            if (!k.isValid()) continue;
            try {
                if (k.isWritable()) flush(c);
                if (k.isValid() && k.isReadable()) read(c);
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                clientFailed(c, e);
            }
        }
        keys.clear();
    }

    /**
     * From inside a long job on the engine thread (the load at start): serves what is ready without waiting, up to
     * four rounds while there is something, as Redis's processEventsWhileBlocked. Queued tasks run too: new
     * connections are registered, REST calls answered (commands not allowed while loading get -LOADING).
     */
    void processEventsWhileBlocked() {
        engine.heartbeat();
        List<SelectionKey> keys = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            try {
                selector.selectNow(keys::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean ranTasks = !tasks.isEmpty();
            if (keys.isEmpty() && !ranTasks) return;
            runTasks();
            serve(keys);
            engine.beforeReplies();
            flushPending();
        }
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                LOG.log(Level.WARNING, "Beryl engine task failed", e);
            }
        }
        engine.beforeReplies();
        flushPending();
    }

    /** Registers an accepted connection (engine thread). */
    void register(SocketChannel ch, RequestParser parser) {
        try {
            ch.configureBlocking(false);
            SocketAddress local = ch.getLocalAddress();
            String addr, laddr;
            if (local instanceof UnixDomainSocketAddress u) {
                addr = laddr = u.getPath() + ":0"; // as Redis: the socket's path for both ends
            } else {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                addr = describe(ch.getRemoteAddress());
                laddr = describe(local);
            }
            byte[] refusal = engine.refusal(ch.getRemoteAddress());
            if (refusal != null) {
                // Redis writes the error and closes; what the client sent meanwhile is read first: closing a socket
                // with unread input resets the connection, and some clients' systems (Windows) then drop the error
                ch.write(ByteBuffer.wrap(refusal));
                drain(ch);
                ch.close();
                return;
            }
            Client c = engine.newClient(ch, addr, laddr, parser);
            parser.inlineGrowthMax(INLINE_GROWTH_MAX);
            c.selectionKey = ch.register(selector, SelectionKey.OP_READ, c);
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private static void drain(SocketChannel ch) throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        for (int i = 0; i < 16 && ch.read(sink) > 0; i++) sink.clear();
    }

    private static String describe(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress();
            if (host.contains(":")) host = "[" + host + "]"; // as Redis's anetFormatAddr
            return host + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    /**
     * Reads and runs what the client sent. A read that filled the free space of the query buffer is followed by
     * another (up to {@link #READS_PER_TURN}), so a big request (MSET of 16 KiB values) arrives in a few system
     * calls instead of one loop turn per buffer's worth.
     */
    private void read(Client c) {
        for (int reads = 0; reads < READS_PER_TURN; reads++) {
            ByteBuffer view = c.parser.writableView();
            if (view == null) {
                growBuffer(c);
                break;
            }
            int n;
            try {
                n = c.channel.read(view);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                close(c);
                return;
            }
            if (n == 0) break;
            boolean filled = c.parser.commit(n);
            engine.stats().netInputBytes += n;
            if (c.parser.overLimit()) {
                // as Redis's readQueryFromClient: checked before parsing, closed without a reply
                LOG.warning("Closing client that reached max query buffer length: id=" + c.id + " addr=" + c.addr
                        + " qbuf=" + c.parser.pending() + " (qbuf initial bytes: " + c.parser.head(64) + ")");
                close(c);
                return;
            }
            engine.processInput(c);
            if (!filled || c.isClosing() || c.isBlocked()) break;
        }
        markPendingWrite(c);
    }

    /**
     * Has the bigger query buffer the client's parser asks for made on the buffer maker's thread, and stops reading
     * the client until it is back. An OutOfMemoryError there closes the client, as one on the engine thread would.
     */
    private void growBuffer(Client c) {
        BufferGrowth g = c.parser.growth();
        bufferMaker().execute(() -> {
            try {
                g.run();
                execute(() -> bufferGrown(c, g, null));
            } catch (OutOfMemoryError e) {
                execute(() -> bufferGrown(c, g, e));
            }
        });
        growthsInFlight++; // once queued: a refused growth (the engine stopping) closes the client instead
        c.selectionKey.interestOps(c.selectionKey.interestOps() & ~SelectionKey.OP_READ);
    }

    private void bufferGrown(Client c, BufferGrowth g, OutOfMemoryError failure) {
        growthsInFlight--;
        if (c.closed) return; // the buffer is garbage with the client
        if (failure != null) {
            clientFailed(c, failure);
            return;
        }
        c.parser.grown(g);
        SelectionKey k = c.selectionKey;
        if (k.isValid()) k.interestOps(k.interestOps() | SelectionKey.OP_READ);
    }

    private ThreadPoolExecutor bufferMaker() {
        if (bufferMaker == null) {
            // one thread, gone when idle: growths queue behind each other, one per client at most
            bufferMaker = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = engine.threadFactory().newThread(r);
                t.setName("beryl-buffers");
                return t;
            });
            bufferMaker.allowCoreThreadTimeOut(true);
        }
        return bufferMaker;
    }

    /** Query buffer growths asked of the buffer maker and not yet back on the engine thread (tests). */
    int growthsInFlight() { return growthsInFlight; }

    /** The client's read interest: none while its parser waits for a bigger buffer. */
    private static int readOp(Client c) {
        return c.parser.growth() == null ? SelectionKey.OP_READ : 0;
    }

    void markPendingWrite(Client c) {
        if (!c.pendingWrite && c.channel != null) {
            c.pendingWrite = true;
            pendingWrites.add(c);
        }
    }

    private void flushPending() {
        for (int i = 0; i < pendingWrites.size(); i++) {
            Client c = pendingWrites.get(i);
            c.pendingWrite = false;
            try {
                flush(c);
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                clientFailed(c, e);
            }
        }
        pendingWrites.clear();
    }

    /**
     * A failure while serving one client: that client is closed and the loop goes on. An OutOfMemoryError here
     * came from this client's work (its input, its command); what it allocated is garbage once it is closed.
     */
    private void clientFailed(Client c, Throwable e) {
        LOG.log(Level.WARNING, "Beryl closed client id=" + c.id + " addr=" + c.addr + " after an error while serving it", e);
        close(c);
    }

    private void flush(Client c) {
        if (c.closed) return;
        if (engine.outputLimits().check(c, true)) { // over its limit: closed without its replies, as Redis
            close(c);
            return;
        }
        if (c.outputSource != null && c.reply.pending() < WRITE_SLICE && c.outputSource.ready() && !c.outputSource.fill(c.reply)) {
            c.outputSource = null;
        }
        if (!c.reply.isEmpty()) {
            try {
                // A heap buffer is copied into a temporary direct one by each write, and only what the socket
                // takes is kept: slices bound that copy for a big reply the socket accepts in pieces.
                int n;
                do {
                    ByteBuffer b = c.writeView();
                    b.limit(b.position() + Math.min(b.remaining(), WRITE_SLICE));
                    n = c.channel.write(b);
                    engine.stats().netOutputBytes += n;
                    c.reply.consume(n);
                } while (n == WRITE_SLICE && !c.reply.isEmpty());
            } catch (IOException e) {
                close(c);
                return;
            }
        }
        SelectionKey k = c.selectionKey;
        if (!c.reply.isEmpty() || (c.outputSource != null && c.outputSource.ready())) {
            if (k != null && k.isValid()) k.interestOps(readOp(c) | SelectionKey.OP_WRITE);
            return;
        }
        if (c.closeAfterReply) {
            close(c);
        } else if (k != null && k.isValid() && (k.interestOps() & SelectionKey.OP_WRITE) != 0) {
            k.interestOps(readOp(c));
        }
    }

    void close(Client c) {
        if (c == null || c.closed) return;
        c.closed = true;
        if (c.selectionKey != null) c.selectionKey.cancel();
        BufferGrowth g = c.parser.growth();
        if (g != null) g.cancel();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        engine.clientClosed(c);
    }

    int connectionCount() {
        return selector.keys().size();
    }
}
