package dev.beryl.replication;

import dev.beryl.resp.ReplyBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BacklogTest {
    private static void append(Backlog b, String s) {
        byte[] x = s.getBytes(StandardCharsets.US_ASCII);
        b.append(x, 0, x.length);
    }

    private static String from(Backlog b, long offset) {
        ReplyBuffer out = new ReplyBuffer(16);
        long n = b.copyFrom(offset, out);
        assertEquals(out.pending(), n);
        return new String(out.toByteArray(), StandardCharsets.US_ASCII);
    }

    @Test
    void holdsTheStreamFromItsCreationOffset() {
        Backlog b = new Backlog(16, 100); // the stream had 100 bytes before: the next is byte 101
        assertTrue(b.holds(101));
        assertFalse(b.holds(100));
        assertFalse(b.holds(102));
        append(b, "hello");
        assertEquals(101, b.firstOffset());
        assertEquals(5, b.histlen());
        assertEquals("hello", from(b, 101));
        assertEquals("llo", from(b, 103));
        assertEquals("", from(b, 106)); // the replica has everything: +CONTINUE with nothing to send
        assertFalse(b.holds(107));
    }

    @Test
    void keepsTheNewestBytesWhenItWraps() {
        Backlog b = new Backlog(8, 0);
        append(b, "abcdef");
        append(b, "ghij");
        assertEquals(3, b.firstOffset()); // "cdefghij"
        assertEquals(8, b.histlen());
        assertFalse(b.holds(2));
        assertEquals("cdefghij", from(b, 3));
        assertEquals("ij", from(b, 9));
        append(b, "0123456789ABC"); // longer than the ring: only its tail
        assertEquals(16, b.firstOffset());
        assertEquals(8, b.histlen());
        assertEquals("56789ABC", from(b, 16));
    }

    @Test
    void resizeKeepsTheNewestBytes() {
        Backlog b = new Backlog(8, 0);
        append(b, "abcdefgh");
        b.resize(4);
        assertEquals(5, b.firstOffset());
        assertEquals("efgh", from(b, 5));
        b.resize(16);
        append(b, "ijkl");
        assertEquals("efghijkl", from(b, 5));
    }
}
