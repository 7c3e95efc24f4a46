package dev.beryl.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of a Redis 7.0 multi-part AOF (appendonly.aof.manifest): one base file, history files awaiting
 * deletion, and the incremental files in replay order, one "file NAME seq N type b|h|i" line each.
 */
final class AofManifest {
    record Entry(String name, long seq, char type) {}

    Entry base;
    final List<Entry> history = new ArrayList<>();
    final List<Entry> incr = new ArrayList<>();
    /** The last sequence numbers given out (Redis's curr_base_file_seq, curr_incr_file_seq). */
    private long baseSeq;
    private long incrSeq;

    long lastIncrSeq() { return incrSeq; }

    AofManifest copy() {
        AofManifest m = new AofManifest();
        m.base = base;
        m.history.addAll(history);
        m.incr.addAll(incr);
        m.baseSeq = baseSeq;
        m.incrSeq = incrSeq;
        return m;
    }

    /**
     * A new base file (Redis's getNewBaseFileNameAndMarkPreAsHistory): NAME.SEQ.base.rdb, or .base.aof for a base
     * of commands; the previous base becomes history.
     */
    String newBase(String fileName, boolean rdb) {
        if (base != null) history.add(new Entry(base.name, base.seq, 'h'));
        base = new Entry(fileName + "." + ++baseSeq + ".base." + (rdb ? "rdb" : "aof"), baseSeq, 'b');
        return base.name;
    }

    /** A new incremental file at the end of the list (getNewIncrAofName): NAME.SEQ.incr.aof. */
    String newIncr(String fileName) {
        Entry e = new Entry(fileName + "." + ++incrSeq + ".incr.aof", incrSeq, 'i');
        incr.add(e);
        return e.name;
    }

    /**
     * After a rewrite the incremental files its base covers become history (markRewrittenIncrAofAsHistory): all
     * but the last when {@code keepLast} (the AOF is on and appends to it), else all.
     */
    void markRewrittenIncrAsHistory(boolean keepLast) {
        int keep = keepLast && !incr.isEmpty() ? 1 : 0;
        while (incr.size() > keep) {
            Entry e = incr.remove(0);
            history.add(new Entry(e.name, e.seq, 'h'));
        }
    }

    boolean isEmpty() { return base == null && incr.isEmpty(); }

    static AofManifest parse(String text) throws IOException {
        AofManifest m = new AofManifest();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<String> words = split(line);
            String name = null;
            long seq = -1;
            char type = 0;
            for (int i = 0; i + 1 < words.size(); i += 2) {
                String v = words.get(i + 1);
                switch (words.get(i)) {
                    case "file" -> name = v;
                    case "seq" -> seq = Long.parseLong(v);
                    case "type" -> type = v.length() == 1 ? v.charAt(0) : 0;
                    default -> { } // unknown keys are skipped, as Redis does for forward compatibility
                }
            }
            if (name == null || seq < 1 || (type != 'b' && type != 'h' && type != 'i')) {
                throw new IOException("Invalid AOF manifest line: " + line);
            }
            Entry e = new Entry(name, seq, type);
            switch (type) {
                case 'b' -> {
                    if (m.base != null) throw new IOException("Found duplicate base file information in the AOF manifest");
                    m.base = e;
                    m.baseSeq = seq;
                }
                case 'h' -> m.history.add(e);
                default -> {
                    if (seq <= m.lastIncrSeq()) throw new IOException("Found a non-monotonic sequence number in the AOF manifest");
                    m.incr.add(e);
                    m.incrSeq = seq;
                }
            }
        }
        return m;
    }

    /** Redis's sdssplitargs for the simple cases a manifest holds: words, and double-quoted names. */
    private static List<String> split(String line) throws IOException {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char ch = line.charAt(i);
            if (ch == ' ') {
                i++;
            } else if (ch == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    char d = line.charAt(i++);
                    if (d == '\\' && i < line.length()) d = line.charAt(i++);
                    b.append(d);
                }
                if (i >= line.length()) throw new IOException("Invalid AOF manifest line: " + line);
                i++;
                out.add(b.toString());
            } else {
                int j = line.indexOf(' ', i);
                if (j < 0) j = line.length();
                out.add(line.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    byte[] format() {
        StringBuilder b = new StringBuilder();
        if (base != null) line(b, base);
        for (Entry e : history) line(b, e);
        for (Entry e : incr) line(b, e);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder b, Entry e) {
        boolean plain = e.name.chars().allMatch(ch -> ch > ' ' && ch < 127 && ch != '"' && ch != '\\' && ch != '\'');
        String name = plain ? e.name : '"' + e.name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        b.append("file ").append(name).append(" seq ").append(e.seq).append(" type ").append(e.type).append('\n');
    }
}
