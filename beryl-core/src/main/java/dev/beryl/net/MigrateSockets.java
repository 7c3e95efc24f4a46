package dev.beryl.net;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * MIGRATE's connections to other servers, kept per host:port and closed after 10 s unused, as Redis's
 * migrateCachedSocket (at most 64). Blocking I/O with the command's timeout, on the engine thread: MIGRATE is
 * a synchronous command in Redis too. Engine thread only.
 */
public final class MigrateSockets {
    private static final int MAX = 64;
    private static final long TTL_MS = 10_000;

    /** One cached connection; lastDb is the database its last SELECT chose (-1: unknown). */
    public static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        public long lastDb = -1;
        long lastUseMs;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        public void write(byte[] b, int timeoutMs) throws IOException {
            socket.setSoTimeout(timeoutMs);
            out.write(b);
            out.flush();
        }

        /** A reply line without its CRLF (at most 1024 bytes, as Redis's syncReadLine buffer). */
        public String readLine(int timeoutMs) throws IOException {
            socket.setSoTimeout(timeoutMs);
            StringBuilder b = new StringBuilder();
            for (int ch; (ch = in.read()) != '\n'; ) {
                if (ch < 0) throw new IOException("connection closed");
                if (b.length() < 1024) b.append((char) ch);
            }
            int end = b.length() > 0 && b.charAt(b.length() - 1) == '\r' ? b.length() - 1 : b.length();
            return new String(b.substring(0, end).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
    }

    private final Map<String, Conn> cache = new HashMap<>();

    /** The cached connection to host:port, or a new one (cached); IOException when it cannot connect in time. */
    public Conn get(String host, int port, int timeoutMs, long nowMs) throws IOException {
        String name = host + ":" + port;
        Conn c = cache.get(name);
        if (c != null) {
            c.lastUseMs = nowMs;
            return c;
        }
        if (cache.size() == MAX) close(cache.keySet().iterator().next()); // Redis evicts a random one
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            s.setTcpNoDelay(true);
            c = new Conn(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        c.lastUseMs = nowMs;
        cache.put(name, c);
        return c;
    }

    public void close(String host, int port) {
        close(host + ":" + port);
    }

    private void close(String name) {
        Conn c = cache.remove(name);
        if (c == null) return;
        try {
            c.socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** The cron's migrateCloseTimedoutSockets. */
    public void closeIdle(long nowMs) {
        for (Iterator<Map.Entry<String, Conn>> it = cache.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Conn> e = it.next();
            if (nowMs - e.getValue().lastUseMs > TTL_MS) {
                it.remove();
                try {
                    e.getValue().socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** INFO's migrate_cached_sockets. */
    public int size() { return cache.size(); }
}
