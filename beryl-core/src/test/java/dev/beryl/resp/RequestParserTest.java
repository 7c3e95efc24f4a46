package dev.beryl.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestParserTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    private static List<String> all(RequestParser p) throws ProtocolException {
        List<String> out = new ArrayList<>();
        byte[][] argv;
        while ((argv = p.next()) != null) {
            StringBuilder sb = new StringBuilder();
            for (byte[] a : argv) sb.append('[').append(new String(a, StandardCharsets.ISO_8859_1)).append(']');
            out.add(sb.toString());
        }
        return out;
    }

    private static RequestParser fed(String s) {
        RequestParser p = new RequestParser(8);
        byte[] x = b(s);
        p.feed(x, 0, x.length);
        return p;
    }

    @Test
    void multibulkAndPipeline() throws Exception {
        assertEquals(List.of("[SET][k][v]", "[GET][k]"), all(fed("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")));
    }

    @Test
    void partialFramesResumeByteByByte() throws Exception {
        byte[] msg = b("*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\nPING\r\n");
        RequestParser p = new RequestParser(4);
        List<String> out = new ArrayList<>();
        for (byte c : msg) {
            p.feed(new byte[]{c}, 0, 1);
            out.addAll(all(p));
        }
        assertEquals(List.of("[ECHO][hello]", "[PING]"), out);
    }

    @Test
    void inlineWithQuotes() throws Exception {
        assertEquals(List.of("[set][a b][c d][x\n]"), all(fed("set \"a b\" 'c d' \"\\x78\\n\"\r\n")));
    }

    @Test
    void emptyLinesAndZeroCountsAreSkipped() throws Exception {
        RequestParser p = fed("\r\n*0\r\n*-1\r\nPING\n");
        assertEquals(0, p.next().length);
        assertEquals(0, p.next().length);
        assertEquals(0, p.next().length);
        assertArrayEquals(b("PING"), p.next()[0]);
        assertNull(p.next());
    }

    @Test
    void bigBulkArrivesInPieces() throws Exception {
        int n = 100_000;
        RequestParser p = new RequestParser();
        byte[] head = b("*2\r\n$3\r\nSET\r\n$" + n + "\r\n");
        p.feed(head, 0, head.length);
        byte[] body = new byte[n];
        java.util.Arrays.fill(body, (byte) 'x');
        for (int off = 0; off < n; off += 7000) {
            assertNull(p.next());
            p.feed(body, off, Math.min(7000, n - off));
        }
        assertNull(p.next());
        p.feed(b("\r\n"), 0, 2);
        byte[][] argv = p.next();
        assertArrayEquals(body, argv[1]);
    }

    @Test
    void protocolErrorsMatchRedis() {
        assertEquals("ERR Protocol error: invalid multibulk length", assertThrows(ProtocolException.class, () -> fed("*abc\r\n").next()).getMessage());
        assertEquals("ERR Protocol error: expected '$', got 'x'", assertThrows(ProtocolException.class, () -> fed("*1\r\nx\r\n").next()).getMessage());
        assertEquals("ERR Protocol error: invalid bulk length", assertThrows(ProtocolException.class, () -> fed("*1\r\n$-5\r\n").next()).getMessage());
        assertEquals("ERR Protocol error: unbalanced quotes in request", assertThrows(ProtocolException.class, () -> fed("set \"a\r\n").next()).getMessage());
        assertEquals("ERR Protocol error: invalid multibulk length", assertThrows(ProtocolException.class, () -> fed("*3000000000\r\n").next()).getMessage());
    }

    @Test
    void tooBigInlineRequest() {
        RequestParser p = new RequestParser();
        byte[] x = new byte[RequestParser.INLINE_MAX + 10];
        java.util.Arrays.fill(x, (byte) 'a');
        p.feed(x, 0, x.length);
        assertEquals("ERR Protocol error: too big inline request", assertThrows(ProtocolException.class, p::next).getMessage());
    }

    @Test
    void aBigBufferIsKeptWhileBigRequestsComeAndGivenBackAfterAQuietInterval() throws ProtocolException {
        RequestParser p = new RequestParser(16 * 1024);
        byte[] big = b("*2\r\n$4\r\nECHO\r\n$200000\r\n" + "x".repeat(200_000) + "\r\n");
        p.feed(big, 0, big.length);
        assertEquals(1, all(p).size());
        int grown = p.capacity();
        assertEquals(true, grown > 200_000);
        assertEquals(big.length, p.shrinkIfOversized()); // this interval's peak needed it: kept
        assertEquals(grown, p.capacity());
        p.feed(b("PING\r\n"), 0, 6);
        assertEquals(List.of("[PING]"), all(p));
        p.shrinkIfOversized(); // a quiet interval: back to the initial size
        assertEquals(16 * 1024, p.capacity());
    }
}
