package dev.beryl.resp;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespDecoderTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void scalars() {
        assertEquals(new Status("OK"), RespDecoder.decode(b("+OK\r\n")));
        assertTrue(((Status) RespDecoder.decode(b("+OK\r\n"))).isOk());
        ErrorReply e = (ErrorReply) RespDecoder.decode(b("-WRONGTYPE Operation against a key\r\n"));
        assertEquals("WRONGTYPE Operation against a key", e.message());
        assertEquals("WRONGTYPE", e.code());
        assertEquals(-9223372036854775808L, RespDecoder.decode(b(":-9223372036854775808\r\n")));
        assertArrayEquals(b("hé\r\n"), (byte[]) RespDecoder.decode(b("$5\r\nhé\r\n\r\n")));
        assertArrayEquals(new byte[0], (byte[]) RespDecoder.decode(b("$0\r\n\r\n")));
        assertNull(RespDecoder.decode(b("$-1\r\n")));
        assertNull(RespDecoder.decode(b("*-1\r\n")));
        assertNull(RespDecoder.decode(b("_\r\n")));
    }

    @Test
    void resp3Scalars() {
        assertEquals(1.5, RespDecoder.decode(b(",1.5\r\n")));
        assertEquals(Double.POSITIVE_INFINITY, RespDecoder.decode(b(",inf\r\n")));
        assertEquals(Double.NEGATIVE_INFINITY, RespDecoder.decode(b(",-inf\r\n")));
        assertTrue(((Double) RespDecoder.decode(b(",nan\r\n"))).isNaN());
        assertEquals(Boolean.TRUE, RespDecoder.decode(b("#t\r\n")));
        assertEquals(Boolean.FALSE, RespDecoder.decode(b("#f\r\n")));
        assertEquals("a\r\nb", RespDecoder.decode(b("=8\r\ntxt:a\r\nb\r\n")));
        assertEquals(new BigInteger("3492890328409238509324850943850943825024385"),
                RespDecoder.decode(b("(3492890328409238509324850943850943825024385\r\n")));
        assertEquals(new ErrorReply("SYNTAX invalid\r\nsyntax"), RespDecoder.decode(b("!22\r\nSYNTAX invalid\r\nsyntax\r\n")));
    }

    @Test
    void aggregates() {
        List<?> l = (List<?>) RespDecoder.decode(b("*3\r\n:1\r\n*2\r\n+a\r\n$-1\r\n~1\r\n$1\r\nx\r\n"));
        assertEquals(3, l.size());
        assertEquals(1L, l.get(0));
        assertEquals(Arrays.asList(new Status("a"), null), l.get(1));
        List<?> set = (List<?>) l.get(2);
        assertArrayEquals(b("x"), (byte[]) set.get(0));
        assertEquals(List.of(), RespDecoder.decode(b("*0\r\n")));

        Map<?, ?> m = (Map<?, ?>) RespDecoder.decode(b("%2\r\n+server\r\n$5\r\nredis\r\n+proto\r\n:3\r\n"));
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        Map.Entry<?, ?> first = it.next();
        assertEquals(new Status("server"), first.getKey());
        assertArrayEquals(b("redis"), (byte[]) first.getValue());
        assertEquals(3L, m.get(new Status("proto")));

        List<?> push = (List<?>) RespDecoder.decode(b(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"));
        assertEquals(3, push.size());
    }

    @Test
    void attributesAreSkipped() {
        assertEquals(7L, RespDecoder.decode(b("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n:7\r\n")));
    }

    @Test
    void decodeAllSplitsConcatenatedReplies() {
        List<Object> all = RespDecoder.decodeAll(b("+OK\r\n$-1\r\n-ERR x\r\n:5\r\n"));
        assertEquals(4, all.size());
        assertEquals(Status.OK, all.get(0));
        assertNull(all.get(1));
        assertInstanceOf(ErrorReply.class, all.get(2));
        assertEquals(5L, all.get(3));
        assertEquals(List.of(), RespDecoder.decodeAll(new byte[0]));
    }

    @Test
    void streamingDecoderOverSlice() {
        byte[] buf = b("xx:1\r\n:2\r\nyy");
        RespDecoder d = new RespDecoder(buf, 2, buf.length - 4);
        assertEquals(1L, d.next());
        assertTrue(d.hasNext());
        assertEquals(2L, d.next());
        assertTrue(!d.hasNext());
    }

    @Test
    void malformedInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RespDecoder.decode(b("$5\r\nab\r\n")));
        assertThrows(IllegalArgumentException.class, () -> RespDecoder.decode(b(":12")));
        assertThrows(IllegalArgumentException.class, () -> RespDecoder.decode(b(":1x\r\n")));
        assertThrows(IllegalArgumentException.class, () -> RespDecoder.decode(b("?1\r\n")));
        assertThrows(IllegalArgumentException.class, () -> RespDecoder.decode(b("*2\r\n:1\r\n")));
        assertThrows(IllegalArgumentException.class, () -> RespDecoder.decode(b(":1\r\n:2\r\n")));
        assertThrows(IllegalArgumentException.class, () -> RespDecoder.decode(b("#x\r\n")));
    }

    @Test
    void roundTripsReplyBufferOutput() {
        ReplyBuffer r = new ReplyBuffer();
        r.setResp(3);
        r.mapHeader(1);
        r.bulk("k");
        r.doubleValue(2.5);
        r.verbatim("# Server\r\n");
        r.bool(true);
        List<Object> all = RespDecoder.decodeAll(r.toByteArray());
        Map.Entry<?, ?> e = ((Map<?, ?>) all.get(0)).entrySet().iterator().next();
        assertArrayEquals(b("k"), (byte[]) e.getKey());
        assertEquals(2.5, e.getValue());
        assertEquals("# Server\r\n", all.get(1));
        assertEquals(true, all.get(2));
    }
}
