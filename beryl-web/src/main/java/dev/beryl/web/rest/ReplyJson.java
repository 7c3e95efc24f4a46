package dev.beryl.web.rest;

import dev.beryl.resp.ErrorReply;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.Status;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes decoded replies (see {@link dev.beryl.resp.RespDecoder}) as Upstash's JSON: {@code {"result": value}}
 * or {@code {"error": "ERR ..."}}, and for batches an array of those. Values keep their RESP2 shape: integers are
 * numbers, bulk and simple strings are strings, nil is null, arrays are arrays; a RESP3 reply (after HELLO 3)
 * is shown as RESP2 would send it (maps flattened, doubles and big numbers as strings, booleans as 1/0).
 * With {@code Upstash-Encoding: base64}, every string is base64 of its bytes except a top-level "OK" status,
 * exactly what @upstash/redis decodes; otherwise bytes are read as UTF-8 (invalid sequences become U+FFFD).
 */
public final class ReplyJson {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    /** Looked up once: Json.createGenerator would search for the provider on every call. */
    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

    private final boolean base64;

    public ReplyJson(boolean base64) {
        this.base64 = base64;
    }

    /** {@code {"result": v}}, or {@code {"error": msg}} when the reply is an error. */
    public byte[] envelope(Object reply) {
        return write(g -> writeEnvelope(g, reply));
    }

    /** One envelope per reply, as /pipeline and /multi-exec answer. */
    public byte[] envelopes(List<Object> replies) {
        return write(g -> {
            g.writeStartArray();
            for (Object r : replies) writeEnvelope(g, r);
            g.writeEnd();
        });
    }

    /** {@code {"error": message}}, the body of every failed request. */
    public static byte[] error(String message) {
        return write(g -> g.writeStartObject().write("error", message).writeEnd());
    }

    /** A JSON object of string fields, or of such objects (INFO's sections, CONFIG GET's parameters). */
    public static byte[] object(Map<String, ?> fields) {
        return write(g -> writeObject(g, fields));
    }

    private static void writeObject(JsonGenerator g, Map<String, ?> fields) {
        g.writeStartObject();
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> inner) {
                g.writeKey(e.getKey());
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) inner;
                writeObject(g, nested);
            } else {
                g.write(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        g.writeEnd();
    }

    private void writeEnvelope(JsonGenerator g, Object reply) {
        g.writeStartObject();
        if (reply instanceof ErrorReply e) {
            g.write("error", e.message());
        } else {
            g.writeKey("result");
            if (reply instanceof Status s && s.isOk()) g.write("OK"); // the one string the client never decodes
            else value(g, reply);
        }
        g.writeEnd();
    }

    private void value(JsonGenerator g, Object v) {
        if (v == null) g.writeNull();
        else if (v instanceof Long n) g.write(n);
        else if (v instanceof byte[] b) string(g, b);
        else if (v instanceof Status s) string(g, s.text());
        else if (v instanceof String s) string(g, s);
        else if (v instanceof ErrorReply e) string(g, e.message());
        else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) value(g, o);
            g.writeEnd();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartArray();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                value(g, e.getKey());
                value(g, e.getValue());
            }
            g.writeEnd();
        } else if (v instanceof Double d) string(g, Numbers.formatDouble17g(d));
        else if (v instanceof BigInteger n) string(g, n.toString());
        else if (v instanceof Boolean b) g.write(b ? 1 : 0);
        else throw new IllegalArgumentException("not a decoded reply: " + v.getClass().getName());
    }

    private void string(JsonGenerator g, String s) {
        if (base64) g.write(B64.encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        else g.write(s);
    }

    private void string(JsonGenerator g, byte[] b) {
        if (base64) g.write(B64.encodeToString(b));
        else g.write(new String(b, StandardCharsets.UTF_8));
    }

    private interface Body {
        void write(JsonGenerator g);
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = GENERATORS.createGenerator(out)) {
            body.write(g);
        }
        return out.toByteArray();
    }
}
