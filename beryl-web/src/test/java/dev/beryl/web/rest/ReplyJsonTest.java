package dev.beryl.web.rest;

import dev.beryl.resp.RespDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReplyJsonTest {
    private static String envelope(String resp, boolean base64) {
        return new String(new ReplyJson(base64).envelope(RespDecoder.decode(resp.getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8);
    }

    @Test
    void plainValues() {
        assertEquals("{\"result\":\"OK\"}", envelope("+OK\r\n", false));
        assertEquals("{\"result\":\"PONG\"}", envelope("+PONG\r\n", false));
        assertEquals("{\"result\":null}", envelope("$-1\r\n", false));
        assertEquals("{\"result\":-137}", envelope(":-137\r\n", false));
        assertEquals("{\"result\":\"va\\\"lué\\n\"}", envelope("$8\r\nva\"lué\n\r\n", false));
        assertEquals("{\"result\":[\"a\",null,[1,\"b\"]]}", envelope("*3\r\n$1\r\na\r\n$-1\r\n*2\r\n:1\r\n+b\r\n", false));
        assertEquals("{\"error\":\"WRONGTYPE Operation against a key holding the wrong kind of value\"}",
                envelope("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", false));
    }

    @Test
    void invalidUtf8BecomesReplacementCharacter() {
        byte[] resp = {'$', '2', '\r', '\n', 'a', (byte) 0xff, '\r', '\n'};
        String json = new String(new ReplyJson(false).envelope(RespDecoder.decode(resp)), StandardCharsets.UTF_8);
        assertEquals("{\"result\":\"a\uFFFD\"}", json);
    }

    @Test
    void base64EncodesEveryStringButATopLevelOk() {
        assertEquals("{\"result\":\"OK\"}", envelope("+OK\r\n", true));
        assertEquals("{\"result\":\"UE9ORw==\"}", envelope("+PONG\r\n", true));
        assertEquals("{\"result\":\"T0s=\"}", envelope("$2\r\nOK\r\n", true)); // a value "OK" is data
        assertEquals("{\"result\":\"YmFy\"}", envelope("$3\r\nbar\r\n", true));
        assertEquals("{\"result\":[\"T0s=\",null,7]}", envelope("*3\r\n+OK\r\n$-1\r\n:7\r\n", true));
        assertEquals("{\"result\":\"AP8=\"}", new String(new ReplyJson(true).envelope(new byte[] {0, (byte) 0xff}), StandardCharsets.UTF_8));
        assertEquals("{\"error\":\"ERR no such key\"}", envelope("-ERR no such key\r\n", true)); // errors stay text
        assertEquals("{\"result\":5}", envelope(":5\r\n", true));
    }

    @Test
    void resp3RepliesShowTheirResp2Shape() {
        assertEquals("{\"result\":[\"server\",\"redis\",\"proto\",3]}", envelope("%2\r\n+server\r\n$5\r\nredis\r\n+proto\r\n:3\r\n", false));
        assertEquals("{\"result\":\"1.5\"}", envelope(",1.5\r\n", false));
        assertEquals("{\"result\":\"inf\"}", envelope(",inf\r\n", false));
        assertEquals("{\"result\":1}", envelope("#t\r\n", false));
        assertEquals("{\"result\":null}", envelope("_\r\n", false));
        assertEquals("{\"result\":\"12345678901234567890123\"}", envelope("(12345678901234567890123\r\n", false));
        assertEquals("{\"result\":\"# Server\\r\\n\"}", envelope("=14\r\ntxt:# Server\r\n\r\n", false));
    }

    @Test
    void batchEnvelopes() {
        var replies = RespDecoder.decodeAll("+OK\r\n-ERR value is not an integer or out of range\r\n:2\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("[{\"result\":\"OK\"},{\"error\":\"ERR value is not an integer or out of range\"},{\"result\":2}]",
                new String(new ReplyJson(true).envelopes(replies), StandardCharsets.UTF_8));
    }

    @Test
    void errorsAndObjects() {
        assertEquals("{\"error\":\"Unauthorized\"}", new String(ReplyJson.error("Unauthorized"), StandardCharsets.UTF_8));
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("server", Map.of("redis_version", "7.0.15"));
        sections.put("x", "y");
        assertEquals("{\"server\":{\"redis_version\":\"7.0.15\"},\"x\":\"y\"}", new String(ReplyJson.object(sections), StandardCharsets.UTF_8));
    }
}
