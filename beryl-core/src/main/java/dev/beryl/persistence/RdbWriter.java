package dev.beryl.persistence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an RDB file (version 10, Redis 7.0's) as a stream of calls: {@link #begin}, then per non-empty database
 * {@link #selectDb} and its {@link #entry entries}, then {@link #end}. It knows nothing of the engine, so a
 * snapshot can be fed to it from any thread.
 */
public final class RdbWriter {
    /** Redis 7.0.15 writes these aux fields, redis-check-rdb prints them; Beryl speaks for that version. */
    private static final String REDIS_VERSION = "7.0.15";

    private final RdbOutput out;

    /**
     * @param compress LZF-compress strings (rdbcompression)
     * @param checksum end with the CRC-64 (rdbchecksum), else with zeros
     */
    public RdbWriter(OutputStream os, boolean compress, boolean checksum) {
        this.out = new RdbOutput(os, compress, checksum);
    }

    /** The magic and version, then the aux fields of rdbSaveInfoAuxFields. */
    public void begin(long ctimeSeconds, long usedMemory) throws IOException {
        begin(ctimeSeconds, usedMemory, false);
    }

    /** {@code aofBase}: the RDB preamble of an AOF base file (aux aof-base 1). */
    public void begin(long ctimeSeconds, long usedMemory, boolean aofBase) throws IOException {
        byte[] magic = String.format("REDIS%04d", RdbConstants.VERSION).getBytes(StandardCharsets.US_ASCII);
        out.raw(magic, 0, magic.length);
        aux("redis-ver", REDIS_VERSION);
        aux("redis-bits", "64");
        aux("ctime", Long.toString(ctimeSeconds));
        aux("used-mem", Long.toString(usedMemory));
        aux("aof-base", aofBase ? "1" : "0");
    }

    private void aux(String key, String value) throws IOException {
        out.type(RdbConstants.OPCODE_AUX);
        out.string(key.getBytes(StandardCharsets.UTF_8));
        out.string(value.getBytes(StandardCharsets.UTF_8));
    }

    /** SELECTDB and the RESIZEDB hint: how many keys, and how many of them with a TTL. */
    public void selectDb(int db, long keys, long expires) throws IOException {
        out.type(RdbConstants.OPCODE_SELECTDB);
        out.length(db);
        out.type(RdbConstants.OPCODE_RESIZEDB);
        out.length(keys);
        out.length(expires);
    }

    /**
     * One key (rdbSaveKeyValuePair): its expire time in unix ms or -1, its idle seconds (under an LRU policy) or
     * -1, its LFU counter (under an LFU policy) or -1, then type, key and value.
     */
    public void entry(byte[] key, Object value, long expireAtMs, long idleSeconds, int frequency) throws IOException {
        header(out, key, value, expireAtMs, idleSeconds, frequency);
        ValueCodec.write(out, value);
    }

    /** What precedes an entry's value: its expire, idle and LFU opcodes, its type byte and its key. */
    static void header(RdbOutput out, byte[] key, Object value, long expireAtMs, long idleSeconds, int frequency)
            throws IOException {
        if (expireAtMs != -1) {
            out.type(RdbConstants.OPCODE_EXPIRETIME_MS);
            out.millis(expireAtMs);
        }
        if (idleSeconds >= 0) {
            out.type(RdbConstants.OPCODE_IDLE);
            out.length(idleSeconds);
        }
        if (frequency >= 0) {
            out.type(RdbConstants.OPCODE_FREQ);
            out.type(frequency);
        }
        out.type(ValueCodec.type(value));
        out.string(key);
    }

    /**
     * One {@link #entry} encoded on its own, to be written later with {@link #encoded}: how a background save
     * takes a mutable value on the engine thread while the file is written on another.
     */
    public static byte[] encode(byte[] key, Object value, long expireAtMs, long idleSeconds, int frequency,
                                boolean compress) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(64);
        RdbWriter w = new RdbWriter(bytes, compress, false);
        try {
            w.entry(key, value, expireAtMs, idleSeconds, frequency);
            w.out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    /** An entry from {@link #encode}. */
    public void encoded(byte[] entry) throws IOException {
        out.raw(entry, 0, entry.length);
    }

    /** The EOF opcode and the checksum; flushes. */
    public void end() throws IOException {
        out.type(RdbConstants.OPCODE_EOF);
        out.checksumAndFlush();
    }
}
