package dev.beryl.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

import static dev.beryl.persistence.RdbConstants.*;

/**
 * Reads an RDB file of versions 1 to 10 (Redis's rdbLoadRioWithLoadingCtx) and hands each key to a
 * {@link Visitor}: aux fields are reported, expire times, LRU idle times and LFU counters are attached to the
 * key that follows them, empty collections are skipped as Redis skips them, and the CRC-64 at the end is
 * checked. Anything Beryl cannot hold (modules, streams, function libraries) or cannot parse stops the read
 * with an {@link RdbFormatException}: nothing is silently dropped.
 */
public final class RdbReader {
    private static final Logger LOG = Logger.getLogger(RdbReader.class.getName());

    /** Receives what the file holds, in file order. */
    public interface Visitor {
        void aux(String key, String value);

        /** The number of keys (and of keys with an expiry) the file holds for the DB that follows. */
        default void resizeDb(int db, long keys, long expires) {}

        /** A key: expire time in unix ms or -1, idle seconds or -1, LFU counter or -1. */
        void entry(int db, byte[] key, Object value, long expireAtMs, long idleSeconds, int frequency) throws IOException;
    }

    private RdbReader() {}

    /**
     * Reads a whole file. {@code databases} is the number of databases of this server (a file selecting one
     * beyond is refused); {@code verifyChecksum} is rdbchecksum. Returns the number of empty keys skipped.
     */
    public static int read(RdbInput in, int databases, LoadSettings settings, boolean verifyChecksum, Visitor v)
            throws IOException {
        byte[] magic = new byte[9];
        in.readFully(magic, 0, 9);
        String head = new String(magic, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("REDIS")) throw in.corrupt("Wrong signature trying to load DB from file");
        int version = atoi(head.substring(5));
        if (version < 1 || version > VERSION) throw in.corrupt("Can't handle RDB format version " + head.substring(5));
        int db = 0;
        long expireAt = -1, idle = -1;
        int freq = -1;
        int emptySkipped = 0;
        while (true) {
            int type = in.u8();
            switch (type) {
                case OPCODE_EXPIRETIME -> expireAt = (int) in.littleEndian(4) * 1000L;
                case OPCODE_EXPIRETIME_MS -> expireAt = in.millis();
                case OPCODE_FREQ -> freq = in.u8();
                case OPCODE_IDLE -> idle = in.length();
                case OPCODE_SELECTDB -> {
                    long id = in.length();
                    if (id >= databases) {
                        throw in.corrupt("Data file was created with a Redis server configured to handle more than "
                                + databases + " databases (it selects DB " + id + ")");
                    }
                    db = (int) id;
                }
                case OPCODE_RESIZEDB -> v.resizeDb(db, in.length(), in.length());
                case OPCODE_AUX -> v.aux(in.text(), in.text());
                case OPCODE_MODULE_AUX -> throw in.corrupt("The RDB file contains AUX module data, and no module is loaded");
                case OPCODE_FUNCTION, OPCODE_FUNCTION2 ->
                        throw in.corrupt("The RDB file contains function libraries, which Beryl cannot load (no scripting engine)");
                case OPCODE_EOF -> {
                    finish(in, version, verifyChecksum);
                    return emptySkipped;
                }
                default -> {
                    if (!ValueCodec.isValueType(type)) throw in.corrupt("Unknown RDB type or opcode " + type);
                    byte[] key = in.string();
                    int keyDb = db;
                    in.context(() -> "key '" + printable(key) + "' of type " + typeName(type) + " in DB " + keyDb);
                    Object value = ValueCodec.read(in, type, settings);
                    in.context(null);
                    if (value == null) {
                        if (emptySkipped++ < 10) LOG.warning("rdbLoadObject skipping empty key: " + printable(key));
                    } else {
                        v.entry(db, key, value, expireAt, idle, freq);
                    }
                    expireAt = -1;
                    idle = -1;
                    freq = -1;
                }
            }
        }
    }

    /** The CRC-64 after EOF (RDB 5 and later); a zero checksum means it was saved with rdbchecksum off. */
    private static void finish(RdbInput in, int version, boolean verify) throws IOException {
        if (version >= 5) {
            long expected = in.crc();
            long stored = in.littleEndian(8);
            if (verify && stored != 0 && stored != expected) {
                throw in.corrupt(String.format("Wrong RDB checksum expected: (%x) but got (%x). Aborting now: RDB CRC error",
                        expected, stored));
            }
        }
    }

    /** C's atoi on the version digits: leading digits, 0 when there are none. */
    private static int atoi(String s) {
        int n = 0;
        for (int i = 0; i < s.length() && Character.isDigit(s.charAt(i)); i++) n = n * 10 + (s.charAt(i) - '0');
        return n;
    }

    /** A key for a log or error message: its bytes as Latin-1, cut at 128 characters. */
    static String printable(byte[] key) {
        String s = new String(key, 0, Math.min(key.length, 128), StandardCharsets.ISO_8859_1);
        return key.length > 128 ? s + "..." : s;
    }
}
