package dev.beryl.crash;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking RESP2 connection: one command out, one reply back. Plain sockets, so that a reply counts as
 * acknowledged exactly when its last byte has been read, with no client library buffering or retrying.
 */
final class Resp implements AutoCloseable {
    /** An error reply (-ERR ..., -LOADING ...). */
    static final class ErrorReply extends IOException {
        ErrorReply(String text) {
            super(text);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Resp(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    /** Sends a command and returns its reply: Long, byte[] (null for a nil), String (status) or List. */
    Object call(Object... args) throws IOException {
        send(args);
        return read();
    }

    void send(Object... args) throws IOException {
        out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object a : args) {
            byte[] b = a instanceof byte[] bytes ? bytes : a.toString().getBytes(StandardCharsets.UTF_8);
            out.write(('$' + Integer.toString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
    }

    Object read() throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("connection closed");
        String line = line();
        switch (type) {
            case '+': return line;
            case '-': throw new ErrorReply(line);
            case ':': return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) return null;
                byte[] b = in.readNBytes(n + 2);
                if (b.length < n + 2) throw new EOFException("connection closed inside a bulk string");
                return java.util.Arrays.copyOf(b, n);
            }
            case '*': {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(Math.max(n, 0));
                for (int i = 0; i < n; i++) items.add(read());
                return items;
            }
            default: throw new IOException("unexpected reply type " + (char) type);
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int ch = in.read();
            if (ch < 0) throw new EOFException("connection closed inside a reply");
            if (ch == '\r') {
                if (in.read() != '\n') throw new IOException("bad line ending");
                return b.toString();
            }
            b.append((char) ch);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the server may be gone already
        }
    }
}
