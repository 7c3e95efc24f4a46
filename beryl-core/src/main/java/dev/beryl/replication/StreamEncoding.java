package dev.beryl.replication;

import dev.beryl.resp.ReplyBuffer;

import java.nio.charset.StandardCharsets;

/** The replication stream's bytes: each command as a RESP multibulk, as Redis's replicationFeedSlaves writes it. */
final class StreamEncoding {
    private StreamEncoding() {}

    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);

    static void command(ReplyBuffer out, byte[][] argv) {
        out.arrayHeader(argv.length);
        for (byte[] a : argv) out.bulk(a);
    }

    /** The SELECT that precedes a command of another database than the stream's last. */
    static void select(ReplyBuffer out, int db) {
        command(out, new byte[][] {SELECT, Integer.toString(db).getBytes(StandardCharsets.US_ASCII)});
    }
}
