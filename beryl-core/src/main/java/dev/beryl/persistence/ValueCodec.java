package dev.beryl.persistence;

import dev.beryl.types.HashValue;
import dev.beryl.types.Quicklist;
import dev.beryl.types.SetValue;
import dev.beryl.types.Strings;
import dev.beryl.types.ZSetValue;

import java.io.IOException;

import static dev.beryl.persistence.RdbConstants.*;

/**
 * A stored value in the RDB format: its type byte and its serialization, chosen by its encoding as Redis's
 * rdbSaveObjectType / rdbSaveObject do, and back (rdbLoadObject) from every type Redis 7.0 loads. Each type's
 * codec does the work.
 */
final class ValueCodec {
    private ValueCodec() {}

    /** The RDB type byte of a value. */
    static int type(Object v) {
        if (Strings.isString(v)) return TYPE_STRING;
        if (v instanceof Quicklist) return TYPE_LIST_QUICKLIST_2;
        if (v instanceof SetValue s) return SetCodec.type(s);
        if (v instanceof HashValue h) return HashCodec.type(h);
        if (v instanceof ZSetValue z) return ZSetCodec.type(z);
        throw new IllegalStateException("no RDB type for " + v.getClass());
    }

    /** The value without its type byte. */
    static void write(RdbOutput out, Object v) throws IOException {
        if (Strings.isString(v)) StringCodec.write(out, v);
        else if (v instanceof Quicklist q) ListCodec.write(out, q);
        else if (v instanceof SetValue s) SetCodec.write(out, s);
        else if (v instanceof HashValue h) HashCodec.write(out, h);
        else if (v instanceof ZSetValue z) ZSetCodec.write(out, z);
        else throw new IllegalStateException("no RDB encoding for " + v.getClass());
    }

    /** A value of the given type; null for an empty collection (Redis skips such keys). */
    static Object read(RdbInput in, int type, LoadSettings s) throws IOException {
        return switch (type) {
            case TYPE_STRING -> StringCodec.read(in, s);
            case TYPE_LIST -> ListCodec.readLinked(in, s);
            case TYPE_LIST_ZIPLIST -> ListCodec.readZiplist(in, s);
            case TYPE_LIST_QUICKLIST -> ListCodec.readQuicklist(in, false, s);
            case TYPE_LIST_QUICKLIST_2 -> ListCodec.readQuicklist(in, true, s);
            case TYPE_SET -> SetCodec.readSet(in, s);
            case TYPE_SET_INTSET -> SetCodec.readIntSet(in, s);
            case TYPE_HASH -> HashCodec.readHash(in, s);
            case TYPE_HASH_LISTPACK -> HashCodec.readListpack(in, s);
            case TYPE_HASH_ZIPLIST -> HashCodec.readZiplist(in, s);
            case TYPE_HASH_ZIPMAP -> HashCodec.readZipmap(in, s);
            case TYPE_ZSET_2 -> ZSetCodec.readSkipList(in, true, s);
            case TYPE_ZSET -> ZSetCodec.readSkipList(in, false, s);
            case TYPE_ZSET_LISTPACK -> ZSetCodec.readListpack(in, s);
            case TYPE_ZSET_ZIPLIST -> ZSetCodec.readZiplist(in, s);
            case TYPE_STREAM_LISTPACKS -> StreamCodec.read(in, false);
            case TYPE_STREAM_LISTPACKS_2 -> StreamCodec.read(in, true);
            case TYPE_MODULE, TYPE_MODULE_2 -> throw in.corrupt("Module values are not supported (no modules are loaded)");
            default -> throw in.corrupt("Unknown RDB encoding type " + type);
        };
    }

    static boolean isValueType(int type) {
        return (type >= 0 && type <= 7) || (type >= 9 && type <= 19);
    }
}
