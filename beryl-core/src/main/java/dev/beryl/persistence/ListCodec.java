package dev.beryl.persistence;

import dev.beryl.types.Listpack;
import dev.beryl.types.Quicklist;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * Lists. Written as RDB_TYPE_LIST_QUICKLIST_2 (Redis 7.0): the node count, then per node its container (plain or
 * packed) and its content (the element, or the listpack blob); a node compressed in memory goes out in its LZF
 * form. Read from that, from quicklist 1 (ziplist nodes), from a single ziplist, and from the plain linked list
 * of the oldest files. Loaded nodes are kept as they were saved, as Redis keeps them.
 */
final class ListCodec {
    private ListCodec() {}

    static void write(RdbOutput out, Quicklist q) throws IOException {
        out.length(q.nodeCount());
        for (Iterator<Quicklist.NodeContent> it = q.nodes(); it.hasNext(); ) writeNode(out, it.next());
    }

    /** One quicklist node: its container, then its element or listpack blob (LZF form if compressed in memory). */
    static void writeNode(RdbOutput out, Quicklist.NodeContent n) throws IOException {
        out.length(n.plain() ? RdbConstants.CONTAINER_PLAIN : RdbConstants.CONTAINER_PACKED);
        byte[] data = n.plain() ? n.element() : ListpackBlob.encode(n.listpack());
        if (n.compressed() && out.lzfNode(data)) return;
        out.string(data);
    }

    private static Quicklist newList(LoadSettings s) {
        return new Quicklist(s.listMaxListpackSize(), s.listCompressDepth());
    }

    /** RDB_TYPE_LIST_QUICKLIST and _2; null when it holds no element. */
    static Quicklist readQuicklist(RdbInput in, boolean v2, LoadSettings s) throws IOException {
        int nodes = in.count();
        Quicklist q = newList(s);
        for (int i = 0; i < nodes; i++) {
            long container = v2 ? in.length() : RdbConstants.CONTAINER_PACKED;
            if (container != RdbConstants.CONTAINER_PACKED && container != RdbConstants.CONTAINER_PLAIN) {
                throw in.corrupt("Quicklist integrity check failed.");
            }
            byte[] data = in.string();
            if (data.length == 0) throw in.corrupt("Empty quicklist node");
            if (container == RdbConstants.CONTAINER_PLAIN) {
                q.appendPlainNode(data);
                continue;
            }
            Listpack lp;
            if (v2) {
                lp = ListpackBlob.decode(data);
                if (lp == null) throw in.corrupt("Listpack integrity check failed.");
            } else {
                List<byte[]> entries = ZiplistBlob.entries(data);
                if (entries == null) throw in.corrupt("Ziplist integrity check failed.");
                lp = ListpackBlob.of(entries);
            }
            if (lp.size() > 0) q.appendPackedNode(lp); // Redis skips empty nodes, and the key if none is left
        }
        return q.size() == 0 ? null : q;
    }

    /** RDB_TYPE_LIST_ZIPLIST: the elements pushed one by one into a new list. */
    static Quicklist readZiplist(RdbInput in, LoadSettings s) throws IOException {
        List<byte[]> entries = ZiplistBlob.entries(in.string());
        if (entries == null) throw in.corrupt("List ziplist integrity check failed.");
        Quicklist q = newList(s);
        for (byte[] e : entries) q.push(e, false);
        return q.size() == 0 ? null : q;
    }

    /** RDB_TYPE_LIST: a count and that many strings. */
    static Quicklist readLinked(RdbInput in, LoadSettings s) throws IOException {
        int n = in.count();
        Quicklist q = newList(s);
        for (int i = 0; i < n; i++) q.push(in.string(), false);
        return n == 0 ? null : q;
    }
}
