package dev.beryl.persistence;

import dev.beryl.engine.Dict;
import dev.beryl.resp.Numbers;
import dev.beryl.types.Listpack;

import java.io.IOException;

/**
 * Streams (RDB_TYPE_STREAM_LISTPACKS and _2), which Beryl cannot hold yet. A stream value is read through and
 * checked as Redis's rdbLoadObject checks it, with the deep listpack checks of streamValidateListpackIntegrity,
 * so that a corrupt one is reported for what is wrong with it; a sound one is then refused as unsupported.
 * Nothing is sized from the counts the data claims: every loop consumes input, so a corrupt count runs out of data.
 */
final class StreamCodec {
    private static final int STREAM_ID = 16;
    private static final long SAME_FIELDS = 2; // STREAM_ITEM_FLAG_SAMEFIELDS

    private StreamCodec() {}

    static Object read(RdbInput in, boolean v2) throws IOException {
        long nodes = in.length();
        Dict<Void> nodeKeys = new Dict<>();
        for (long i = 0; i < nodes; i++) {
            byte[] nodeKey = in.string();
            if (nodeKey.length != STREAM_ID) throw in.corrupt("Stream node key entry is not the size of a stream ID");
            Listpack lp = ListpackBlob.decode(in.string());
            if (lp == null || !validNode(lp)) throw in.corrupt("Stream listpack integrity check failed.");
            if (nodeKeys.containsKey(nodeKey)) throw in.corrupt("Listpack re-added with existing key");
            nodeKeys.add(nodeKey, null);
        }
        long length = in.length();
        int ids = v2 ? 7 : 2; // last id; with _2 also the first id, the largest deleted id, the entries added
        for (int i = 0; i < ids; i++) in.length();
        if (length > 0 && nodeKeys.isEmpty()) throw in.corrupt("Stream length inconsistent with rax entries");
        long groups = in.length();
        Dict<Void> groupNames = new Dict<>();
        for (long g = 0; g < groups; g++) {
            byte[] name = in.string();
            in.length(); // last delivered id
            in.length();
            if (v2) in.length(); // entries read
            if (groupNames.containsKey(name)) {
                throw in.corrupt("Duplicated consumer group name " + RdbReader.printable(name));
            }
            groupNames.add(name, null);
            readGroupPel(in);
        }
        throw in.corrupt("Streams are not supported");
    }

    /** A group's pending entries, then its consumers, each with the entries it owns. */
    private static void readGroupPel(RdbInput in) throws IOException {
        long pending = in.length();
        Dict<boolean[]> pel = new Dict<>(); // id -> whether a consumer owns it
        for (long j = 0; j < pending; j++) {
            byte[] id = in.bytes(STREAM_ID);
            in.millis(); // delivery time
            in.length(); // delivery count
            if (pel.containsKey(id)) throw in.corrupt("Duplicated global PEL entry loading stream consumer group");
            pel.add(id, new boolean[1]);
        }
        long consumers = in.length();
        Dict<Void> consumerNames = new Dict<>();
        for (long j = 0; j < consumers; j++) {
            byte[] name = in.string();
            if (consumerNames.containsKey(name)) throw in.corrupt("Duplicate stream consumer detected.");
            consumerNames.add(name, null);
            in.millis(); // seen time
            long owned = in.length();
            Dict<Void> own = new Dict<>();
            for (long k = 0; k < owned; k++) {
                byte[] id = in.bytes(STREAM_ID);
                boolean[] claimed = pel.get(id);
                if (claimed == null) throw in.corrupt("Consumer entry not found in group global PEL");
                if (own.containsKey(id)) {
                    throw in.corrupt("Duplicated consumer PEL entry  loading a stream consumer group");
                }
                own.add(id, null);
                claimed[0] = true;
            }
        }
        boolean[] orphan = {false};
        pel.forEach(n -> orphan[0] |= !n.value[0]);
        if (orphan[0]) throw in.corrupt("Stream CG PEL entry without consumer");
    }

    /**
     * streamValidateListpackIntegrity, deep: the master entry (count, deleted, field names, a 0), then every
     * entry (flags, id, its own field names unless it has the master's, the values, and its entry count),
     * and nothing after. Counts that are not integers, or negative, fail.
     */
    private static boolean validNode(Listpack lp) {
        Cursor c = new Cursor(lp);
        long count = c.integer(), deleted = c.integer(), masterFields = c.integer();
        if (count < 0 || deleted < 0 || masterFields < 0 || count + deleted < 0) return false;
        if (!c.skip(masterFields) || c.integer() != 0) return false;
        for (long e = 0; e < count + deleted; e++) {
            long flags = c.integer();
            if (flags < 0 || c.integer() == Cursor.INVALID || c.integer() == Cursor.INVALID) return false;
            long fields = masterFields, extra = 3;
            if ((flags & SAME_FIELDS) == 0) {
                fields = c.integer();
                if (fields < 0 || !c.skip(fields)) return false;
                extra += fields + 1;
            }
            if (!c.skip(fields) || c.integer() != fields + extra) return false;
        }
        return c.p < 0;
    }

    /** Walks a listpack's entries. */
    private static final class Cursor {
        static final long INVALID = Long.MIN_VALUE;
        private final Listpack lp;
        private int p;

        Cursor(Listpack lp) {
            this.lp = lp;
            this.p = lp.first();
        }

        /** The next entry as lpGetIntegerIfValid reads it (an integer, or a string of one); INVALID if none. */
        long integer() {
            if (p < 0) return INVALID;
            long v;
            if (lp.isInt(p)) {
                v = lp.intValue(p);
            } else {
                byte[] s = lp.get(p);
                if (!Numbers.isLong(s)) return INVALID;
                v = Numbers.parseLongUnchecked(s, 0, s.length);
            }
            p = lp.next(p);
            return v;
        }

        /** Skips n entries; false when there are fewer. */
        boolean skip(long n) {
            for (long i = 0; i < n; i++) {
                if (p < 0) return false;
                p = lp.next(p);
            }
            return true;
        }
    }
}
