package dev.beryl.types;

import dev.beryl.resp.ReplyBuffer;

/**
 * Reading a string value of either representation: an immutable byte[] (what SET stores) or a
 * {@link RawString} (what in-place modification produces). Every command reading strings goes through these.
 */
public final class Strings {
    private Strings() {}

    public static boolean isString(Object v) {
        return v instanceof byte[] || v instanceof RawString;
    }

    public static int length(Object v) {
        return v instanceof byte[] b ? b.length : ((RawString) v).length();
    }

    /**
     * The content as a byte[] of exactly its length: the stored array itself for byte[] values (never mutate
     * it), a copy for raw strings.
     */
    public static byte[] bytes(Object v) {
        return v instanceof byte[] b ? b : ((RawString) v).toByteArray();
    }

    /** The backing array of the content, valid up to {@link #length}; read only. */
    public static byte[] array(Object v) {
        return v instanceof byte[] b ? b : ((RawString) v).array();
    }

    /** Replies the value as a bulk string without copying it. */
    public static void reply(ReplyBuffer r, Object v) {
        if (v instanceof byte[] b) r.bulk(b);
        else r.bulk(((RawString) v).array(), 0, ((RawString) v).length());
    }
}
