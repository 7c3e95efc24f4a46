package dev.beryl.replication;

import dev.beryl.engine.OutputSource;
import dev.beryl.resp.ReplyBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sends an RDB file to a replica as its socket drains (Redis's sendBulkToSlave), then calls {@code done}: the
 * event loop pulls a chunk whenever the replica's reply buffer runs low, so a big file never sits in memory and
 * the engine never waits for a slow replica. The file was opened when its save ended: a later save replacing it
 * does not change what is sent.
 */
final class RdbTransfer implements OutputSource {
    private static final int CHUNK = 64 * 1024;

    private final FileChannel file;
    private final Runnable done;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    private long left;

    RdbTransfer(FileChannel file, long size, Runnable done) {
        this.file = file;
        this.left = size;
        this.done = done;
    }

    @Override
    public boolean fill(ReplyBuffer out) {
        try {
            if (left > 0) {
                chunk.clear().limit((int) Math.min(CHUNK, left));
                int n = file.read(chunk);
                if (n < 0) throw new IOException("the RDB file ended before its announced size");
                out.raw(chunk.array(), 0, n);
                left -= n;
                if (left > 0) return true;
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Read error sending DB to replica: " + e.getMessage(), e);
        }
        close();
        done.run();
        return false;
    }

    void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
