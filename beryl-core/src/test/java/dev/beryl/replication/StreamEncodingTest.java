package dev.beryl.replication;

import dev.beryl.resp.ReplyBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamEncodingTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(ReplyBuffer out) {
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void commandsAreMultibulksAsReceivedOrRewritten() {
        ReplyBuffer out = new ReplyBuffer(16);
        StreamEncoding.command(out, new byte[][] {b("PEXPIREAT"), b("k"), b("1700000000000")});
        assertEquals("*3\r\n$9\r\nPEXPIREAT\r\n$1\r\nk\r\n$13\r\n1700000000000\r\n", text(out));
    }

    @Test
    void binaryAndEmptyArgumentsKeepTheirBytes() {
        ReplyBuffer out = new ReplyBuffer(16);
        StreamEncoding.command(out, new byte[][] {b("SET"), b("a\r\nb"), b(""), new byte[] {0, (byte) 0xff}});
        assertEquals("*4\r\n$3\r\nSET\r\n$4\r\na\r\nb\r\n$0\r\n\r\n$2\r\n\u0000\u00ff\r\n", text(out));
    }

    @Test
    void selectNamesTheDatabase() {
        ReplyBuffer out = new ReplyBuffer(16);
        StreamEncoding.select(out, 9);
        StreamEncoding.select(out, 12);
        assertEquals("*2\r\n$6\r\nSELECT\r\n$1\r\n9\r\n*2\r\n$6\r\nSELECT\r\n$2\r\n12\r\n", text(out));
    }
}
