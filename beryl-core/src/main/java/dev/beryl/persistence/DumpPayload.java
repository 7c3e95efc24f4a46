package dev.beryl.persistence;

import dev.beryl.config.Config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * DUMP's serialization of one value (cluster.c createDumpPayload): the RDB type byte and value, the RDB version
 * as 2 bytes little-endian, and the CRC-64 of all that as 8 bytes little-endian. RESTORE checks the footer, then
 * reads the value as a load would.
 */
public final class DumpPayload {
    private static final int FOOTER = 10;

    private DumpPayload() {}

    /** The payload of a value; strings are LZF-compressed when {@code compress} (rdbcompression). */
    public static byte[] create(Object value, boolean compress) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbOutput out = new RdbOutput(bytes, compress, true);
        try {
            out.type(ValueCodec.type(value));
            ValueCodec.write(out, value);
            out.littleEndian(RdbConstants.VERSION, 2);
            out.checksumAndFlush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    /** The length of the value's RDB serialization without its type byte (DEBUG OBJECT's serializedlength). */
    public static long serializedLength(Object value, boolean compress) {
        RdbOutput out = new RdbOutput(OutputStream.nullOutputStream(), compress, false);
        try {
            ValueCodec.write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the null stream does not fail
        }
        return out.written();
    }

    /** verifyDumpPayload: long enough, a version this server reads, and a matching checksum unless skipped. */
    public static boolean footerValid(byte[] p, boolean skipChecksum) {
        if (p.length < FOOTER) return false;
        int version = (p[p.length - 10] & 0xff) | (p[p.length - 9] & 0xff) << 8;
        if (version > RdbConstants.VERSION) return false;
        if (skipChecksum) return true;
        long crc = 0;
        for (int i = 0; i < 8; i++) crc |= (long) (p[p.length - 8 + i] & 0xff) << (8 * i);
        return Crc64.update(0, p, 0, p.length - 8) == crc;
    }

    /**
     * The value of a payload whose footer is valid, encoded for the current settings; throws when the body
     * is not a valid value (RESTORE's "Bad data format"), an empty collection included.
     */
    public static Object read(byte[] p, Config config) throws RdbFormatException {
        RdbInput in = new RdbInput(p, p.length - FOOTER);
        try {
            int type = in.u8();
            if (!ValueCodec.isValueType(type)) throw in.corrupt("Unknown value type " + type);
            in.context(() -> "type " + RdbConstants.typeName(type));
            Object v = ValueCodec.read(in, type, LoadSettings.of(config));
            if (v == null) throw in.corrupt("Empty key");
            return v;
        } catch (RdbFormatException e) {
            throw e;
        } catch (IOException e) {
            throw in.corrupt(e.getMessage()); // reading an array fails only as corrupt data
        }
    }
}
