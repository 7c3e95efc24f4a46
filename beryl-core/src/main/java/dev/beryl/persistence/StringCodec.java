package dev.beryl.persistence;

import dev.beryl.resp.Numbers;
import dev.beryl.types.RawString;

import java.io.IOException;

/** String values: RDB_TYPE_STRING, an RDB string (integer-encoded, LZF-compressed or plain). */
final class StringCodec {
    /** Redis's OBJ_SHARED_INTEGERS. */
    private static final int SHARED_INTEGERS = 10000;

    private StringCodec() {}

    static void write(RdbOutput out, Object v) throws IOException {
        if (v instanceof byte[] b) {
            out.string(b);
        } else {
            RawString r = (RawString) v;
            out.string(r.array(), r.length());
        }
    }

    /**
     * The value as SET would store it (tryObjectEncoding): the integers 0..9999 are the shared arrays when
     * sharing is allowed, and never shared otherwise (OBJECT REFCOUNT tells them apart).
     */
    static byte[] read(RdbInput in, LoadSettings settings) throws IOException {
        byte[] s = in.string();
        if (s.length <= 4 && Numbers.isLong(s)) {
            long n = Numbers.parseLongUnchecked(s, 0, s.length);
            if (n >= 0 && n < SHARED_INTEGERS) {
                byte[] shared = Numbers.toBytes(n);
                if (settings.shareIntegers()) return shared;
                if (s == shared) return s.clone(); // the reader decodes integer encodings to shared arrays
            }
        }
        return s;
    }
}
