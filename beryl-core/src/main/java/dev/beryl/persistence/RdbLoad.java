package dev.beryl.persistence;

import dev.beryl.engine.Database;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Loading an RDB file into the engine (Redis's rdbLoad): at start, straight into the empty databases, and for
 * DEBUG RELOAD, where the whole file is read and checked before the dataset changes at all, so a corrupt or
 * truncated file leaves the data as it was (Redis would exit instead). Keys whose TTL has passed are not loaded.
 * Runs on the engine thread.
 */
public final class RdbLoad {
    private static final Logger LOG = Logger.getLogger(RdbLoad.class.getName());

    /** Keys added, and keys skipped because they had expired. */
    public record Result(long loaded, long expired) {}

    private record Key(byte[] key, Object value, long expireAt, long idle, int freq) {}

    /** What a read left out: keys whose TTL had passed, and empty collections. */
    private record Skipped(long expired, int empty) {}

    /** Receives each live key of the file. */
    private interface KeySink {
        void accept(RdbInput in, int db, Key k) throws IOException;

        /** The file announces the size of a DB (see {@link #presize}). */
        default void resize(RdbInput in, int db, long keys, long expires) {}
    }

    /**
     * Sizes a dict for the keys the file announces for it (RDB_OPCODE_RESIZEDB), as Redis's loader does, so a big
     * file is not loaded through a dozen rehashes; bounded by what the rest of the file could hold (a key takes at
     * least 3 bytes), so a corrupt size cannot ask for a huge table.
     */
    private static void presize(Dict<?> d, long announced, RdbInput in) {
        long n = Math.min(announced, in.remaining() / 3);
        if (n > d.size()) d.expand((int) Math.min(n, 1 << 30));
    }

    private RdbLoad() {}

    /**
     * At engine start: dir/dbfilename when it exists; any problem with it is fatal to the start. Nothing is
     * served yet and the engine stops on failure, so keys go straight into the databases.
     */
    public static void atStartup(Engine e) throws IOException {
        Path f = RdbSave.file(e);
        if (!Files.exists(f)) return;
        long t0 = System.nanoTime();
        long[] loaded = {0};
        int delayUs = e.config().getInt("key-load-delay");
        e.loadProgress().start(Files.size(f));
        ServeBetweenChunks serve = new ServeBetweenChunks(e);
        Skipped skipped;
        try {
            skipped = read(e, f, new KeySink() {
                @Override
                public void accept(RdbInput in, int db, Key k) throws IOException {
                    if (e.database(db).rawNode(k.key()) != null) throw duplicate(in, k.key(), db);
                    add(e, e.database(db), k, false);
                    loaded[0]++;
                    if (delayUs != 0) RdbSave.delayKey(delayUs);
                    serve.at(in.offset());
                }

                @Override
                public void resize(RdbInput in, int db, long keys, long expires) {
                    presize(e.database(db).keyDict(), keys, in);
                    presize(e.database(db).expireDict(), expires, in);
                }
            });
        } catch (RdbFormatException ex) {
            report(ex, loaded[0]);
            throw ex;
        }
        record(e, loaded[0], skipped);
        LOG.info(String.format("DB loaded from disk: %.3f seconds", (System.nanoTime() - t0) / 1e9));
    }

    /**
     * What redis-check-rdb adds to the log when a load at start fails (Redis runs it then): the offset, the
     * problem, the key it was in, and how far the load had come.
     */
    private static void report(RdbFormatException ex, long loaded) {
        LOG.warning("--- RDB ERROR DETECTED ---");
        LOG.warning("[offset " + ex.offset() + "] " + ex.reason());
        if (ex.context() != null) LOG.warning("[additional info] Reading " + ex.context());
        LOG.warning("[info] " + loaded + " keys loaded before it");
    }

    /**
     * Loads a file into a running engine (DEBUG RELOAD). {@code flush} empties every database first;
     * {@code merge} lets a key of the file replace a key already there (or one earlier in the file), which is an
     * error otherwise. The file is read in full before anything changes.
     */
    public static Result load(Engine e, Path f, boolean flush, boolean merge) throws IOException {
        int dbs = e.databaseCount();
        List<Dict<Key>> staged = new ArrayList<>(dbs);
        for (int i = 0; i < dbs; i++) staged.add(new Dict<>());
        Skipped skipped = read(e, f, new KeySink() {
            @Override
            public void accept(RdbInput in, int db, Key k) throws IOException {
                if (staged.get(db).put(k.key(), k) != null && !merge) throw duplicate(in, k.key(), db);
            }

            @Override
            public void resize(RdbInput in, int db, long keys, long expires) {
                presize(staged.get(db), keys, in);
            }
        });
        if (!flush && !merge) {
            for (int i = 0; i < dbs; i++) {
                Database db = e.database(i);
                byte[][] clash = new byte[1][];
                staged.get(i).forEach(n -> {
                    if (clash[0] == null && db.rawNode(n.key) != null) clash[0] = n.key;
                });
                if (clash[0] != null) {
                    throw new IOException("RDB has duplicated key '" + RdbReader.printable(clash[0]) + "' in DB " + i);
                }
            }
        }
        if (flush) e.emptyData();
        long loaded = 0;
        for (int i = 0; i < dbs; i++) {
            Database db = e.database(i);
            Dict<Key> keys = staged.get(i);
            if (db.size() == 0) db.keyDict().expand(keys.size());
            keys.forEach(n -> add(e, db, n.value, merge));
            loaded += keys.size();
        }
        record(e, loaded, skipped);
        return new Result(loaded, skipped.expired());
    }

    /** Reads the file, handing each key that has not expired to the sink. */
    private static Skipped read(Engine e, Path f, KeySink sink) throws IOException {
        try (InputStream stream = Files.newInputStream(f)) {
            return readFrom(e, new RdbInput(stream, Files.size(f)), sink);
        } catch (NoSuchFileException ex) {
            throw new IOException("No RDB file " + f.toAbsolutePath(), ex);
        }
    }

    /**
     * Loads the RDB preamble of an AOF file straight into the databases (a key already there is replaced, as the
     * AOF's later commands would); returns the offset where the RDB ends and the AOF commands begin.
     */
    static long loadPreamble(Engine e, Path f, ServeBetweenChunks serve) throws IOException {
        try (InputStream stream = Files.newInputStream(f)) {
            RdbInput in = new RdbInput(stream, Files.size(f));
            readFrom(e, in, (i, db, k) -> {
                add(e, e.database(db), k, true);
                serve.at(in.offset());
            });
            return in.offset();
        }
    }

    private static Skipped readFrom(Engine e, RdbInput in, KeySink sink) throws IOException {
        long now = System.currentTimeMillis();
        long[] expired = {0};
        int empty = RdbReader.read(in, e.databaseCount(), LoadSettings.of(e.config()),
                e.config().getBool("rdbchecksum") && !e.skipChecksumValidation(),
                new RdbReader.Visitor() {
                    @Override
                    public void aux(String key, String value) {
                        if (key.startsWith("%")) LOG.info("RDB '" + key + "': " + value);
                        else if (key.equalsIgnoreCase("redis-ver")) LOG.info("Loading RDB produced by version " + value);
                        else if (key.equalsIgnoreCase("used-mem") && e.isLoading()) e.loadProgress().rdbUsedMem(parseLong(value));
                    }

                    @Override
                    public void resizeDb(int db, long keys, long expires) {
                        sink.resize(in, db, keys, expires);
                    }

                    @Override
                    public void entry(int db, byte[] key, Object value, long expireAt, long idle, int freq) throws IOException {
                        if (expireAt != -1 && expireAt < now) expired[0]++;
                        else sink.accept(in, db, new Key(key, value, expireAt, idle, freq));
                    }
                });
        return new Skipped(expired[0], empty);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException ex) {
            return 0; // as strtoll: an estimate only
        }
    }

    private static RdbFormatException duplicate(RdbInput in, byte[] key, int db) {
        return in.corrupt("RDB has duplicated key '" + RdbReader.printable(key) + "' in DB " + db);
    }

    private static void add(Engine e, Database db, Key k, boolean replace) {
        if (replace) db.delete(k.key());
        Dict.Node<Object> n = db.add(k.key(), k.value());
        if (k.expireAt() != -1) db.setExpire(k.key(), k.expireAt());
        n.lru = e.accessClock().restored(n.lru, k.idle(), k.freq());
    }

    /** Keeps the figures for INFO and logs them as Redis's rdbLoad does. */
    private static void record(Engine e, long loaded, Skipped skipped) {
        e.stats().lastLoadKeysLoaded = loaded;
        e.stats().lastLoadKeysExpired = skipped.expired();
        if (skipped.empty() > 0) {
            LOG.warning("Done loading RDB, keys loaded: " + loaded + ", keys expired: " + skipped.expired()
                    + ", empty keys skipped: " + skipped.empty() + ".");
        } else {
            LOG.info("Done loading RDB, keys loaded: " + loaded + ", keys expired: " + skipped.expired() + ".");
        }
    }
}
