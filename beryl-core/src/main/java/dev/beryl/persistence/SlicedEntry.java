package dev.beryl.persistence;

import dev.beryl.engine.Dict;
import dev.beryl.types.HashValue;
import dev.beryl.types.Listpack;
import dev.beryl.types.Quicklist;
import dev.beryl.types.SetValue;
import dev.beryl.types.ZSetValue;
import dev.beryl.types.ZSkipList;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The RDB entry of a big collection, or the commands that rebuild it in an AOF base without preamble
 * ({@link AofCommandFormat}), encoded a slice at a time over several event-loop turns, so a background save or
 * rewrite never stops the engine for a whole multi-million-element value. The value must not change until the entry is
 * complete: {@link Snapshot} completes it at once when a write to the key comes first. Meanwhile the rehashing of
 * a set's or hash's table is paused, so reads leave its buckets in place and the SCAN cursor visits each element
 * exactly once. Same bytes as {@link RdbWriter#entry}, except that hash-table members come in SCAN order.
 * Engine thread only.
 */
final class SlicedEntry {
    /** Collections up to this many elements are encoded in one go: well under a millisecond. */
    static final int MIN_ELEMENTS = 8192;

    private final Dict.Node<Object> node;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    /** RDB output, or null when writing commands. */
    private final RdbOutput out;
    /** The command batches (aof-use-rdb-preamble no), or null when writing RDB. */
    private final AofCommandFormat.Batches commands;
    private final AofCommandFormat.Resp resp;
    private final long expireAtMs;
    /** The set's or hash's table being scanned, or null. */
    private final Dict<?> dict;
    private final HashValue hash;
    private long cursor;
    private ZSkipList.Node zsetNext;
    private final Iterator<Quicklist.NodeContent> listNodes;
    private boolean done;

    /** Whether a value is big enough to be encoded in slices. */
    static boolean wanted(Object v) {
        if (v instanceof SetValue s) return !s.isIntSet() && s.size() > MIN_ELEMENTS;
        if (v instanceof HashValue h) return !h.isListpack() && h.size() > MIN_ELEMENTS;
        if (v instanceof ZSetValue z) return !z.isListpack() && z.size() > MIN_ELEMENTS;
        return v instanceof Quicklist q && q.size() > MIN_ELEMENTS;
    }

    /**
     * Starts the entry: the RDB header and element count (the key's expire time, idle time and LFU counter as of
     * now), or for {@code asCommands} nothing yet (the first batch opens with its first element).
     */
    SlicedEntry(Dict.Node<Object> node, long expireAtMs, long idleSeconds, int frequency, boolean compress,
                boolean asCommands) {
        this.node = node;
        this.expireAtMs = expireAtMs;
        Object v = node.value;
        long elements;
        if (v instanceof SetValue s) {
            dict = s.dict();
            hash = null;
            listNodes = null;
            elements = s.size();
        } else if (v instanceof HashValue h) {
            dict = h.dict();
            hash = h;
            listNodes = null;
            elements = h.size();
        } else if (v instanceof ZSetValue z) {
            dict = null;
            hash = null;
            listNodes = null;
            zsetNext = z.skipList().last(); // highest score first, as ZSetCodec writes them
            elements = z.skipList().length();
        } else {
            Quicklist q = (Quicklist) v;
            dict = null;
            hash = null;
            listNodes = q.nodes();
            elements = asCommands ? q.size() : q.nodeCount(); // RDB counts nodes, RPUSH batches elements
        }
        if (asCommands) {
            out = null;
            resp = new AofCommandFormat.Resp(bytes);
            commands = AofCommandFormat.batchesFor(resp, node.key, v, elements);
        } else {
            out = new RdbOutput(bytes, compress, false);
            resp = null;
            commands = null;
            try {
                RdbWriter.header(out, node.key, v, expireAtMs, idleSeconds, frequency);
                out.length(elements);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a byte array stream does not fail
            }
        }
        if (dict != null) dict.pauseRehashing();
    }

    Dict.Node<Object> node() { return node; }

    /** Encodes about {@code elements} more elements; true once the whole value is encoded. */
    boolean encode(int elements) {
        try {
            if (dict != null) encodeTable(elements);
            else if (listNodes != null) encodeList(elements);
            else encodeZSet(elements);
            if (done && resp != null) resp.expire(node.key, expireAtMs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (done && dict != null) dict.resumeRehashing();
        return done;
    }

    private void encodeTable(int elements) {
        int[] count = {0};
        while (count[0] < elements && !done) {
            cursor = dict.scan(cursor, n -> {
                count[0]++;
                try {
                    if (commands == null) {
                        out.string(n.key);
                        if (hash != null) out.string((byte[]) n.value);
                    } else if (hash != null) {
                        commands.item(n.key, (byte[]) n.value);
                    } else {
                        commands.item(n.key);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            done = cursor == 0;
        }
    }

    private void encodeZSet(int elements) throws IOException {
        for (int i = 0; i < elements && zsetNext != null; i++, zsetNext = zsetNext.prev()) {
            if (commands != null) {
                commands.item(AofCommandFormat.score(zsetNext.score()), zsetNext.ele);
            } else {
                out.string(zsetNext.ele);
                out.binaryDouble(zsetNext.score());
            }
        }
        done = zsetNext == null;
    }

    private void encodeList(int elements) throws IOException {
        int count = 0;
        while (count < elements && listNodes.hasNext()) {
            Quicklist.NodeContent n = listNodes.next();
            if (commands == null) {
                ListCodec.writeNode(out, n);
            } else if (n.plain()) {
                commands.item(n.element());
            } else {
                Listpack lp = n.listpack();
                for (int p = lp.first(); p >= 0; p = lp.next(p)) commands.item(lp.get(p));
            }
            count += n.plain() ? 1 : n.listpack().size();
        }
        done = !listNodes.hasNext();
    }

    /** The bytes encoded since the last call, in file order. */
    byte[] take() {
        try {
            if (out != null) out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] b = bytes.toByteArray();
        bytes.reset();
        return b;
    }

    /** Gives up an unfinished entry (the save stops): the table's rehashing resumes. */
    void abandon() {
        if (!done && dict != null) dict.resumeRehashing();
        done = true;
    }
}
