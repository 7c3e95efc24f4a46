package dev.beryl.persistence;

import dev.beryl.engine.Database;
import dev.beryl.engine.Engine;
import dev.beryl.types.HashValue;
import dev.beryl.types.Quicklist;
import dev.beryl.types.SetValue;
import dev.beryl.types.Strings;
import dev.beryl.types.ZSetValue;
import dev.beryl.resp.Numbers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An AOF base file made of commands (aof-use-rdb-preamble no), as Redis's rewriteAppendOnlyFileRio writes it:
 * SELECT per database, SET for strings, RPUSH / SADD / ZADD / HMSET in batches of {@link #ITEMS_PER_CMD}
 * elements for collections, PEXPIREAT after a key with a TTL.
 */
final class AofCommandFormat implements SnapshotFormat {
    /** Redis's AOF_REWRITE_ITEMS_PER_CMD. */
    static final int ITEMS_PER_CMD = 64;

    private final OutputStream out;

    private AofCommandFormat(OutputStream out) {
        this.out = out;
    }

    /** A base of commands; with aof-timestamp-enabled it starts with Redis's #TS:<unix time> annotation. */
    static SnapshotFormat.Opener opener(boolean timestamp) {
        return os -> {
            if (timestamp) os.write(timestampLine());
            return new AofCommandFormat(os);
        };
    }

    static byte[] timestampLine() {
        return ("#TS:" + System.currentTimeMillis() / 1000 + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public void select(SnapshotWriter.Select s) throws IOException {
        Resp r = new Resp(out);
        r.count(2);
        r.bulk("SELECT");
        r.bulk(Numbers.toBytes(s.db()));
    }

    @Override
    public void string(SnapshotWriter.StringEntry e) throws IOException {
        Resp r = new Resp(out);
        r.count(3);
        r.bulk("SET");
        r.bulk(e.key());
        r.bulk(e.value());
        r.expire(e.key(), e.expireAtMs());
    }

    @Override
    public void encoded(byte[] entry) throws IOException {
        out.write(entry);
    }

    @Override
    public void end() throws IOException {
        out.flush();
    }

    /** The whole dataset as commands, on the engine thread (the first base file, written at start). */
    static void writeDataset(Engine e, OutputStream os) throws IOException {
        if (e.config().getBool("aof-timestamp-enabled")) os.write(timestampLine());
        AofCommandFormat f = new AofCommandFormat(os);
        for (int i = 0; i < e.databaseCount(); i++) {
            Database db = e.database(i);
            if (db.size() == 0) continue;
            f.select(new SnapshotWriter.Select(i, db.size(), db.expiresSize()));
            try {
                db.forEachKey(n -> {
                    try {
                        os.write(encode(n.key, n.value, db.getExpire(n.key)));
                    } catch (IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                });
            } catch (java.io.UncheckedIOException ex) {
                throw ex.getCause();
            }
        }
        f.end();
    }

    /** The commands that rebuild a collection (and its TTL), encoded on the engine thread. */
    static byte[] encode(byte[] key, Object value, long expireAtMs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        Resp r = new Resp(bytes);
        try {
            if (Strings.isString(value)) {
                r.count(3);
                r.bulk("SET");
                r.bulk(key);
                r.bulk(Strings.bytes(value));
            } else if (value instanceof Quicklist q) {
                Batches b = batchesFor(r, key, value, q.size());
                Quicklist.Cursor cur = q.cursor(0, true);
                while (cur != null && cur.next()) b.item(cur.value());
            } else if (value instanceof SetValue s) {
                s.forEach(batchesFor(r, key, value, s.size())::itemUnchecked);
            } else if (value instanceof ZSetValue z) {
                Batches b = batchesFor(r, key, value, z.size());
                z.forEach((m, score) -> b.itemUnchecked(score(score), m));
            } else if (value instanceof HashValue h) {
                h.forEach(batchesFor(r, key, value, h.size())::itemUnchecked);
            } else {
                throw new IllegalStateException("no AOF rewrite for " + value.getClass());
            }
            r.expire(key, expireAtMs);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * The batches that rebuild a collection, written to {@code r}: RPUSH, SADD, ZADD (score, member) or HMSET
     * (field, value) items.
     */
    static Batches batchesFor(Resp r, byte[] key, Object value, long items) {
        if (value instanceof Quicklist) return new Batches(r, "RPUSH", key, items, 1);
        if (value instanceof SetValue) return new Batches(r, "SADD", key, items, 1);
        if (value instanceof ZSetValue) return new Batches(r, "ZADD", key, items, 2);
        if (value instanceof HashValue) return new Batches(r, "HMSET", key, items, 2);
        throw new IllegalStateException("no AOF rewrite for " + value.getClass());
    }

    /** A score as ZADD takes it back exactly (Redis's rewrite writes %.17g). */
    static byte[] score(double score) {
        return Numbers.formatDouble17g(score).getBytes(StandardCharsets.US_ASCII);
    }

    /** Commands of up to {@link #ITEMS_PER_CMD} items (an item: a member, or a score and member, a field and value). */
    static final class Batches {
        private final Resp r;
        private final String command;
        private final byte[] key;
        private final int width;
        private long left;
        private int count;

        Batches(Resp r, String command, byte[] key, long items, int width) {
            this.r = r;
            this.command = command;
            this.key = key;
            this.width = width;
            this.left = items;
        }

        void item(byte[]... parts) throws IOException {
            if (count == 0) {
                r.count(2 + Math.min(left, ITEMS_PER_CMD) * width);
                r.bulk(command);
                r.bulk(key);
            }
            for (byte[] p : parts) r.bulk(p);
            if (++count == ITEMS_PER_CMD) count = 0;
            left--;
        }

        void itemUnchecked(byte[] a) {
            itemUnchecked(new byte[][] {a});
        }

        void itemUnchecked(byte[] a, byte[] b) {
            itemUnchecked(new byte[][] {a, b});
        }

        private void itemUnchecked(byte[][] parts) {
            try {
                item(parts);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** RESP multi-bulk writing. */
    record Resp(OutputStream out) {
        void count(long n) throws IOException {
            out.write('*');
            out.write(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
            out.write('\r');
            out.write('\n');
        }

        void bulk(String s) throws IOException {
            bulk(s.getBytes(StandardCharsets.US_ASCII));
        }

        void bulk(byte[] b) throws IOException {
            out.write('$');
            out.write(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
            out.write('\r');
            out.write('\n');
            out.write(b);
            out.write('\r');
            out.write('\n');
        }

        void expire(byte[] key, long expireAtMs) throws IOException {
            if (expireAtMs == -1) return;
            count(3);
            bulk("PEXPIREAT");
            bulk(key);
            bulk(Long.toString(expireAtMs));
        }
    }
}
