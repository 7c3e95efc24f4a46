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
 * Loading an RDB file into the engine (Redis's rdbLoad): at start, and for DEBUG RELOAD. The whole file is read
 * and checked before the dataset changes at all, so a corrupt or truncated file leaves the data as it was (Redis
 * would exit instead). Keys whose TTL has passed are not loaded. Runs on the engine thread.
 */
public final class RdbLoad {
    private static final Logger LOG = Logger.getLogger(RdbLoad.class.getName());

    /** Keys added, and keys skipped because they had expired. */
    public record Result(long loaded, long expired) {}

    private record Staged(byte[] key, Object value, long expireAt, long idle, int freq) {}

    private RdbLoad() {}

    /** At engine start: dir/dbfilename when it exists; any problem with it is fatal to the start. */
    public static void atStartup(Engine e) throws IOException {
        Path f = RdbSave.file(e);
        if (!Files.exists(f)) return;
        long t0 = System.nanoTime();
        Result r = load(e, f, true, false);
        LOG.info(String.format("Done loading RDB %s, keys loaded: %d, keys expired: %d. DB loaded from disk: %.3f seconds",
                f.toAbsolutePath(), r.loaded(), r.expired(), (System.nanoTime() - t0) / 1e9));
    }

    /**
     * Loads a file into the engine. {@code flush} empties every database first; {@code merge} lets a key of the
     * file replace a key already there (or one earlier in the file), which is an error otherwise.
     */
    public static Result load(Engine e, Path f, boolean flush, boolean merge) throws IOException {
        int dbs = e.databaseCount();
        List<Dict<Staged>> staged = new ArrayList<>(dbs);
        for (int i = 0; i < dbs; i++) staged.add(new Dict<>());
        long now = System.currentTimeMillis();
        long[] expired = {0};
        try (InputStream in = Files.newInputStream(f)) {
            RdbInput input = new RdbInput(in, Files.size(f));
            RdbReader.read(input, dbs, LoadSettings.of(e.config()), e.config().getBool("rdbchecksum"), new RdbReader.Visitor() {
                @Override
                public void aux(String key, String value) {
                    if (key.startsWith("%")) LOG.info("RDB '" + key + "': " + value);
                    else if (key.equalsIgnoreCase("redis-ver")) LOG.info("Loading RDB produced by version " + value);
                }

                @Override
                public void entry(int db, byte[] key, Object value, long expireAt, long idle, int freq) throws IOException {
                    if (expireAt != -1 && expireAt < now) {
                        expired[0]++;
                        return;
                    }
                    Staged prev = staged.get(db).put(key, new Staged(key, value, expireAt, idle, freq));
                    if (prev != null && !merge) {
                        throw input.corrupt("RDB has duplicated key '" + RdbReader.printable(key) + "' in DB " + db);
                    }
                }
            });
        } catch (NoSuchFileException ex) {
            throw new IOException("No RDB file " + f.toAbsolutePath(), ex);
        }
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
        if (flush) {
            for (int i = 0; i < dbs; i++) e.database(i).clear();
        }
        long loaded = 0;
        for (int i = 0; i < dbs; i++) {
            Database db = e.database(i);
            Dict<Staged> keys = staged.get(i);
            keys.forEach(n -> add(e, db, n.value, merge));
            loaded += keys.size();
        }
        e.stats().lastLoadKeysLoaded = loaded;
        e.stats().lastLoadKeysExpired = expired[0];
        return new Result(loaded, expired[0]);
    }

    private static void add(Engine e, Database db, Staged s, boolean merge) {
        if (merge) db.delete(s.key());
        Dict.Node<Object> n = db.add(s.key(), s.value());
        if (s.expireAt() != -1) db.setExpire(s.key(), s.expireAt());
        n.lru = e.accessClock().restored(n.lru, s.idle(), s.freq());
    }
}
