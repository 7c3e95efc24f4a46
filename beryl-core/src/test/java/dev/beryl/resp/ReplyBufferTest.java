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
}
