package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Engine;
import dev.beryl.engine.Errors;
import dev.beryl.engine.Glob;
import dev.beryl.engine.Values;
import dev.beryl.persistence.BackgroundSave;
import dev.beryl.persistence.RdbSave;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** Keyspace commands (Redis's db.c): DEL, EXISTS, KEYS, SCAN, RENAME, COPY, MOVE, FLUSHDB ... */
public final class KeyCommands implements CommandGroup {
    private static final String SAME_OBJECT = "ERR source and destination objects are the same";
    private static final String INT_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647";
    /** Returned by {@link #intArg} after it replied an error. */
    private static final long NO_INT = Long.MIN_VALUE;

    @Override
    public void register(CommandTable t) {
        t.command("del", -2).flags("write").acl("keyspace").group("generic").since("1.0.0")
                .keySpec("RM delete", "index 1", "range -1 1 0").tips("request_policy:multi_shard response_policy:agg_sum")
                .summary("Deletes one or more keys and returns how many existed.")
                .complexity("O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).")
                .arguments("key:key ...").handler((c, argv) -> delete(c, argv));
        t.command("unlink", -2).flags("write fast").acl("keyspace").group("generic").since("4.0.0")
                .keySpec("RM delete", "index 1", "range -1 1 0").tips("request_policy:multi_shard response_policy:agg_sum")
                .summary("Deletes one or more keys like DEL, leaving the memory reclamation off the command path.")
                .complexity("O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.")
                .arguments("key:key ...").handler((c, argv) -> delete(c, argv));
        t.command("exists", -2).flags("readonly fast").acl("keyspace").group("generic").since("1.0.0")
                .keySpec("RO", "index 1", "range -1 1 0").tips("request_policy:multi_shard response_policy:agg_sum")
                .summary("Counts how many of the given keys exist.")
                .complexity("O(N) where N is the number of keys to check.")
                .history(new String[] {"3.0.3", "Takes more than one `key`."})
                .arguments("key:key ...").handler(KeyCommands::exists);
        t.command("type", 2).flags("readonly fast").acl("keyspace").group("generic").since("1.0.0")
                .keySpec("RO", "index 1", "range 0 1 0")
                .summary("Returns the type of the value stored at a key, or none.").complexity("O(1)")
                .arguments("key:key").handler(KeyCommands::type);
        t.command("keys", 2).flags("readonly").acl("keyspace dangerous").group("generic").since("1.0.0")
                .tips("request_policy:all_shards nondeterministic_output_order")
                .summary("Lists every key matching a glob-style pattern.")
                .complexity("O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.")
                .arguments("pattern:pattern").handler(KeyCommands::keys);
        t.command("scan", -2).flags("readonly").acl("keyspace").group("generic").since("2.8.0")
                .tips("nondeterministic_output request_policy:special")
                .summary("Walks the keyspace a few keys at a time with a cursor.")
                .complexity("O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.")
                .history(new String[] {"6.0.0", "Added the `TYPE` filter."})
                .arguments("cursor:integer [MATCH pattern:pattern] [COUNT count:integer] [TYPE type:string]@6.0.0")
                .handler(KeyCommands::scan);
        t.command("randomkey", 1).flags("readonly").acl("keyspace").group("generic").since("1.0.0")
                .tips("request_policy:all_shards nondeterministic_output")
                .summary("Returns a key picked at random.").complexity("O(1)")
                .handler(KeyCommands::randomKey);
        t.command("rename", 3).flags("write").acl("keyspace").group("generic").since("1.0.0")
                .keySpec("RW access delete", "index 1", "range 0 1 0").keySpec("OW update", "index 2", "range 0 1 0")
                .summary("Gives a key a new name, replacing any key already holding it.").complexity("O(1)")
                .arguments("key:key newkey:key").handler((c, argv) -> rename(c, argv, false));
        t.command("renamenx", 3).flags("write fast").acl("keyspace").group("generic").since("1.0.0")
                .keySpec("RW access delete", "index 1", "range 0 1 0").keySpec("OW insert", "index 2", "range 0 1 0")
                .summary("Gives a key a new name only if no key holds that name yet.").complexity("O(1)")
                .history(new String[] {"3.2.0", "Renaming a key to its own name is no longer an error."})
                .arguments("key:key newkey:key").handler((c, argv) -> rename(c, argv, true));
        t.command("copy", -3).flags("write denyoom").acl("keyspace").group("generic").since("6.2.0")
                .keySpec("RO access", "index 1", "range 0 1 0").keySpec("OW update", "index 2", "range 0 1 0")
                .summary("Copies a key's value and TTL to another key, optionally in another database.")
                .complexity("O(N) worst case for collections, where N is the number of nested items. O(1) for string values.")
                .arguments("source:key destination:key [DB destination-db:integer] [REPLACE]")
                .handler(KeyCommands::copy);
        t.command("move", 3).flags("write fast").acl("keyspace").group("generic").since("1.0.0")
                .keySpec("RW access update", "index 1", "range 0 1 0")
                .summary("Moves a key to another database.").complexity("O(1)")
                .arguments("key:key db:integer").handler(KeyCommands::move);
        t.command("touch", -2).flags("readonly fast").acl("keyspace").group("generic").since("3.2.1")
                .keySpec("RO", "index 1", "range -1 1 0").tips("request_policy:multi_shard response_policy:agg_sum")
                .summary("Marks keys as just accessed and counts how many exist.")
                .complexity("O(N) where N is the number of keys that will be touched.")
                .arguments("key:key ...").handler(KeyCommands::touch);
        t.command("dbsize", 1).flags("readonly fast").acl("keyspace").group("server").since("1.0.0")
                .tips("request_policy:all_shards response_policy:agg_sum")
                .summary("Returns the number of keys in the selected database.").complexity("O(1)")
                .handler((c, argv) -> c.reply().integer(c.db().size()));
        t.command("flushdb", -1).flags("write").acl("keyspace dangerous").group("server").since("1.0.0")
                .tips("request_policy:all_shards response_policy:all_succeeded")
                .summary("Deletes every key of the selected database.")
                .complexity("O(N) where N is the number of keys in the selected database")
                .history(new String[] {"4.0.0", "Accepts `ASYNC`."}, new String[] {"6.2.0", "Accepts `SYNC`."})
                .arguments("[async:ASYNC@4.0.0|SYNC@6.2.0]").handler(KeyCommands::flushDb);
        t.command("flushall", -1).flags("write").acl("keyspace dangerous").group("server").since("1.0.0")
                .tips("request_policy:all_shards response_policy:all_succeeded")
                .summary("Deletes every key of every database.")
                .complexity("O(N) where N is the total number of keys in all databases")
                .history(new String[] {"4.0.0", "Accepts `ASYNC`."}, new String[] {"6.2.0", "Accepts `SYNC`."})
                .arguments("[async:ASYNC@4.0.0|SYNC@6.2.0]").handler(KeyCommands::flushAll);
        t.command("swapdb", 3).flags("write fast").acl("keyspace dangerous").group("server").since("4.0.0")
                .summary("Exchanges the contents of two databases for every client at once.")
                .complexity("O(N) where N is the count of clients watching or blocking on keys from both databases.")
                .arguments("index1:integer index2:integer").handler(KeyCommands::swapDb);
    }

    /** DEL and UNLINK: memory is reclaimed by the garbage collector either way. */
    static void delete(Client c, byte[][] argv) {
        Database db = c.db();
        int deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.delete(argv[i])) {
                deleted++;
                c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[i]);
            }
        }
        c.engine().stats().dirty += deleted;
        c.reply().integer(deleted);
    }

    static void exists(Client c, byte[][] argv) {
        int n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (c.db().lookupReadNoTouch(argv[i]) != null) n++;
        }
        c.reply().integer(n);
    }

    static void type(Client c, byte[][] argv) {
        Dict.Node<Object> n = c.db().lookupReadNoTouch(argv[1]);
        c.reply().simple(n == null ? "none" : Values.typeName(n.value));
    }

    static void touch(Client c, byte[][] argv) {
        int n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (c.db().lookupRead(argv[i]) != null) n++;
        }
        c.reply().integer(n);
    }

    static void keys(Client c, byte[][] argv) {
        Database db = c.db();
        byte[] pattern = argv[1];
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> found = new ArrayList<>();
        db.forEachKey(n -> {
            if ((all || Glob.match(pattern, n.key, false)) && !db.isExpired(n.key)) found.add(n.key);
        });
        ReplyBuffer out = c.reply();
        out.arrayHeader(found.size());
        for (byte[] k : found) {
            out.bulk(k);
            if (c.outputLimitReached()) break; // the client is closed: the rest would go nowhere
        }
    }

    static void scan(Client c, byte[][] argv) {
        OptionalLong start = ScanCursor.parse(argv[1]);
        if (start.isEmpty()) {
            c.reply().error(ScanCursor.INVALID);
            return;
        }
        long cursor = start.getAsLong();
        ScanOptions options = ScanOptions.parse(c, argv, 2, true);
        if (options == null) return;
        long count = options.count();
        byte[] pattern = options.pattern();
        byte[] type = options.type();

        // Collect first, filter after: the filters may delete expired keys, which the dict walk must not see.
        Database db = c.db();
        List<byte[]> keys = new ArrayList<>();
        long maxIterations = count * 10; // bounds the work on a sparse table, as Redis does
        do {
            cursor = db.scan(cursor, n -> keys.add(n.key));
        } while (cursor != 0 && maxIterations-- != 0 && keys.size() < count);

        List<byte[]> kept = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            if (pattern != null && !Glob.match(pattern, k, false)) continue;
            if (type != null) {
                Dict.Node<Object> n = db.lookupReadNoTouch(k);
                if (!CommandTable.is(type, n == null ? "none" : Values.typeName(n.value))) continue;
            }
            if (db.expireIfNeeded(k)) continue;
            kept.add(k);
        }
        ScanCursor.reply(c.reply(), cursor, kept);
    }

    static void randomKey(Client c, byte[][] argv) {
        byte[] k = c.db().randomKey();
        if (k == null) c.reply().nullBulk();
        else c.reply().bulk(k);
    }

    static void rename(Client c, byte[][] argv, boolean nx) {
        Database db = c.db();
        byte[] src = argv[1], dst = argv[2];
        Dict.Node<Object> node = db.lookupWriteNode(src);
        if (node == null) {
            c.reply().error(Errors.NO_SUCH_KEY);
            return;
        }
        if (Arrays.equals(src, dst)) {
            if (nx) c.reply().integer(0);
            else c.reply().ok();
            return;
        }
        long expire = db.getExpire(src);
        if (db.lookupWrite(dst) != null) {
            if (nx) {
                c.reply().integer(0);
                return;
            }
            db.delete(dst);
        }
        db.add(dst, node.value).lru = node.lru; // the value keeps its access history under its new name
        if (expire != -1) db.setExpire(dst, expire);
        db.delete(src);
        c.keyspaceEvent(KeyspaceEvents.GENERIC, "rename_from", src);
        c.keyspaceEvent(KeyspaceEvents.GENERIC, "rename_to", dst);
        c.engine().stats().dirty++;
        if (nx) c.reply().integer(1);
        else c.reply().ok();
    }

    static void move(Client c, byte[][] argv) {
        Engine engine = c.engine();
        long id = intArg(c, argv[2], null);
        if (id == NO_INT) return;
        if (id < 0 || id >= engine.databaseCount()) {
            c.reply().error(Errors.DB_INDEX);
            return;
        }
        Database src = c.db(), dst = engine.database((int) id);
        if (src == dst) {
            c.reply().error(SAME_OBJECT);
            return;
        }
        Dict.Node<Object> node = src.lookupWriteNode(argv[1]);
        if (node == null) {
            c.reply().integer(0);
            return;
        }
        long expire = src.getExpire(argv[1]);
        if (dst.lookupWrite(argv[1]) != null) {
            c.reply().integer(0);
            return;
        }
        dst.add(argv[1], node.value).lru = node.lru;
        if (expire != -1) dst.setExpire(argv[1], expire);
        src.delete(argv[1]);
        engine.pubsub().events().notify(KeyspaceEvents.GENERIC, "move_from", argv[1], src.id());
        engine.pubsub().events().notify(KeyspaceEvents.GENERIC, "move_to", argv[1], dst.id());
        engine.stats().dirty++;
        c.reply().integer(1);
    }

    static void copy(Client c, byte[][] argv) {
        Engine engine = c.engine();
        Database src = c.db(), dst = src;
        boolean replace = false;
        for (int i = 3; i < argv.length; i++) {
            if (CommandTable.is(argv[i], "replace")) {
                replace = true;
            } else if (CommandTable.is(argv[i], "db") && i + 1 < argv.length) {
                long id = intArg(c, argv[++i], null);
                if (id == NO_INT) return;
                if (id < 0 || id >= engine.databaseCount()) {
                    c.reply().error(Errors.DB_INDEX);
                    return;
                }
                dst = engine.database((int) id);
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        byte[] key = argv[1], newKey = argv[2];
        if (src == dst && Arrays.equals(key, newKey)) {
            c.reply().error(SAME_OBJECT);
            return;
        }
        Object value = src.lookupRead(key);
        if (value == null) {
            c.reply().integer(0);
            return;
        }
        long expire = src.getExpire(key);
        boolean exists = dst.lookupWrite(newKey) != null;
        if (exists && !replace) {
            c.reply().integer(0);
            return;
        }
        Object copy = Values.copy(value);
        if (exists) dst.delete(newKey);
        dst.add(newKey, copy);
        if (expire != -1) dst.setExpire(newKey, expire);
        engine.pubsub().events().notify(KeyspaceEvents.GENERIC, "copy_to", newKey, dst.id());
        engine.stats().dirty++;
        c.reply().integer(1);
    }

    /** FLUSHDB/FLUSHALL [ASYNC|SYNC]: both modes free at once; the garbage collector does the reclaiming. */
    private static boolean flushModeOk(Client c, byte[][] argv) {
        if (argv.length == 1 || (argv.length == 2 && (CommandTable.is(argv[1], "sync") || CommandTable.is(argv[1], "async")))) {
            return true;
        }
        c.reply().error(Errors.SYNTAX);
        return false;
    }

    static void flushDb(Client c, byte[][] argv) {
        if (!flushModeOk(c, argv)) return;
        c.engine().stats().dirty += c.db().size();
        c.db().clear();
        c.engine().tracking().flushed();
        forcePropagation(c, argv);
        c.reply().ok();
    }

    /**
     * Redis's flushAllDataAndResetRDB: a running BGSAVE is stopped (its file would bring the data back), and with
     * save points set the now empty dataset is saved at once, which also resets the dirty counter.
     */
    static void flushAll(Client c, byte[][] argv) {
        if (!flushModeOk(c, argv)) return;
        Engine engine = c.engine();
        engine.stats().dirty += engine.emptyData();
        BackgroundSave bgsave = engine.backgroundSave();
        bgsave.abort();
        if (bgsave.hasSavePoints()) RdbSave.save(engine);
        forcePropagation(c, argv);
        c.reply().ok();
    }

    /** Redis's forceCommandPropagation: a flush goes to the AOF even when nothing was there to delete. */
    private static void forcePropagation(Client c, byte[][] argv) {
        c.engine().propagation().add(c.dbIndex(), argv);
        c.preventPropagation();
    }

    static void swapDb(Client c, byte[][] argv) {
        long a = intArg(c, argv[1], "ERR invalid first DB index");
        if (a == NO_INT) return;
        long b = intArg(c, argv[2], "ERR invalid second DB index");
        if (b == NO_INT) return;
        Engine engine = c.engine();
        if (a < 0 || a >= engine.databaseCount() || b < 0 || b >= engine.databaseCount()) {
            c.reply().error(Errors.DB_INDEX);
            return;
        }
        engine.swapDatabases((int) a, (int) b);
        engine.stats().dirty++;
        c.reply().ok();
    }

    /**
     * An argument that must be a 32-bit integer (Redis's getIntFromObjectOrReply): its value, or {@link #NO_INT}
     * after replying {@code error}, or Redis's default texts when {@code error} is null.
     */
    static long intArg(Client c, byte[] arg, String error) {
        if (!Numbers.isLong(arg)) {
            c.reply().error(error != null ? error : Errors.NOT_INTEGER);
            return NO_INT;
        }
        long v = Numbers.parseLongOr(arg, 0);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            c.reply().error(error != null ? error : INT_RANGE);
            return NO_INT;
        }
        return v;
    }
}
