package dev.beryl.resp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes RESP2/RESP3 reply bytes (as produced by the engine, e.g. {@code Engine.call}) into Java values:
 * bulk string → byte[], simple string → {@link Status}, error → {@link ErrorReply}, integer → Long,
 * double → Double, big number → BigInteger, boolean → Boolean, verbatim → String (its text without the format),
 * any null → null, array/set/push → List, map → Map (insertion-ordered; keys are decoded like values, so a
 * bulk key is a byte[] and is found by iterating, not by {@code get}). RESP3 attributes are skipped.
 * Input is trusted engine output, so malformed bytes raise IllegalArgumentException.
 */
public final class RespDecoder {
    private final byte[] buf;
    private final int end;
    private int pos;

    public RespDecoder(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public RespDecoder(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    /** Decodes a buffer holding exactly one reply. */
    public static Object decode(byte[] reply) {
        RespDecoder d = new RespDecoder(reply);
        Object v = d.next();
        if (d.hasNext()) throw new IllegalArgumentException("trailing bytes after reply at offset " + d.pos);
        return v;
    }

    /** Decodes every reply in the buffer, in order (Engine.call concatenates one reply per command). */
    public static List<Object> decodeAll(byte[] replies) {
        RespDecoder d = new RespDecoder(replies);
        List<Object> out = new ArrayList<>();
        while (d.hasNext()) out.add(d.next());
        return out;
    }

    public boolean hasNext() { return pos < end; }

    /** Decodes the next reply. */
    public Object next() {
        if (pos >= end) throw malformed("unexpected end of reply");
        byte type = buf[pos++];
        switch (type) {
            case '+': return new Status(line());
            case '-': return new ErrorReply(line());
            case ':': return number();
            case '$': return bulk();
            case '*': case '~': case '>': return array();
            case '%': return map();
            case '_': lineEnd(); return null;
            case '#': return bool();
            case ',': return parseDouble(line());
            case '(': return new BigInteger(line());
            case '=': return verbatim();
            case '!': {
                byte[] b = blob();
                return new ErrorReply(new String(b, StandardCharsets.UTF_8));
            }
            case '|': {
                long n = number();
                for (long i = 0; i < 2 * n; i++) next();
                return next();
            }
            default: throw malformed("unknown reply type '" + (char) type + "'");
        }
    }

    private Object bulk() {
        long n = number();
        if (n < 0) return null;
        return take(n);
    }

    private byte[] blob() {
        long n = number();
        if (n < 0) throw malformed("negative blob length");
        return take(n);
    }

    private String verbatim() {
        byte[] b = blob();
        // "txt:" / "mkd:": a three-letter format and a colon precede the text
        if (b.length < 4 || b[3] != ':') throw malformed("verbatim string without format");
        return new String(b, 4, b.length - 4, StandardCharsets.UTF_8);
    }

    private List<Object> array() {
        long n = number();
        if (n < 0) return null;
        List<Object> list = new ArrayList<>((int) Math.min(n, 1024));
        for (long i = 0; i < n; i++) list.add(next());
        return list;
    }

    private Map<Object, Object> map() {
        long n = number();
        if (n < 0) return null;
        Map<Object, Object> map = new LinkedHashMap<>();
        for (long i = 0; i < n; i++) {
            Object k = next();
            map.put(k, next());
        }
        return map;
    }

    private Boolean bool() {
        String s = line();
        if (s.equals("t")) return Boolean.TRUE;
        if (s.equals("f")) return Boolean.FALSE;
        throw malformed("bad boolean '" + s + "'");
    }

    private static Double parseDouble(String s) {
        switch (s) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": return Double.NaN;
            default: return Double.valueOf(s);
        }
    }

    private byte[] take(long n) {
        if (n > end - pos - 2) throw malformed("bulk of " + n + " bytes past end of reply");
        int len = (int) n;
        byte[] b = new byte[len];
        System.arraycopy(buf, pos, b, 0, len);
        pos += len;
        if (buf[pos] != '\r' || buf[pos + 1] != '\n') throw malformed("bulk not terminated by CRLF");
        pos += 2;
        return b;
    }

    /** An integer reply's value or an aggregate/bulk length: the rest of the line. */
    private long number() {
        int start = pos;
        int cr = lineEnd();
        return parseLong(start, cr);
    }

    /** Advances past the current line's CRLF and returns the index of its CR. */
    private int lineEnd() {
        for (int i = pos; i + 1 < end; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                pos = i + 2;
                return i;
            }
        }
        throw malformed("line not terminated by CRLF");
    }

    private String line() {
        int start = pos;
        int cr = lineEnd();
        return new String(buf, start, cr - start, StandardCharsets.UTF_8);
    }

    private long parseLong(int from, int to) {
        if (!Numbers.isLong(buf, from, to - from)) {
            throw malformed("bad number '" + new String(buf, from, to - from, StandardCharsets.US_ASCII) + "'");
        }
        return Numbers.parseLongUnchecked(buf, from, to - from);
    }

    private IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed RESP: " + why);
    }
}
