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

    /** What a socket read does: as many bytes as the view has room for. */
    private static int read(RequestParser p, byte[] src, int off) {
        java.nio.ByteBuffer v = p.writableView();
        int n = Math.min(v.remaining(), src.length - off);
        v.put(src, off, n);
        p.commit(n);
        return n;
    }

    @Test
    void aDeclaredLengthReservesNothing() throws Exception {
        RequestParser p = new RequestParser();
        byte[] head = b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870000\r\nabc");
        read(p, head, 0);
        assertNull(p.next());
        read(p, b("def"), 0);
        assertNull(p.next());
        assertEquals(16 * 1024, p.capacity());
    }

    @Test
    void aBigArgumentGrowsItsBufferAsItArrivesAndEndsExactlyAtItsEnd() throws Exception {
        int n = 3_000_000;
        byte[] msg = b("*2\r\n$4\r\nECHO\r\n$" + n + "\r\n" + "y".repeat(n) + "\r\n");
        RequestParser p = new RequestParser();
        int off = 0, reads = 0;
        byte[][] argv = null;
        while (argv == null) {
            off += read(p, msg, off);
            reads++;
            argv = p.next();
            assertEquals(true, p.capacity() <= 2L * Math.max(off, 16 * 1024) + 64, "capacity " + p.capacity() + " after " + off + " bytes");
        }
        assertEquals(n, argv[1].length);
        assertEquals(msg.length, off);
        assertEquals(n + 1024, p.capacity(), "the buffer became the argument, a new one is ready for the next");
        assertEquals(true, reads < 20, reads + " reads");
    }

    @Test
    void aBufferBeyondTheInlineMaximumIsMadeElsewhereWithTheHeldBytesAndReadingGoesOnInIt() throws Exception {
        int n = 5_000_000;
        byte[] value = new byte[n];
        new java.util.Random(7).nextBytes(value);
        byte[] head = b("*2\r\n$4\r\nECHO\r\n$" + n + "\r\n");
        byte[] msg = java.util.Arrays.copyOf(head, head.length + n + 2);
        System.arraycopy(value, 0, msg, head.length, n);
        msg[msg.length - 2] = '\r';
        msg[msg.length - 1] = '\n';
        RequestParser p = new RequestParser();
        p.inlineGrowthMax(1024 * 1024);
        int off = 0, growths = 0;
        byte[][] argv = null;
        while (argv == null) {
            if (p.writableView() == null) {
                BufferGrowth g = p.growth();
                assertEquals(true, g.capacity() > 1024 * 1024);
                assertNull(p.writableView(), "no reading until the buffer is back");
                Thread maker = new Thread(g);
                maker.start();
                maker.join();
                p.grown(g);
                assertEquals(g.capacity(), p.capacity());
                growths++;
            }
            off += read(p, msg, off);
            argv = p.next();
            assertEquals(true, p.capacity() <= 1024 * 1024 || p.capacity() <= 2L * off + 64, "capacity " + p.capacity());
        }
        assertArrayEquals(value, argv[1]);
        assertEquals(3, growths); // 2, 4 MB, then the argument's end
        assertEquals(1024 * 1024, p.capacity(), "the room kept for the next stays within the inline maximum");
    }

    @Test
    void bytesParsedWhileTheBufferIsMadeElsewhereAreNotParsedAgain() throws Exception {
        RequestParser p = new RequestParser(16);
        p.inlineGrowthMax(16);
        byte[] two = b("PING\r\nECHO abcdefghij\r\n"); // a blocked client's pipeline fills the buffer
        int off = read(p, two, 0);
        assertNull(p.writableView());
        BufferGrowth g = p.growth();
        g.run();
        assertEquals(List.of("[PING]"), all(p)); // unblocked meanwhile: its input is parsed
        p.grown(g);
        assertEquals(32, p.capacity());
        read(p, two, off);
        assertEquals(List.of("[ECHO][abcdefghij]"), all(p));
    }

    @Test
    void overTheQueryBufferLimit() {
        RequestParser p = new RequestParser();
        InputLimits l = new InputLimits();
        l.maxQueryBuffer = 1024 * 1024;
        p.limits(l);
        byte[] x = new byte[1024 * 1024 + 1];
        int off = 0;
        while (off < x.length) {
            assertEquals(false, p.overLimit());
            off += read(p, x, off);
        }
        assertEquals(true, p.overLimit());
    }

    @Test
    void protoMaxBulkLenIsReadAtEachBulk() throws Exception {
        RequestParser p = fed("*2\r\n$4\r\nECHO\r\n$2000000\r\n");
        InputLimits l = new InputLimits();
        l.maxBulkLen = 1024 * 1024;
        p.limits(l);
        assertEquals("ERR Protocol error: invalid bulk length", assertThrows(ProtocolException.class, p::next).getMessage());
    }

    /** Redis finds line ends with strchr on a NUL-terminated buffer: a NUL before the line end means wait. */
    @Test
    void aNulByteBeforeTheLineEndWaits() throws Exception {
        assertNull(fed("*1\0$4\r\nPING\r\n").next());
        assertNull(fed("\0*1\r\n$4\r\nPING\r\n").next());
        assertNull(fed("PI\0NG\r\n").next());
        assertNull(fed("*1\r\n\0$4\r\nPING\r\n").next());
        assertNull(fed("*1\r\n$4\0\r\nPING\r\n").next());
        assertArrayEquals(b("P\0G"), fed("*1\r\n$3\r\nP\0G\r\n").next()[0]); // bulk data may hold NULs
        assertEquals("ERR Protocol error: invalid multibulk length", assertThrows(ProtocolException.class, () -> fed("*1x\r\0").next()).getMessage());
    }

    @Test
    void aStalledLineFailsPast64KAsInRedis() {
        byte[] x = new byte[RequestParser.INLINE_MAX + 2];
        x[0] = '*';
        x[1] = 0;
        RequestParser p = new RequestParser();
        p.feed(x, 0, x.length);
        assertEquals("ERR Protocol error: too big mbulk count string", assertThrows(ProtocolException.class, p::next).getMessage());
        RequestParser q = fed("*1\r\n");
        x[0] = '$';
        q.feed(x, 0, x.length);
        assertEquals("ERR Protocol error: too big bulk count string", assertThrows(ProtocolException.class, q::next).getMessage());
    }

    @Test
    void theByteAfterTheCrIsNotChecked() throws Exception {
        assertEquals(List.of("[PING]"), all(fed("*1\rx$4\rxPINGxx")));
        assertEquals("ERR Protocol error: expected '$', got '\u00e9'", assertThrows(ProtocolException.class, () -> fed("*1\r\n\u00e9\r\n").next()).getMessage());
    }

    /** The buffer a big argument filled exactly becomes the argument; the CRLF after it comes in later reads. */
    @Test
    void anArgumentThatFillsTheBufferIsTakenWithoutACopyAndItsCrlfSkippedLater() throws Exception {
        int n = 100_000;
        byte[] head = b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + n + "\r\n");
        byte[] value = new byte[n];
        java.util.Arrays.fill(value, (byte) 'v');
        RequestParser p = new RequestParser();
        read(p, head, 0);
        assertNull(p.next());
        int off = 0;
        while (off < n) {
            off += read(p, value, off);
            assertNull(p.next());
        }
        // grown to exactly the value and taken as the argument; the new buffer fits the next such request
        assertEquals(n + 1024, p.capacity());
        read(p, b("\r"), 0);
        assertNull(p.next()); // the last argument's CRLF is not there yet
        read(p, b("\n*1"), 0);
        byte[][] argv = p.next();
        assertArrayEquals(value, argv[2]);
        read(p, b("\r\n$4\r\nPING\r\n"), 0);
        assertEquals(List.of("[PING]"), all(p));
        byte[] again = concat(head, value, b("\r\n"));
        assertEquals(again.length, read(p, again, 0)); // one read, no growth
        assertArrayEquals(value, p.next()[2]);
        assertEquals(n + 1024, p.capacity());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] x : parts) out.writeBytes(x);
        return out.toByteArray();
    }
}
