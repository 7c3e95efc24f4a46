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
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
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

    private final List<Endpoint> endpoints;
    private final Supplier<Engine> engine;
    private final List<ServerSocketChannel> servers = new ArrayList<>();
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

    /** One entry per local address to listen on; see {@link #parseBind}. */
    public RespListener(List<Endpoint> endpoints, Supplier<Engine> engine) {
        this.endpoints = endpoints;
        this.engine = engine;
    }

    /**
     * Redis's bind syntax: space separated addresses, "*" for all IPv4, "::*" for all IPv6; a leading "-" marks
     * an address that may be unavailable.
     */
    public static List<Endpoint> parseBind(String bind, int port) {
        List<Endpoint> out = new ArrayList<>();
        for (String a : bind.trim().split("\\s+")) {
            String host = a.startsWith("-") ? a.substring(1) : a;
            if (host.equals("*")) host = "0.0.0.0";
            else if (host.equals("::*")) host = "::";
            out.add(new Endpoint(new InetSocketAddress(host, port), a.startsWith("-")));
        }
        return out;
    }

    /**
     * Binds every address and starts the accept thread. As Redis's listenToPort, an address that cannot be bound
     * fails the start (after releasing the others), unless it is optional and not available on this machine.
     */
    public synchronized void start(ThreadFactory threads) throws IOException {
        selector = Selector.open();
        for (Endpoint e : endpoints) {
            try {
                servers.add(bind(e.address()));
            } catch (IOException ex) {
                if (e.address() instanceof InetSocketAddress a) {
                    LOG.warning("Warning: Could not create server TCP listening socket " + a.getHostString() + ":"
                            + a.getPort() + ": bind: " + ex.getMessage());
                }
                if (e.optional() && ex instanceof BindException && !ex.getMessage().contains("in use")) continue;
                for (ServerSocketChannel s : servers) s.close();
                servers.clear();
                selector.close();
                throw ex;
            }
        }
        if (servers.isEmpty()) {
            selector.close();
            throw new IOException("no address to bind");
        }
        running = true;
        holdUntilNanos = System.nanoTime() + holdMs * 1_000_000;
        thread = threads.newThread(this);
        thread.setName("beryl-listener");
        thread.setDaemon(true);
        thread.start();
    }

    private ServerSocketChannel bind(SocketAddress address) throws IOException {
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

    /** The port actually bound (useful with port 0 in tests); -1 for a UNIX domain socket. */
    public int localPort() {
        try {
            return !servers.isEmpty() && servers.get(0).getLocalAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
        } catch (IOException e) {
            return -1;
        }
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
