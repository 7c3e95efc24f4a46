package dev.beryl.net;

import dev.beryl.engine.Engine;
import dev.beryl.engine.Errors;
import dev.beryl.resp.ProtocolException;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.resp.RequestParser;

import java.io.IOException;
import java.net.InetSocketAddress;
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
 * engine is ready (registered and done loading its RDB file) it serves connections itself, replying -LOADING to
 * every command (as Redis does while loading), and hands them over as soon as the engine is ready.
 */
public final class RespListener implements Runnable {
    private static final Logger LOG = Logger.getLogger(RespListener.class.getName());
    private static final long HANDOVER_CHECK_MS = 50;

    private final List<InetSocketAddress> addresses;
    private final Supplier<Engine> engine;
    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private Selector selector;
    private Thread thread;
    private volatile boolean running;

    /** One entry per local address to listen on; see {@link #parseBind}. */
    public RespListener(List<InetSocketAddress> addresses, Supplier<Engine> engine) {
        this.addresses = addresses;
        this.engine = engine;
    }

    /**
     * Redis's bind syntax: space separated addresses, "*" for all IPv4, "::*" for all IPv6; a leading "-" marks
     * an address that may be unavailable.
     */
    public static List<InetSocketAddress> parseBind(String bind, int port) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String a : bind.trim().split("\\s+")) {
            String host = a.startsWith("-") ? a.substring(1) : a;
            if (host.equals("*")) host = "0.0.0.0";
            else if (host.equals("::*")) host = "::";
            out.add(new InetSocketAddress(host, port));
        }
        return out;
    }

    /** Binds every address (failing fast if none can be bound) and starts the accept thread. */
    public synchronized void start(ThreadFactory threads) throws IOException {
        selector = Selector.open();
        IOException first = null;
        for (InetSocketAddress a : addresses) {
            try {
                ServerSocketChannel s = ServerSocketChannel.open();
                s.socket().setReuseAddress(true);
                s.bind(a, 511);
                s.configureBlocking(false);
                s.register(selector, SelectionKey.OP_ACCEPT);
                servers.add(s);
            } catch (IOException e) {
                if (first == null) first = e;
                LOG.warning("Could not bind RESP listener to " + a + ": " + e.getMessage());
            }
        }
        if (servers.isEmpty()) {
            selector.close();
            throw first != null ? first : new IOException("no address to bind");
        }
        running = true;
        thread = threads.newThread(this);
        thread.setName("beryl-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /** The port actually bound (useful with port 0 in tests). */
    public int localPort() {
        return servers.isEmpty() ? -1 : servers.get(0).socket().getLocalPort();
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
            } else {
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, new RequestParser(1024));
            }
        }
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

    /** The engine once it serves clients: registered, and done loading its data. */
    private Engine ready() {
        Engine e = engine.get();
        return e == null || e.isLoading() ? null : e;
    }

    private void handOverIfReady() {
        Engine e = ready();
        if (e == null) return;
        for (SelectionKey k : selector.keys()) {
            if (k.channel() instanceof SocketChannel ch && k.isValid()) {
                k.cancel();
                e.adopt(ch, (RequestParser) k.attachment());
            }
        }
    }
}
