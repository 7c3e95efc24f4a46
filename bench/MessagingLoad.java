import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for bench/messaging.sh, which redis-benchmark cannot make: it counts what subscribers receive and keeps
 * clients that track keys. Plain sockets and RESP, so it measures Beryl and redis-server alike.
 *
 *   publish HOST PORT SUBSCRIBERS PUBLISHERS PIPELINE PAYLOAD WARMUP-S SECONDS
 *       SUBSCRIBERS connections SUBSCRIBE one channel (read by one selector thread); PUBLISHERS threads each keep
 *       PIPELINE PUBLISHes of PAYLOAD bytes in flight. Prints "deliveries/s publishes/s" over SECONDS after
 *       WARMUP-S, then stops publishing, waits until every subscriber got every message (or fails) and prints
 *       how many messages were delivered in all.
 *   psubscribe HOST PORT PATTERN
 *       one connection PSUBSCRIBEd to PATTERN, reading until killed; prints the bytes received.
 *   track HOST PORT CLIENTS KEYS
 *       CLIENTS RESP3 connections with CLIENT TRACKING on; client i GETs key:%012d of i mod KEYS (redis-benchmark
 *       -r's key names) and GETs it again on each invalidation, so the key stays tracked. Prints "ready" once all
 *       read their key, then runs until killed and prints the invalidations received.
 */
public final class MessagingLoad {
    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "publish" -> publish(a[1], Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]),
                    Integer.parseInt(a[5]), Integer.parseInt(a[6]), Double.parseDouble(a[7]), Double.parseDouble(a[8]));
            case "psubscribe" -> psubscribe(a[1], Integer.parseInt(a[2]), a[3]);
            case "track" -> track(a[1], Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]));
            default -> throw new IllegalArgumentException(a[0]);
        }
    }

    static byte[] command(String... args) {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String s : args) b.append('$').append(s.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(s).append("\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static SocketChannel connect(String host, int port) throws Exception {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port));
        ch.socket().setTcpNoDelay(true);
        return ch;
    }

    static void readExactly(SocketChannel ch, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) if (ch.read(b) < 0) throw new IllegalStateException("connection closed");
    }

    // ---- publish

    static void publish(String host, int port, int subscribers, int publishers, int pipeline, int payload,
                        double warmup, double seconds) throws Exception {
        String channel = "bench:channel";
        byte[] body = "x".repeat(payload).getBytes(StandardCharsets.US_ASCII);
        // every message a subscriber receives has this length, so bytes received count the messages
        long messageLength = ("*3\r\n$7\r\nmessage\r\n$" + channel.length() + "\r\n" + channel + "\r\n$" + payload
                + "\r\n").length() + payload + 2;
        int confirmation = ("*3\r\n$9\r\nsubscribe\r\n$" + channel.length() + "\r\n" + channel + "\r\n:1\r\n").length();

        Selector selector = Selector.open();
        List<SocketChannel> subs = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            SocketChannel ch = connect(host, port);
            ch.write(ByteBuffer.wrap(command("SUBSCRIBE", channel)));
            readExactly(ch, confirmation);
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            subs.add(ch);
        }
        AtomicLong received = new AtomicLong();
        Thread reader = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    selector.select(100);
                    for (SelectionKey k : selector.selectedKeys()) {
                        int n;
                        while ((n = ((SocketChannel) k.channel()).read(buf.clear())) > 0) received.addAndGet(n);
                        if (n < 0) {
                            System.err.println("a subscriber was disconnected");
                            System.exit(1);
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (Exception e) {
                if (!Thread.currentThread().isInterrupted()) { e.printStackTrace(); System.exit(1); }
            }
        }, "subscribers");
        reader.start();

        // PIPELINE PUBLISHes in one write, then their PIPELINE integer replies (one line each)
        byte[] one = command("PUBLISH", channel, new String(body, StandardCharsets.US_ASCII));
        byte[] all = new byte[one.length * pipeline];
        for (int i = 0; i < pipeline; i++) System.arraycopy(one, 0, all, i * one.length, one.length);
        AtomicLong published = new AtomicLong();
        List<Thread> pubs = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            Socket s = new Socket(host, port);
            s.setTcpNoDelay(true);
            Thread t = new Thread(() -> {
                try (s) {
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    byte[] r = new byte[64 * 1024];
                    while (!stop) {
                        out.write(all);
                        for (int lines = 0; lines < pipeline; ) {
                            int n = in.read(r);
                            if (n < 0) throw new IllegalStateException("publisher disconnected");
                            for (int i = 0; i < n; i++) if (r[i] == '\n') lines++;
                        }
                        published.addAndGet(pipeline);
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(1);
                }
            }, "publisher-" + p);
            t.start();
            pubs.add(t);
        }
        Thread.sleep((long) (warmup * 1000));
        long r0 = received.get(), p0 = published.get(), t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long r1 = received.get(), p1 = published.get(), t1 = System.nanoTime();
        stop = true;
        for (Thread t : pubs) t.join();
        double s = (t1 - t0) / 1e9;
        // every subscriber gets every message: wait for the rest to arrive
        long expected = published.get() * subscribers * messageLength;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (received.get() < expected && System.nanoTime() < deadline) Thread.sleep(10);
        reader.interrupt();
        reader.join();
        if (received.get() != expected) {
            System.err.printf("subscribers received %d bytes, expected %d (%d messages to %d subscribers)%n",
                    received.get(), expected, published.get(), subscribers);
            System.exit(1);
        }
        System.out.printf("%.0f %.0f %d%n", (r1 - r0) / (double) messageLength / s, (p1 - p0) / s, published.get() * subscribers);
        for (SocketChannel ch : subs) ch.close();
    }

    static volatile boolean stop;

    // ---- psubscribe

    static void psubscribe(String host, int port, String pattern) throws Exception {
        SocketChannel ch = connect(host, port);
        ch.write(ByteBuffer.wrap(command("PSUBSCRIBE", pattern)));
        AtomicLong received = new AtomicLong();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(received.get())));
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        int n;
        while ((n = ch.read(buf.clear())) >= 0) received.addAndGet(n);
        System.err.println("the psubscribe connection was closed");
        System.exit(1);
    }

    // ---- track

    /** One tracking client: its key, the bytes it has not parsed yet and how many replies it has had. */
    static final class Tracker {
        final byte[] get;
        ByteBuffer in = ByteBuffer.allocate(4096);
        long replies;

        Tracker(byte[] get) { this.get = get; }
    }

    static void track(String host, int port, int clients, int keys) throws Exception {
        Selector selector = Selector.open();
        AtomicLong invalidations = new AtomicLong();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(invalidations.get())));
        byte[] setup = concat(command("HELLO", "3"), command("CLIENT", "TRACKING", "on"));
        for (int i = 0; i < clients; i++) {
            SocketChannel ch = connect(host, port);
            Tracker t = new Tracker(command("GET", String.format("key:%012d", i % keys)));
            ch.write(ByteBuffer.wrap(concat(setup, t.get)));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, t);
        }
        int ready = 0;
        while (true) {
            selector.select();
            for (SelectionKey k : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) k.channel();
                Tracker t = (Tracker) k.attachment();
                if (!t.in.hasRemaining()) t.in = ByteBuffer.allocate(t.in.capacity() * 2).put(t.in.flip());
                if (ch.read(t.in) < 0) {
                    System.err.println("a tracking client was disconnected");
                    System.exit(1);
                }
                byte[] b = t.in.array();
                int start = 0, end;
                while ((end = frame(b, start, t.in.position())) >= 0) {
                    if (b[start] == '>') {
                        invalidations.incrementAndGet();
                        ch.write(ByteBuffer.wrap(t.get)); // small, into an empty socket buffer
                    } else if (++t.replies == 3 && ++ready == clients) {
                        System.out.println("ready");
                        System.out.flush();
                    }
                    start = end;
                }
                t.in.flip().position(start);
                t.in.compact();
            }
            selector.selectedKeys().clear();
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The end of the RESP2/RESP3 value starting at {@code p}, or -1 if it is not all in {@code b[..limit)}. */
    static int frame(byte[] b, int p, int limit) {
        int eol = p;
        while (eol + 1 < limit && !(b[eol] == '\r' && b[eol + 1] == '\n')) eol++;
        if (eol + 1 >= limit) return -1;
        char type = (char) b[p];
        long n = type == '$' || type == '=' || type == '!' || type == '*' || type == '~' || type == '>' || type == '%' || type == '|'
                ? Long.parseLong(new String(b, p + 1, eol - p - 1, StandardCharsets.US_ASCII)) : 0;
        int next = eol + 2;
        switch (type) {
            case '$', '=', '!' -> { return n < 0 ? next : (next + n + 2 <= limit ? (int) (next + n + 2) : -1); }
            case '*', '~', '>', '%', '|' -> {
                long items = type == '%' || type == '|' ? 2 * n : n;
                for (long i = 0; i < items && next >= 0; i++) next = frame(b, next, limit);
                // an attribute precedes the value it describes
                return type == '|' && next >= 0 ? frame(b, next, limit) : next;
            }
            default -> { return next; }
        }
    }
}
