package dev.beryl.web.rest;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads commands from request bodies the way Upstash does: a command is a JSON array whose first element is the
 * name; arguments may be strings (sent as their UTF-8 bytes), numbers (sent as written, so 13 is "13" and 1.5e3
 * is "1.5e3") or booleans ("true"/"false"). {@code POST /} takes one command, {@code /pipeline} and
 * {@code /multi-exec} an array of them.
 */
public final class CommandJson {
    /** Looked up once: Json.createParser would search for the provider on every call. */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private CommandJson() {}

    /** One command: {@code ["SET", "k", "v"]}. */
    public static byte[][] command(byte[] body) {
        JsonParser p = open(body);
        try (p) {
            expectArrayStart(p);
            byte[][] argv = arguments(p);
            expectEnd(p);
            return argv;
        } catch (JsonParsingException e) {
            throw malformed(e);
        }
    }

    /** A batch: {@code [["SET", "k", "v"], ["GET", "k"]]}. */
    public static List<byte[][]> commands(byte[] body) {
        JsonParser p = open(body);
        try (p) {
            expectArrayStart(p);
            List<byte[][]> out = new ArrayList<>();
            while (true) {
                JsonParser.Event e = next(p);
                if (e == JsonParser.Event.END_ARRAY) break;
                if (e != JsonParser.Event.START_ARRAY) throw RestError.badRequest("ERR each command must be a JSON array");
                out.add(arguments(p));
            }
            expectEnd(p);
            return out;
        } catch (JsonParsingException e) {
            throw malformed(e);
        }
    }

    /** A single JSON string, number or boolean, converted like a command argument (admin values). */
    public static byte[] scalar(byte[] body) {
        JsonParser p = open(body);
        try (p) {
            byte[] v = argument(p, next(p));
            expectEnd(p);
            return v;
        } catch (JsonParsingException e) {
            throw malformed(e);
        }
    }

    private static JsonParser open(byte[] body) {
        if (body == null || body.length == 0) throw RestError.badRequest("ERR empty request body, expected a JSON array");
        return PARSERS.createParser(new ByteArrayInputStream(body));
    }

    /** Reads the elements of an array whose START_ARRAY was consumed, through its END_ARRAY. */
    private static byte[][] arguments(JsonParser p) {
        List<byte[]> args = new ArrayList<>();
        while (true) {
            JsonParser.Event e = next(p);
            if (e == JsonParser.Event.END_ARRAY) {
                if (args.isEmpty()) throw RestError.badRequest("ERR empty command");
                return args.toArray(new byte[0][]);
            }
            args.add(argument(p, e));
        }
    }

    private static byte[] argument(JsonParser p, JsonParser.Event e) {
        switch (e) {
            case VALUE_STRING:
            case VALUE_NUMBER: // getString() is the number exactly as written
                return p.getString().getBytes(StandardCharsets.UTF_8);
            case VALUE_TRUE:
                return TRUE;
            case VALUE_FALSE:
                return FALSE;
            default:
                throw RestError.badRequest("ERR command arguments must be JSON strings, numbers or booleans");
        }
    }

    private static void expectArrayStart(JsonParser p) {
        if (next(p) != JsonParser.Event.START_ARRAY) throw RestError.badRequest("ERR expected a JSON array");
    }

    private static void expectEnd(JsonParser p) {
        if (p.hasNext()) throw RestError.badRequest("ERR unexpected content after the JSON array");
    }

    private static JsonParser.Event next(JsonParser p) {
        if (!p.hasNext()) throw RestError.badRequest("ERR unexpected end of JSON");
        return p.next();
    }

    private static RestError malformed(JsonParsingException e) {
        return RestError.badRequest("ERR malformed JSON: " + e.getMessage());
    }
}
