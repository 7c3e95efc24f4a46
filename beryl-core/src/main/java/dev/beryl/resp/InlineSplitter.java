package dev.beryl.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Splits an inline command line into arguments with the quoting rules of redis-cli and Redis (sdssplitargs). */
final class InlineSplitter {
    private InlineSplitter() {}

    /** Returns the arguments, or null for unbalanced quotes. A NUL byte ends the line, as in C. */
    static byte[][] split(byte[] b, int from, int to) {
        List<byte[]> out = new ArrayList<>();
        int p = from;
        while (true) {
            while (p < to && b[p] != 0 && isSpace(b[p])) p++;
            if (p >= to || b[p] == 0) return out.toArray(new byte[0][]);
            ByteArrayOutputStream cur = new ByteArrayOutputStream();
            boolean inq = false, insq = false, done = false;
            while (!done) {
                int c = p < to ? b[p] & 0xff : 0;
                int next = p + 1 < to ? b[p + 1] & 0xff : 0;
                if (inq) {
                    if (c == '\\' && next == 'x' && p + 3 < to && isHex(b[p + 2]) && isHex(b[p + 3])) {
                        cur.write(hex(b[p + 2]) * 16 + hex(b[p + 3]));
                        p += 3;
                    } else if (c == '\\' && next != 0) {
                        p++;
                        switch (next) {
                            case 'n': cur.write('\n'); break;
                            case 'r': cur.write('\r'); break;
                            case 't': cur.write('\t'); break;
                            case 'b': cur.write('\b'); break;
                            case 'a': cur.write(7); break;
                            default: cur.write(next);
                        }
                    } else if (c == '"') {
                        if (next != 0 && !isSpace((byte) next)) return null;
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        cur.write(c);
                    }
                } else if (insq) {
                    if (c == '\\' && next == '\'') {
                        p++;
                        cur.write('\'');
                    } else if (c == '\'') {
                        if (next != 0 && !isSpace((byte) next)) return null;
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        cur.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ': case '\n': case '\r': case '\t': case 0: done = true; break;
                        case '"': inq = true; break;
                        case '\'': insq = true; break;
                        default: cur.write(c);
                    }
                }
                if (c != 0) p++;
            }
            out.add(cur.toByteArray());
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return c - 'A' + 10;
    }
}
