package dev.beryl.commands;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A plain TCP connection for socket-level tests: writes raw RESP, reads exact reply bytes (as ISO-8859-1). */
final class RawSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    RawSocket(int port) {
        this(port, "127.0.0.1");
    }

    /** A connection to 127.0.0.1 from the given local address (127.0.0.2 is a peer Redis does not count as local). */
    RawSocket(int port, String from) {
        try {
            socket = new Socket("127.0.0.1", port, java.net.InetAddress.getByName(from), 0);
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends commands written inline ("SET a 1\r\nGET a\r\n") or as raw RESP, in one write (a pipeline). */
    RawSocket send(String raw) {
        try {
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Reads exactly as many bytes as {@code expected} has and asserts they are equal. */
    RawSocket expect(String expected) {
        assertEquals(expected, read(expected.length()));
        return this;
    }

    /** Sends one inline command and returns its whole raw reply. */
    String call(String inline) {
        send(inline + "\r\n");
        return readReply();
    }

    /** Reads one complete RESP2/RESP3 reply, nested aggregates included, and returns its raw bytes. */
    String readReply() {
        String line = readLine();
        char type = line.charAt(0);
        int n = "$*%~>=|".indexOf(type) >= 0 ? Integer.parseInt(line.substring(1, line.length() - 2)) : 0;
        StringBuilder sb = new StringBuilder(line);
        if (n > 0 && (type == '$' || type == '=')) {
            sb.append(read(n + 2));
        } else if (n > 0) {
            int elements = type == '%' || type == '|' ? 2 * n : n;
            for (int i = 0; i < elements; i++) sb.append(readReply());
            if (type == '|') sb.append(readReply()); // an attribute precedes the actual reply
        } else if (n == 0 && type == '$') {
            sb.append(read(2));
        }
        return sb.toString();
    }

    String readLine() {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n")) sb.append(read(1));
        return sb.toString();
    }

    String read(int n) {
        byte[] b = new byte[n];
        int off = 0;
        try {
            while (off < n) {
                int r = in.read(b, off, n - off);
                if (r < 0) throw new IllegalStateException("connection closed after " + new String(b, 0, off, StandardCharsets.ISO_8859_1));
                off += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** True if the server closes the connection (after any bytes still pending, which are returned to nobody). */
    boolean closedByServer() {
        try {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            byte[] b = new byte[1024];
            int r;
            while ((r = in.read(b)) >= 0) rest.write(b, 0, r);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer
        }
    }

    /** Asserts that nothing arrives within a short while (replies switched off). */
    void expectNothing() {
        try {
            socket.setSoTimeout(200);
            int r = in.read();
            throw new AssertionError("unexpected byte " + r);
        } catch (SocketTimeoutException e) {
            // as expected
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout(5000);
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
