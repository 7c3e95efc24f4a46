package dev.beryl.engine;

/**
 * What a stored value is: its Redis type name (TYPE) and encoding (OBJECT ENCODING). Strings are stored as
 * immutable byte[]; each data type adds its classes here as it arrives.
 */
public final class Values {
    private Values() {}

    /** Redis keeps strings up to this length as "embstr". */
    public static final int EMBSTR_MAX = 44;

    public static String typeName(Object v) {
        if (v instanceof byte[]) return "string";
        throw new IllegalStateException("unknown value " + v.getClass());
    }

    public static String encoding(Object v) {
        if (v instanceof byte[] b) {
            if (b.length <= 20 && dev.beryl.resp.Numbers.isLong(b)) return "int";
            return b.length <= EMBSTR_MAX ? "embstr" : "raw";
        }
        throw new IllegalStateException("unknown value " + v.getClass());
    }
}
