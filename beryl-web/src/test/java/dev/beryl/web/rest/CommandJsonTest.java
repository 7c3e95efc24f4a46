package dev.beryl.web.rest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CommandJsonTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static List<String> strings(byte[][] argv) {
        return Arrays.stream(argv).map(a -> new String(a, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void argumentsConvertLikeUpstash() {
        byte[][] argv = CommandJson.command(b("[\"SETEX\", \"k\\u00e9\\n\", 13, 1.5e3, -0.25, true, false, \"\"]"));
        assertEquals(List.of("SETEX", "ké\n", "13", "1.5e3", "-0.25", "true", "false", ""), strings(argv));
    }

    @Test
    void batch() {
        List<byte[][]> cmds = CommandJson.commands(b("[[\"SET\",\"a\",1],[\"GET\",\"a\"]]"));
        assertEquals(2, cmds.size());
        assertEquals(List.of("SET", "a", "1"), strings(cmds.get(0)));
        assertEquals(List.of("GET", "a"), strings(cmds.get(1)));
        assertEquals(0, CommandJson.commands(b("[]")).size());
    }

    @Test
    void scalar() {
        assertEquals("100mb", new String(CommandJson.scalar(b("\"100mb\"")), StandardCharsets.UTF_8));
        assertEquals("10", new String(CommandJson.scalar(b(" 10 ")), StandardCharsets.UTF_8));
        assertEquals("yes", new String(CommandJson.scalar(b("\"yes\"")), StandardCharsets.UTF_8));
    }

    @Test
    void refusals() {
        assertMessage("ERR empty request body, expected a JSON array", () -> CommandJson.command(new byte[0]));
        assertMessage("ERR empty command", () -> CommandJson.command(b("[]")));
        assertMessage("ERR expected a JSON array", () -> CommandJson.command(b("{\"a\":1}")));
        assertMessage("ERR command arguments must be JSON strings, numbers or booleans", () -> CommandJson.command(b("[\"GET\", null]")));
        assertMessage("ERR command arguments must be JSON strings, numbers or booleans", () -> CommandJson.command(b("[\"GET\", [\"x\"]]")));
        assertMessage("ERR each command must be a JSON array", () -> CommandJson.commands(b("[\"GET\", \"x\"]")));
        assertMessage("ERR empty command", () -> CommandJson.commands(b("[[\"PING\"], []]")));
        RestError e = assertThrows(RestError.class, () -> CommandJson.command(b("[\"GET\", ")));
        assertEquals(400, e.status());
        e = assertThrows(RestError.class, () -> CommandJson.command(b("[\"GET\"] x")));
        assertEquals(400, e.status());
        e = assertThrows(RestError.class, () -> CommandJson.command(b("[\"GET\" \"x\"]")));
        assertEquals(true, e.getMessage().startsWith("ERR malformed JSON: "), e.getMessage());
    }

    private static void assertMessage(String message, Runnable r) {
        RestError e = assertThrows(RestError.class, r::run);
        assertEquals(message, e.getMessage());
        assertEquals(400, e.status());
    }
}
