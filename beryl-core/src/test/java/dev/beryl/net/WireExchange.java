package dev.beryl.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends frames to servers as raw bytes, each frame on a new connection per server, all of a batch at once, in
 * the same pieces with a pause between pieces (so a server sees them in separate reads); then records what each
 * connection received and whether the server closed it, or kept it open waiting, within a quiet period.
 */
final class WireExchange {
    private WireExchange() {}

    /** What one connection saw: the reply bytes (ISO-8859-1) and whether the server closed it. */
    record Outcome(String reply, boolean closed) {
        @Override
        public String toString() {
            return FuzzFrames.show(reply.getBytes(StandardCharsets.ISO_8859_1)) + (closed ? " then closed" : " then waiting");
        }
    }

    /** Sends frame i's pieces to every port; returns outcome[i][port index]. */
    static Outcome[][] run(int[] ports, List<byte[][]> pieces, int pauseMs, int quietMs) throws IOException {
        int n = pieces.size(), s = ports.length;
        SocketChannel[][] ch = new SocketChannel[n][s];
        ByteArrayOutputStream[][] got = new ByteArrayOutputStream[n][s];
        boolean[][] closed = new boolean[n][s];
        boolean[][] writeFailed = new boolean[n][s];
        try (Selector sel = Selector.open()) {
            try {
                int maxPieces = 0;
                for (int i = 0; i < n; i++) {
                    maxPieces = Math.max(maxPieces, pieces.get(i).length);
                    for (int j = 0; j < s; j++) {
                        ch[i][j] = SocketChannel.open(new InetSocketAddress("127.0.0.1", ports[j]));
                        ch[i][j].setOption(StandardSocketOptions.TCP_NODELAY, true);
                        ch[i][j].configureBlocking(false);
                        ch[i][j].register(sel, SelectionKey.OP_READ, new int[] {i, j});
                        got[i][j] = new ByteArrayOutputStream();
                    }
                }
                ByteBuffer in = ByteBuffer.allocate(64 * 1024);
                for (int p = 0; p < maxPieces; p++) {
                    for (int i = 0; i < n; i++) {
                        if (p >= pieces.get(i).length) continue;
                        for (int j = 0; j < s; j++) {
                            if (!writeFailed[i][j]) writeFailed[i][j] = !writeAll(ch[i][j], pieces.get(i)[p], sel, in, got, closed);
                        }
                    }
                    long until = System.currentTimeMillis() + pauseMs;
                    while (System.currentTimeMillis() < until) readReady(sel, 1, in, got, closed);
                }
                long last = System.currentTimeMillis();
                while (System.currentTimeMillis() - last < quietMs) {
                    if (readReady(sel, 10, in, got, closed)) last = System.currentTimeMillis();
                }
            } finally {
                for (SocketChannel[] row : ch) {
                    for (SocketChannel c : row) {
                        if (c == null) continue;
                        try {
                            c.setOption(StandardSocketOptions.SO_LINGER, 0); // no TIME_WAIT for thousands of these
                        } catch (IOException ignored) {
                            // already reset
                        }
                        c.close();
                    }
                }
            }
        }
        Outcome[][] out = new Outcome[n][s];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < s; j++) out[i][j] = new Outcome(got[i][j].toString(StandardCharsets.ISO_8859_1), closed[i][j]);
        }
        return out;
    }

    /** Writes all of b (reading replies meanwhile); false when the server has gone (its replies are kept). */
    private static boolean writeAll(SocketChannel c, byte[] b, Selector sel, ByteBuffer in,
                                    ByteArrayOutputStream[][] got, boolean[][] closed) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(b);
        try {
            while (out.hasRemaining()) {
                if (c.write(out) == 0) readReady(sel, 1, in, got, closed);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads whatever is ready within {@code waitMs}; returns whether anything happened. */
    private static boolean readReady(Selector sel, long waitMs, ByteBuffer in, ByteArrayOutputStream[][] got,
                                     boolean[][] closed) throws IOException {
        if (sel.select(waitMs) == 0) return false;
        for (SelectionKey k : sel.selectedKeys()) {
            int[] at = (int[]) k.attachment();
            SocketChannel c = (SocketChannel) k.channel();
            while (true) {
                in.clear();
                int r;
                try {
                    r = c.read(in);
                } catch (IOException e) {
                    r = -1; // reset: the server closed with input unread
                }
                if (r > 0) {
                    got[at[0]][at[1]].write(in.array(), 0, r);
                    continue;
                }
                if (r < 0) {
                    closed[at[0]][at[1]] = true;
                    k.cancel();
                }
                break;
            }
        }
        sel.selectedKeys().clear();
        return true;
    }
}
