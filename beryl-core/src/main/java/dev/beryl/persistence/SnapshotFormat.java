package dev.beryl.persistence;

import java.io.IOException;
import java.io.OutputStream;

/**
 * What a {@link SnapshotWriter} writes its items as: an RDB file (BGSAVE, and the preamble of an AOF base), or the
 * commands of an AOF base without preamble ({@link AofCommandFormat}). Writer thread only.
 */
interface SnapshotFormat {
    void select(SnapshotWriter.Select s) throws IOException;

    void string(SnapshotWriter.StringEntry e) throws IOException;

    /** An entry the engine thread encoded in this format. */
    void encoded(byte[] entry) throws IOException;

    /** Completes and flushes the file. */
    void end() throws IOException;

    /** Opens a format on a file's stream: what comes before the first item is written here. */
    interface Opener {
        SnapshotFormat open(OutputStream os) throws IOException;
    }

    /** RDB; {@code aofBase} marks it as the preamble of an AOF base file (aux aof-base 1). */
    static Opener rdb(boolean compress, boolean checksum, long ctimeSeconds, long usedMemory, boolean aofBase) {
        return os -> {
            RdbWriter w = new RdbWriter(os, compress, checksum);
            w.begin(ctimeSeconds, usedMemory, aofBase);
            return new SnapshotFormat() {
                @Override
                public void select(SnapshotWriter.Select s) throws IOException {
                    w.selectDb(s.db(), s.keys(), s.expires());
                }

                @Override
                public void string(SnapshotWriter.StringEntry e) throws IOException {
                    w.entry(e.key(), e.value(), e.expireAtMs(), e.idleSeconds(), e.frequency());
                }

                @Override
                public void encoded(byte[] entry) throws IOException {
                    w.encoded(entry);
                }

                @Override
                public void end() throws IOException {
                    w.end();
                }
            };
        };
    }
}
