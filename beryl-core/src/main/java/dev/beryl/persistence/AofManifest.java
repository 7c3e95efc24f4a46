package dev.beryl.persistence;

import dev.beryl.config.Config;

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

    void baseSeq(long seq) { baseSeq = seq; }

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

    /** Redis's MANIFEST_MAX_LINE: a longer line is refused. */
    private static final int MAX_LINE = 1024;

    /**
     * Reads a manifest as Redis's aofLoadManifestFromFile, refusing what it refuses; the exception's message is
     * Redis's FATAL AOF MANIFEST FILE ERROR block (its reason on a line of its own).
     */
    static AofManifest parse(String text) throws IOException {
        AofManifest m = new AofManifest();
        if (text.isEmpty()) throw manifestError(0, null, "Found an empty AOF manifest");
        String[] lines = text.split("(?<=\n)");
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n];
            if (raw.startsWith("#")) continue;
            if (raw.length() > MAX_LINE || !raw.endsWith("\n")) {
                throw manifestError(n + 1, null, "The AOF manifest file contains too long line");
            }
            String line = raw.strip();
            List<String> words = line.isEmpty() ? null : Config.splitArgs(line);
            if (words == null || words.size() < 6 || words.size() % 2 != 0) {
                throw manifestError(n + 1, line, "Invalid AOF manifest file format");
            }
            String name = null;
            long seq = 0;
            char type = 0;
            for (int i = 0; i < words.size(); i += 2) {
                String k = words.get(i), v = words.get(i + 1);
                if (k.equalsIgnoreCase("file")) {
                    name = v;
                    if (v.contains("/") || v.contains("\\")) {
                        throw manifestError(n + 1, line, "File can't be a path, just a filename");
                    }
                } else if (k.equalsIgnoreCase("seq")) {
                    seq = atoll(v);
                } else if (k.equalsIgnoreCase("type")) {
                    type = v.isEmpty() ? 0 : v.charAt(0);
                } // other keys are skipped, as Redis does for forward compatibility
            }
            if (name == null || seq == 0 || type == 0) throw manifestError(n + 1, line, "Invalid AOF manifest file format");
            Entry e = new Entry(name, seq, type);
            switch (type) {
                case 'b' -> {
                    if (m.base != null) throw manifestError(n + 1, line, "Found duplicate base file information");
                    m.base = e;
                    m.baseSeq = seq;
                }
                case 'h' -> m.history.add(e);
                case 'i' -> {
                    if (seq <= m.lastIncrSeq()) throw manifestError(n + 1, line, "Found a non-monotonic sequence number");
                    m.incr.add(e);
                    m.incrSeq = seq;
                }
                default -> throw manifestError(n + 1, line, "Unknown AOF file type");
            }
        }
        return m;
    }

    private static IOException manifestError(int lineNumber, String line, String reason) {
        String at = line == null ? "" : "Reading the manifest file, at line " + lineNumber + "\n>>> '" + line + "'\n";
        return new IOException("\n*** FATAL AOF MANIFEST FILE ERROR ***\n" + at + reason);
    }

    /** C's atoll: the leading digits, 0 when there are none. */
    private static long atoll(String v) {
        int i = 0;
        boolean neg = v.startsWith("-");
        if (neg || v.startsWith("+")) i++;
        long n = 0;
        for (; i < v.length() && Character.isDigit(v.charAt(i)); i++) n = n * 10 + (v.charAt(i) - '0');
        return neg ? -n : n;
    }

    byte[] format() {
        StringBuilder b = new StringBuilder();
        if (base != null) line(b, base);
        for (Entry e : history) line(b, e);
        for (Entry e : incr) line(b, e);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder b, Entry e) {
        // as Redis: quoted like sdscatrepr when sdsneedsrepr (spaces, quotes, backslashes, control characters)
        boolean plain = e.name.chars().allMatch(ch -> ch > ' ' && ch < 127 && ch != '"' && ch != '\\');
        String name = plain ? e.name : Config.quote(e.name);
        b.append("file ").append(name).append(" seq ").append(e.seq).append(" type ").append(e.type).append('\n');
    }
}
