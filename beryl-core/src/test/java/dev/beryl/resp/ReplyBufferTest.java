package dev.beryl.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReplyBufferTest {
    @Test
    void resp2Framing() {
        ReplyBuffer r = new ReplyBuffer(4);
        r.ok();
        r.integer(-7);
        r.integer(42);
        r.bulk("hé".getBytes(StandardCharsets.UTF_8));
        r.nullBulk();
        r.nullArray();
        r.mapHeader(1);
        r.setHeader(2);
        r.doubleValue(1.5);
        r.bool(true);
        r.error("ERR bad\r\nthing");
        assertEquals("+OK\r\n:-7\r\n:42\r\n$3\r\nhé\r\n$-1\r\n*-1\r\n*2\r\n*2\r\n$3\r\n1.5\r\n:1\r\n-ERR bad  thing\r\n", r.toString());
        assertEquals(1, r.errorCount());
        assertEquals("ERR", r.lastErrorCode());
    }

    @Test
    void resp3Framing() {
        ReplyBuffer r = new ReplyBuffer();
        r.setResp(3);
        r.nullBulk();
        r.mapHeader(1);
        r.setHeader(2);
        r.doubleValue(3);
        r.bool(false);
        r.verbatim("a");
        assertEquals("_\r\n%1\r\n~2\r\n,3\r\n#f\r\n=5\r\ntxt:a\r\n", r.toString());
    }

    @Test
    void longExtremes() {
        ReplyBuffer r = new ReplyBuffer();
        r.integer(Long.MIN_VALUE);
        r.bulkLong(Long.MAX_VALUE);
        assertEquals(":-9223372036854775808\r\n$19\r\n9223372036854775807\r\n", r.toString());
    }

    @Test
    void partialWritesMoveTheStartAndCompactOnceHalfIsDead() {
        ReplyBuffer r = new ReplyBuffer(40);
        r.raw("0123456789abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII));
        r.consume(10);
        assertEquals(10, r.start());
        assertEquals(20, r.pending());
        assertEquals("abcdefghijklmnopqrst", r.toString());
        r.consume(17); // more than half of the array written: the rest moves down
        assertEquals(0, r.start());
        assertEquals("rst", r.toString());
        assertEquals(40, r.array().length);
        r.consume(3);
        assertEquals(0, r.length());
        assertEquals(true, r.isEmpty());
    }

    @Test
    void aBigIdleArrayIsGivenBackOnlyWhenRecentRepliesWereSmall() {
        ReplyBuffer r = new ReplyBuffer(16);
        r.bulk(new byte[200_000]);
        r.consume(r.pending());
        int big = r.array().length;
        r.shrinkIfOversized(200_010, 1024); // the last interval needed it: kept
        assertEquals(big, r.array().length);
        r.bulk(new byte[10]);
        r.shrinkIfOversized(20, 1024); // not idle: kept
        assertEquals(big, r.array().length);
        r.consume(r.pending());
        r.shrinkIfOversized(20, 1024);
        assertEquals(1024, r.array().length);
    }
}
