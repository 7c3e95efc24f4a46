package dev.beryl.net;

import dev.beryl.engine.Engine;
import dev.beryl.engine.Errors;
import dev.beryl.resp.ProtocolException;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.resp.RequestParser;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The listening RESP socket(s). Accepts connections on its own thread and hands each to the engine; until an
 * engine is registered and running it serves connections itself, replying -LOADING to every command (as Redis does
 * while loading), and hands them over as soon as there is one. An engine that is loading its data serves its
 * connections between chunks of the load, as Redis does.
 */
public final class RespListener implements Runnable {
    private static final Logger LOG = Logger.getLogger(RespListener.class.getName());
    private static final long HANDOVER_CHECK_MS = 50;
    private static final long REBIND_TIMEOUT_S = 10;

    private final List<Endpoint> endpoints;
    private final Supplier<Engine> engine;
    /** The listening sockets; replaced as a whole by the listener thread (see rebind). */
    private volatile List<Bound> servers = List.of();
    /** Work for the listener thread, which alone changes the selector's registrations. */
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private Selector selector;
    private Thread thread;
    private volatile boolean running;
    /** Connections accepted while loading and not read yet (see holdWhileLoading). */
    private final List<SocketChannel> held = new ArrayList<>();
    private long holdUntilNanos;
    private long holdMs;

    /**
     * Connections made in the first {@code ms} before an engine is registered are not read (they wait, as the
     * kernel's backlog keeps them waiting for a starting redis-server), and get -LOADING only if it takes longer.
     * Set before start; 0 (default) answers -LOADING at once.
     */
    public RespListener holdWhileLoading(long ms) {
        this.holdMs = ms;
        return this;
    }

    /** An address to listen on: TCP, or a UNIX domain socket path; an optional one may be unavailable. */
    public record Endpoint(SocketAddress address, boolean optional) {}

    private record Bound(Endpoint endpoint, ServerSocketChannel channel) {}

    /** One entry per local address to listen on; see {@link #parseBind}. */
    public RespListener(List<Endpoint> endpoints, Supplier<Engine> engine) {
        this.endpoints = endpoints;
        this.engine = engine;
    }

    /**
     * Redis's bind syntax: space separated addresses, "*" for all IPv4, "::*" for all IPv6; a leading "-" marks
     * an address that may be unavailable; none (an empty bind) for no TCP socket.
     */
    public static List<Endpoint> parseBind(String bind, int port) {
        List<Endpoint> out = new ArrayList<>();
        if (bind.isBlank()) return out;
        for (String a : bind.trim().split("\\s+")) {
            String host = a.startsWith("-") ? a.substring(1) : a;
            if (host.equals("*")) host = "0.0.0.0";
            else if (host.equals("::*")) host = "::";
            out.add(new Endpoint(new InetSocketAddress(host, port), a.startsWith("-")));
        }
        return out;
    }

    /** The TCP sockets of the settings bind and port, as Redis: none for port 0 or an empty bind. */
    public static List<Endpoint> tcpEndpoints(String bind, int port) {
        return port == 0 ? List.of() : parseBind(bind, port);
    }

