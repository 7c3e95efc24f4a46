package dev.beryl.persistence;

import dev.beryl.engine.Client;
import dev.beryl.engine.Engine;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Replays a multi-part AOF (Redis's loadAppendOnlyFiles): the base file (an RDB, or an RDB preamble followed by
 * commands, or commands only), then each incremental file, each command run by an internal client as a client
 * would run it. A truncated last file is cut back to its last complete command with aof-load-truncated (an
 * unfinished MULTI counts as incomplete, as a whole); any other damage fails the load. Engine thread.
 */
final class AofLoad {
    private static final Logger LOG = Logger.getLogger(AofLoad.class.getName());

    private AofLoad() {}

    static void load(Engine e, Path dir, AofManifest m) throws IOException {
        List<AofManifest.Entry> files = new ArrayList<>();
        if (m.base != null) files.add(m.base);
        files.addAll(m.incr);
        long t0 = System.nanoTime();
        long total = 0;
        for (AofManifest.Entry entry : files) {
            Path f = dir.resolve(entry.name());
            if (Files.exists(f)) total += Files.size(f);
        }
        if (e.isLoading()) e.loadProgress().start(total);
        ServeBetweenChunks serve = new ServeBetweenChunks(e);
        e.propagation().suspend(true); // replayed commands are already in the files
        try {
            for (int i = 0; i < files.size(); i++) {
                Path f = dir.resolve(files.get(i).name());
                if (!Files.exists(f)) {
                    throw new IOException("The append log file " + f.getFileName() + " doesn't exist: No such file or directory");
                }
                loadFile(e, f, i == files.size() - 1 && e.config().getBool("aof-load-truncated"), serve);
                serve.nextFile(Files.size(f));
            }
        } finally {
            e.propagation().suspend(false);
        }
        e.stats().dirty = 0;
        LOG.info(String.format("DB loaded from append only file: %.3f seconds", (System.nanoTime() - t0) / 1e9));
    }

    private static void loadFile(Engine e, Path f, boolean mayTruncate, ServeBetweenChunks serve) throws IOException {
        long size = Files.size(f);
        if (size == 0) return;
        long start = 0;
        if (startsWithRdb(f)) {
            start = RdbLoad.loadPreamble(e, f, serve);
            LOG.info("Reading RDB base file on AOF loading...");
        }
        Client c = e.internalClient();
        long valid = start, validBeforeMulti = start;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ch.position(start);
            CommandReader in = new CommandReader(new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024), start);
            for (long commands = 0; ; commands++) {
                // as Redis's loadSingleAppendOnlyFile: clients are served once in 1024 commands, from the first
                if (commands % 1024 == 0) serve.now(valid);
                byte[][] argv;
                try {
                    argv = in.next();
                } catch (CommandReader.Truncated t) {
                    // cut inside a transaction, it goes as a whole (Redis 7.0 keeps its MULTI, and the writes
                    // appended after the restart would join that open transaction and be reverted at the next load)
                    truncated(f, revertMulti(c, f) ? validBeforeMulti : valid, mayTruncate);
                    return;
                }
                if (argv == null) break;
                if (argv.length > 0 && is(argv[0], "multi")) validBeforeMulti = valid;
                if (argv.length > 0 && e.commands().lookup(argv[0]) == null) {
                    throw new IOException("Unknown command '" + new String(argv[0], java.nio.charset.StandardCharsets.UTF_8)
                            + "' reading the append only file " + f.getFileName());
                }
                e.execute(c, argv);
                c.reply().clear();
                valid = in.offset();
            }
        }
        if (revertMulti(c, f)) truncated(f, validBeforeMulti, mayTruncate);
    }

    /** A transaction without its EXEC at the end of a file is dropped; true if there was one. */
    private static boolean revertMulti(Client c, Path f) {
        if (!c.transaction().inMulti()) return false;
        LOG.warning("Revert incomplete MULTI/EXEC transaction in AOF file " + f.getFileName());
        c.transaction().discard();
        return true;
    }

    private static void truncated(Path f, long valid, boolean mayTruncate) throws IOException {
        if (!mayTruncate) {
            throw new IOException("Unexpected end of file reading the append only file " + f.getFileName()
                    + ". You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. "
                    + "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
        }
        LOG.warning("!!! Warning: short read while loading the AOF file " + f.getFileName() + "!!!");
        LOG.warning("!!! Truncating the AOF " + f.getFileName() + " at offset " + valid + " !!!");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(valid);
        }
        LOG.warning("AOF " + f.getFileName() + " loaded anyway because aof-load-truncated is enabled");
    }

    private static boolean startsWithRdb(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] sig = in.readNBytes(5);
            return sig.length == 5 && new String(sig, java.nio.charset.StandardCharsets.ISO_8859_1).equals("REDIS");
        }
    }

    private static boolean is(byte[] a, String lower) {
        return new String(a, java.nio.charset.StandardCharsets.ISO_8859_1).equalsIgnoreCase(lower);
    }

    /** Reads the commands of an AOF: *N then N $len bulk strings; '#' lines are annotations. */
    static final class CommandReader {
        static final class Truncated extends Exception {
            Truncated() {
                super(null, null, false, false);
            }
        }

        private final InputStream in;
        private long offset;

        CommandReader(InputStream in, long offset) {
            this.in = in;
            this.offset = offset;
        }

        long offset() { return offset; }

        /** The next command, null at a clean end; Truncated at an end inside a command. */
        byte[][] next() throws IOException, Truncated {
            while (true) {
                int first = in.read();
                if (first < 0) return null;
                offset++;
                String line = line();
                if (first == '#') continue;
                if (first != '*') throw new IOException("Bad file format reading the append only file: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
                int argc = parse(line);
                if (argc < 1) throw new IOException("Bad file format reading the append only file (argument count)");
                byte[][] argv = new byte[argc][];
                for (int i = 0; i < argc; i++) {
                    int t = in.read();
                    if (t < 0) throw new Truncated();
                    offset++;
                    if (t != '$') throw new IOException("Bad file format reading the append only file (expected $)");
                    int n = parse(line());
                    byte[] a = in.readNBytes(n);
                    if (a.length < n) throw new Truncated();
                    offset += n;
                    if (in.read() != '\r' || in.read() != '\n') {
                        // a short read here is truncation; other bytes are damage, as Redis sees them
                        throw new Truncated();
                    }
                    offset += 2;
                    argv[i] = a;
                }
                return argv;
            }
        }

        private String line() throws IOException, Truncated {
            StringBuilder b = new StringBuilder();
            while (true) {
                int ch = in.read();
                if (ch < 0) throw new Truncated();
                offset++;
                if (ch == '\n') break;
                if (ch != '\r') b.append((char) ch);
            }
            return b.toString();
        }

        private static int parse(String s) throws IOException {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException ex) {
                throw new IOException("Bad file format reading the append only file (invalid number)");
            }
        }
    }
}
