package dev.beryl.web.rest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PathCommandTest {
    private static List<String> strings(byte[][] argv) {
        return Arrays.stream(argv).map(a -> new String(a, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void segmentsAreArguments() {
        assertEquals(List.of("set", "foo", "bar", "EX", "100"), strings(PathCommand.parse("set/foo/bar/EX/100", null, null)));
        assertEquals(List.of("get", "a/b c+"), strings(PathCommand.parse("get/a%2Fb%20c+", null, null)));
        assertEquals(List.of("set", "k", ""), strings(PathCommand.parse("set/k/", null, null)));
    }

    @Test
    void bodyThenQueryParameters() {
        byte[] body = {0, (byte) 0xff, 'x'};
        byte[][] argv = PathCommand.parse("set/foo", "EX=100&_token=secret&NX&v=a+b%26", body);
        assertEquals(List.of("set", "foo"), strings(argv).subList(0, 2));
        assertArrayEquals(body, argv[2]);
        assertEquals(List.of("EX", "100", "NX", "v", "a b&"), strings(argv).subList(3, 8));
    }

    @Test
    void percentDecodingIsToBytes() {
        assertArrayEquals(new byte[] {'g', 'e', 't'}, PathCommand.parse("get/%00%FF", null, null)[0]);
        assertArrayEquals(new byte[] {0, (byte) 0xff}, PathCommand.parse("get/%00%ff", null, null)[1]);
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), PathCommand.parse("get/é", null, null)[1]);
        assertThrows(RestError.class, () -> PathCommand.parse("get/%4", null, null));
        assertThrows(RestError.class, () -> PathCommand.parse("get/%zz", null, null));
        assertThrows(RestError.class, () -> PathCommand.parse("/get", null, null));
    }

    @Test
    void tokenParameter() {
        assertEquals("s3cr=t", PathCommand.token("a=1&_token=s3cr%3Dt"));
        assertNull(PathCommand.token("a=1"));
        assertNull(PathCommand.token(null));
    }
}