    /**
     * Binds every address and starts the accept thread. As Redis's listenToPort, an address that cannot be bound
     * fails the start (after releasing the others), unless it is optional and not available on this machine. With
     * no address bound the thread runs all the same, for a later {@link #rebind}; see {@link #listening}.
     */
    public synchronized void start(ThreadFactory threads) throws IOException {
        selector = Selector.open();
        try {
            servers = bindAll(endpoints, List.of());
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        running = true;
        holdUntilNanos = System.nanoTime() + holdMs * 1_000_000;
        thread = threads.newThread(this);
        thread.setName("beryl-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Moves the listener to other addresses (CONFIG SET port or bind). Unlike Redis, which closes its sockets
     * first, the new addresses are bound while the old sockets still listen, so a failure leaves the listener as it
     * was; an address in both keeps its socket. Connections already accepted are not affected.
     */
    public void rebind(List<Endpoint> wanted) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (!running) throw new IOException("the listener is stopped");
            tasks.add(() -> {
                if (done.isDone()) return; // the caller gave up waiting
                try {
                    servers = moveTo(wanted);
                    done.complete(null);
                } catch (IOException | RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
            selector.wakeup();
        }
        try {
            done.get(REBIND_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            done.completeExceptionally(e);
            throw new IOException("the listener thread did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** On the listener thread: the sockets for {@code wanted}, the old ones closed once those are bound. */
    private List<Bound> moveTo(List<Endpoint> wanted) throws IOException {
        List<Bound> old = servers;
        if (!holdsWildcardOverlap(old, wanted)) {
            List<Bound> next = bindAll(wanted, old);
            List<Bound> unused = new ArrayList<>(old);
            unused.removeAll(next);
            closeAll(unused);
            return next;
        }
        // an old socket holds the port for the new address (0.0.0.0 and 127.0.0.1 on one port cannot both listen):
        // as Redis, close the old sockets first, and bind them back if the new ones fail
        closeAll(old);
        try {
            return bindAll(wanted, List.of());
        } catch (IOException e) {
            try {
                servers = bindAll(old.stream().map(Bound::endpoint).toList(), List.of());
            } catch (IOException lost) {
                servers = List.of();
                LOG.warning("Failed to listen again on the previous addresses: " + lost.getMessage());
            }
            throw e;
        }
    }

    /** Whether a wanted address shares its port with a different old one, one of them a wildcard. */
    private static boolean holdsWildcardOverlap(List<Bound> old, List<Endpoint> wanted) {
        for (Bound b : old) {
            for (Endpoint e : wanted) {
                if (b.endpoint().address() instanceof InetSocketAddress o && e.address() instanceof InetSocketAddress n
                        && o.getPort() == n.getPort() && !o.equals(n) && (wildcard(o) || wildcard(n))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean wildcard(InetSocketAddress a) {
        return a.getAddress() != null && a.getAddress().isAnyLocalAddress();
    }

    /**
     * Sockets for {@code wanted}, reusing those of {@code open} bound to the same address; all or none: on failure
     * the ones it bound are closed again.
     */
    private List<Bound> bindAll(List<Endpoint> wanted, List<Bound> open) throws IOException {
        List<Bound> out = new ArrayList<>();
        List<Bound> opened = new ArrayList<>();
        for (Endpoint e : wanted) {
            Bound same = open.stream().filter(b -> b.endpoint().address().equals(e.address())).findFirst().orElse(null);
            if (same != null) {
                out.add(same);
                continue;
            }
            try {
                Bound b = new Bound(e, bind(e.address()));
                opened.add(b);
                out.add(b);
            } catch (IOException ex) {
                // "* -::*": the IPv4 wildcard's socket is dual-stack (Java has no IPV6_V6ONLY), so it already
                // takes IPv6 connections and the optional IPv6 wildcard finds its port in use
                if (e.optional() && isWildcard(e.address()) && out.stream().anyMatch(b -> isWildcard(b.endpoint().address())
                        && ((InetSocketAddress) b.endpoint().address()).getPort() == ((InetSocketAddress) e.address()).getPort())) {
                    continue;
                }
                if (e.address() instanceof InetSocketAddress a) {
                    LOG.warning("Warning: Could not create server TCP listening socket " + a.getHostString() + ":"
                            + a.getPort() + ": " + (ex instanceof BindException ? "bind: " : "") + ex.getMessage());
                }
                if (e.optional() && ex instanceof BindException && !ex.getMessage().contains("in use")) continue;
                closeAll(opened);
                throw ex;
            }
        }
        return List.copyOf(out);
    }

    private static boolean isWildcard(SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() != null && i.getAddress().isAnyLocalAddress();
    }

    /** Closes listening sockets; the kernel's socket closes when the selector drops its key, at its next select. */
    private void closeAll(List<Bound> bound) throws IOException {
        for (Bound b : bound) b.channel().close();
        if (!bound.isEmpty()) selector.selectNow();
    }

    private ServerSocketChannel bind(SocketAddress address) throws IOException {
        if (address instanceof InetSocketAddress a && a.isUnresolved()) {
            throw new UnknownHostException("Name or service not known"); // getaddrinfo's text, which Redis logs
        }
        ServerSocketChannel s;
        if (address instanceof UnixDomainSocketAddress) {
            s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            s = ServerSocketChannel.open();
            s.socket().setReuseAddress(true);
        }
        try {
            s.bind(address, 511);
            s.configureBlocking(false);
            s.register(selector, SelectionKey.OP_ACCEPT);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** The port actually bound (useful with port 0 in tests); -1 for a UNIX domain socket or none. */
    public int localPort() {
        List<Bound> s = servers;
        try {
            return !s.isEmpty() && s.get(0).channel().getLocalAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Whether any socket is listening. */
    public boolean listening() {
        return !servers.isEmpty();
    }

    public synchronized void stop() {
        running = false;
        if (selector != null) selector.wakeup();
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(HANDOVER_CHECK_MS);
                for (Runnable t; (t = tasks.poll()) != null; ) t.run();
                for (SelectionKey k : selector.selectedKeys()) {
                    if (!k.isValid()) continue;
                    if (k.isAcceptable()) accept((ServerSocketChannel) k.channel());
                    else if (k.isReadable()) serveLoading(k);
                }
                selector.selectedKeys().clear();
                handOverIfReady();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "RESP listener failed", e);
        } finally {
            for (SocketChannel ch : held) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // shutting down
                }
            }
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // shutting down
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
    }

    private void accept(ServerSocketChannel server) throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            Engine e = ready();
            if (e != null) {
                e.adopt(ch);
            } else if (System.nanoTime() < holdUntilNanos) {
                held.add(ch);
            } else {
                serveWhileLoading(ch);
            }
        }
    }

    private void serveWhileLoading(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ, new RequestParser(1024));
    }

    /** Before the engine is ready: answer each complete command with -LOADING, keep the connection. */
    private void serveLoading(SelectionKey k) {
        SocketChannel ch = (SocketChannel) k.channel();
        RequestParser parser = (RequestParser) k.attachment();
        ReplyBuffer out = new ReplyBuffer(64);
        try {
            int n = ch.read(parser.writableView());
            if (n < 0) {
                k.cancel();
                ch.close();
                return;
            }
            parser.commit(n);
            if (parser.overLimit()) { // client-query-buffer-limit's default: closed without a reply, as the engine does
                k.cancel();
                ch.close();
                return;
            }
            boolean close = false;
            try {
                byte[][] argv;
                while ((argv = parser.next()) != null) {
                    if (argv.length > 0) out.error(Errors.LOADING);
                }
            } catch (ProtocolException pe) {
                out.error(pe.getMessage().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                close = true;
            }
            ByteBuffer b = ByteBuffer.wrap(out.array(), 0, out.length());
            while (b.hasRemaining()) {
                if (ch.write(b) == 0) Thread.onSpinWait();
            }
            if (close) {
                k.cancel();
                ch.close();
            }
        } catch (IOException e) {
            k.cancel();
            try {
                ch.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    /** The engine once it takes connections: registered and running (it may be loading still; not stopped by a failed load). */
    private Engine ready() {
        Engine e = engine.get();
        return e == null || !e.isRunning() ? null : e;
    }

    private void handOverIfReady() throws IOException {
        Engine e = ready();
        if (e == null) {
            if (!held.isEmpty() && System.nanoTime() >= holdUntilNanos) {
                for (SocketChannel ch : held) serveWhileLoading(ch);
                held.clear();
            }
            return;
        }
        for (SocketChannel ch : held) e.adopt(ch);
        held.clear();
        for (SelectionKey k : selector.keys()) {
            if (k.channel() instanceof SocketChannel ch && k.isValid()) {
                k.cancel();
                e.adopt(ch, (RequestParser) k.attachment());
            }
        }
    }
}
