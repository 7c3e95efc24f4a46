package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.config.TypeLimits;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.LongDouble;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.HashValue;
import dev.beryl.types.Listpack;

import java.util.OptionalLong;
import java.util.SplittableRandom;

/** Hash commands (Redis's t_hash.c). */
public final class HashCommands implements CommandGroup {

    @Override
    public void register(CommandTable t) {
        t.command("hset", -4).flags("write denyoom fast").acl("hash").group("hash").since("2.0.0")
                .keySpec("RW update", "index 1", "range 0 1 0")
                .summary("Creates or modifies the value of a field in a hash.")
                .complexity("O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.")
                .history(new String[] {"4.0.0", "Accepts multiple `field` and `value` arguments."})
                .arguments("key:key field_value:(field:string value:string) ...").handler(HashCommands::hset);
        t.command("hsetnx", 4).flags("write denyoom fast").acl("hash").group("hash").since("2.0.0")
                .keySpec("RW insert", "index 1", "range 0 1 0")
                .summary("Sets the value of a field in a hash only when the field doesn't exist.").complexity("O(1)")
                .arguments("key:key field:string value:string").handler(HashCommands::hsetnx);
        t.command("hmset", -4).flags("write denyoom fast").acl("hash").group("hash").since("2.0.0")
                .keySpec("RW update", "index 1", "range 0 1 0")
                .summary("Sets the values of multiple fields.").docFlags("deprecated")
                .deprecated("4.0.0", "`HSET` with multiple field-value pairs")
                .complexity("O(N) where N is the number of fields being set.")
                .arguments("key:key field_value:(field:string value:string) ...").handler(HashCommands::hset);
        t.command("hget", 3).flags("readonly fast").acl("hash").group("hash").since("2.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Returns the value of a field in a hash.").complexity("O(1)")
                .arguments("key:key field:string").handler(HashCommands::hget);
        t.command("hmget", -3).flags("readonly fast").acl("hash").group("hash").since("2.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Returns the values of all fields in a hash.")
                .complexity("O(N) where N is the number of fields being requested.")
                .arguments("key:key field:string ...").handler(HashCommands::hmget);
        t.command("hdel", -3).flags("write fast").acl("hash").group("hash").since("2.0.0")
                .keySpec("RW delete", "index 1", "range 0 1 0")
                .summary("Deletes one or more fields and their values from a hash. Deletes the hash if no fields remain.")
                .complexity("O(N) where N is the number of fields to be removed.")
                .history(new String[] {"2.4.0", "Accepts multiple `field` arguments."})
                .arguments("key:key field:string ...").handler(HashCommands::hdel);
        t.command("hlen", 2).flags("readonly fast").acl("hash").group("hash").since("2.0.0")
                .keySpec("RO", "index 1", "range 0 1 0")
                .summary("Returns the number of fields in a hash.").complexity("O(1)")
                .arguments("key:key").handler(HashCommands::hlen);
        t.command("hstrlen", 3).flags("readonly fast").acl("hash").group("hash").since("3.2.0")
                .keySpec("RO", "index 1", "range 0 1 0")
                .summary("Returns the length of the value of a field.").complexity("O(1)")
                .arguments("key:key field:string").handler(HashCommands::hstrlen);
        t.command("hexists", 3).flags("readonly fast").acl("hash").group("hash").since("2.0.0")
                .keySpec("RO", "index 1", "range 0 1 0")
                .summary("Determines whether a field exists in a hash.").complexity("O(1)")
                .arguments("key:key field:string").handler(HashCommands::hexists);
        t.command("hkeys", 2).flags("readonly").acl("hash").group("hash").since("2.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output_order")
                .summary("Returns all fields in a hash.").complexity("O(N) where N is the size of the hash.")
                .arguments("key:key").handler((c, argv) -> getAll(c, argv, true, false));
        t.command("hvals", 2).flags("readonly").acl("hash").group("hash").since("2.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output_order")
                .summary("Returns all values in a hash.").complexity("O(N) where N is the size of the hash.")
                .arguments("key:key").handler((c, argv) -> getAll(c, argv, false, true));
        t.command("hgetall", 2).flags("readonly").acl("hash").group("hash").since("2.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output_order")
                .summary("Returns all fields and values in a hash.").complexity("O(N) where N is the size of the hash.")
                .arguments("key:key").handler((c, argv) -> getAll(c, argv, true, true));
        t.command("hincrby", 4).flags("write denyoom fast").acl("hash").group("hash").since("2.0.0")
                .keySpec("RW access update", "index 1", "range 0 1 0")
                .summary("Increments the integer value of a field in a hash by a number. Uses 0 as initial value if the field doesn't exist.")
                .complexity("O(1)").arguments("key:key field:string increment:integer").handler(HashCommands::hincrby);
        t.command("hincrbyfloat", 4).flags("write denyoom fast").acl("hash").group("hash").since("2.6.0")
                .keySpec("RW access update", "index 1", "range 0 1 0")
                .summary("Increments the floating point value of a field by a number. Uses 0 as initial value if the field doesn't exist.")
                .complexity("O(1)").arguments("key:key field:string increment:double").handler(HashCommands::hincrbyfloat);
        t.command("hrandfield", -2).flags("readonly").acl("hash").group("hash").since("6.2.0")
                .keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output")
                .summary("Returns one or more random fields from a hash.")
                .complexity("O(N) where N is the number of fields returned")
                .arguments("key:key [options:(count:integer [WITHVALUES])]").handler(HashCommands::hrandfield);
        t.command("hscan", -3).flags("readonly").acl("hash").group("hash").since("2.8.0")
                .keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output")
                .summary("Iterates over fields and values of a hash.")
                .complexity("O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
                .arguments("key:key cursor:integer [MATCH pattern:pattern] [COUNT count:integer]").handler(HashCommands::hscan);
    }

    // ---- lookups

    /** The hash for reading, or null after replying: {@code missing} when absent, WRONGTYPE when not a hash. */
    private static HashValue read(Client c, byte[] key, Runnable missing) {
        return found(c, c.db().lookupRead(key), missing);
    }

    /** Like {@link #read} with a write lookup (no hit/miss statistics), for commands that modify the hash. */
    private static HashValue write(Client c, byte[] key, Runnable missing) {
        return found(c, c.db().lookupWrite(key), missing);
    }

    private static HashValue found(Client c, Object o, Runnable missing) {
        if (o instanceof HashValue h) return h;
        if (o == null) missing.run();
        else c.reply().error(Errors.WRONGTYPE);
        return null;
    }

    /** The hash for writing, created (and stored) when absent; null after replying WRONGTYPE. */
    private static HashValue writeOrCreate(Client c, byte[] key) {
        Database db = c.db();
        Object o = db.lookupWrite(key);
        if (o instanceof HashValue h) return h;
        if (o != null) {
            c.reply().error(Errors.WRONGTYPE);
            return null;
        }
        HashValue h = new HashValue();
        db.add(key, h);
        return h;
    }

    /** A listpack entry as a bulk string, integers formatted on the fly. */
    private static void bulkEntry(ReplyBuffer out, Listpack lp, int p) {
        if (lp.isInt(p)) out.bulkLong(lp.intValue(p));
        else out.bulk(lp.array(), lp.strOffset(p), lp.strLength(p));
    }

    // ---- writes

    static void hset(Client c, byte[][] argv) {
        if (argv.length % 2 == 1) {
            c.reply().error(Errors.arity(c.engine().currentCommand().fullName()));
            return;
        }
        HashValue h = writeOrCreate(c, argv[1]);
        if (h == null) return;
        TypeLimits limits = c.engine().typeLimits();
        h.prepareWrite(argv, 2, argv.length - 1, limits.hashMaxListpackValue());
        int created = 0;
        for (int i = 2; i < argv.length; i += 2) {
            if (h.set(argv[i], argv[i + 1], limits.hashMaxListpackEntries(), limits.hashMaxListpackValue())) created++;
        }
        c.db().signalModified(argv[1]);
        c.keyspaceEvent(KeyspaceEvents.HASH, "hset", argv[1]);
        c.engine().stats().dirty += (argv.length - 2) / 2;
        if (argv[0][1] == 's' || argv[0][1] == 'S') c.reply().integer(created);
        else c.reply().ok();
    }

    static void hsetnx(Client c, byte[][] argv) {
        HashValue h = writeOrCreate(c, argv[1]);
        if (h == null) return;
        if (h.contains(argv[2])) {
            c.reply().integer(0);
            return;
        }
        TypeLimits limits = c.engine().typeLimits();
        h.prepareWrite(argv, 2, 3, limits.hashMaxListpackValue());
        h.set(argv[2], argv[3], limits.hashMaxListpackEntries(), limits.hashMaxListpackValue());
        c.db().signalModified(argv[1]);
        c.keyspaceEvent(KeyspaceEvents.HASH, "hset", argv[1]);
        c.engine().stats().dirty++;
        c.reply().integer(1);
    }

    static void hdel(Client c, byte[][] argv) {
        HashValue h = write(c, argv[1], () -> c.reply().integer(0));
        if (h == null) return;
        int deleted = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < argv.length; i++) {
            if (h.delete(argv[i])) {
                deleted++;
                if (h.size() == 0) {
                    c.db().delete(argv[1]);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            c.db().signalModified(argv[1]);
            c.keyspaceEvent(KeyspaceEvents.HASH, "hdel", argv[1]);
            if (keyRemoved) c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[1]);
        }
        c.engine().stats().dirty += deleted;
        c.reply().integer(deleted);
    }

    static void hincrby(Client c, byte[][] argv) {
        if (!Numbers.isLong(argv[3])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long incr = Numbers.parseLongUnchecked(argv[3], 0, argv[3].length);
        HashValue h = writeOrCreate(c, argv[1]);
        if (h == null) return;
        long value = 0;
        if (h.isListpack()) {
            int v = h.valuePosition(argv[2]);
            if (v >= 0) {
                Listpack lp = h.listpack();
                if (lp.isInt(v)) {
                    value = lp.intValue(v);
                } else {
                    // a string entry is never a canonical integer: the listpack would have stored it as one
                    c.reply().error("ERR hash value is not an integer");
                    return;
                }
            }
        } else {
            byte[] old = h.dict().get(argv[2]);
            if (old != null) {
                if (!Numbers.isLong(old)) {
                    c.reply().error("ERR hash value is not an integer");
                    return;
                }
                value = Numbers.parseLongUnchecked(old, 0, old.length);
            }
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value) || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            c.reply().error(Errors.OVERFLOW);
            return;
        }
        value += incr;
        TypeLimits limits = c.engine().typeLimits();
        h.set(argv[2], Numbers.toBytes(value), limits.hashMaxListpackEntries(), limits.hashMaxListpackValue());
        c.db().signalModified(argv[1]);
        c.keyspaceEvent(KeyspaceEvents.HASH, "hincrby", argv[1]);
        c.engine().stats().dirty++;
        c.reply().integer(value);
    }

    static void hincrbyfloat(Client c, byte[][] argv) {
        LongDouble incr = LongDouble.parse(argv[3]);
        if (incr == null) {
            c.reply().error(Errors.NOT_FLOAT);
            return;
        }
        if (!incr.isFinite()) {
            c.reply().error("ERR value is NaN or Infinity");
            return;
        }
        HashValue h = writeOrCreate(c, argv[1]);
        if (h == null) return;
        LongDouble value = LongDouble.ZERO;
        byte[] old = h.get(argv[2]);
        if (old != null) {
            value = LongDouble.parse(old);
            if (value == null) {
                c.reply().error("ERR hash value is not a float");
                return;
            }
        }
        value = value.add(incr);
        if (!value.isFinite()) {
            c.reply().error("ERR increment would produce NaN or Infinity");
            return;
        }
        byte[] result = value.toHumanBytes();
        TypeLimits limits = c.engine().typeLimits();
        h.set(argv[2], result, limits.hashMaxListpackEntries(), limits.hashMaxListpackValue());
        c.db().signalModified(argv[1]);
        c.keyspaceEvent(KeyspaceEvents.HASH, "hincrbyfloat", argv[1]);
        c.engine().stats().dirty++;
        c.rewriteArgv(Propagated.HSET, argv[1], argv[2], result); // the result, not the float sum again
        c.reply().bulk(result);
    }

    // ---- reads

    static void hget(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1], () -> c.reply().nullBulk());
        if (h != null) replyValue(c.reply(), h, argv[2]);
    }

    static void hmget(Client c, byte[][] argv) {
        Object o = c.db().lookupRead(argv[1]);
        if (o != null && !(o instanceof HashValue)) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        ReplyBuffer out = c.reply();
        out.arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            if (o == null) out.nullBulk();
            else replyValue(out, (HashValue) o, argv[i]);
        }
    }

    private static void replyValue(ReplyBuffer out, HashValue h, byte[] field) {
        if (h.isListpack()) {
            int v = h.valuePosition(field);
            if (v < 0) out.nullBulk();
            else bulkEntry(out, h.listpack(), v);
        } else {
            out.bulk(h.dict().get(field)); // null replies a null bulk
        }
    }

    static void hlen(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1], () -> c.reply().integer(0));
        if (h != null) c.reply().integer(h.size());
    }

    static void hstrlen(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1], () -> c.reply().integer(0));
        if (h == null) return;
        if (h.isListpack()) {
            int v = h.valuePosition(argv[2]);
            c.reply().integer(v < 0 ? 0 : h.listpack().valueLength(v));
        } else {
            byte[] v = h.dict().get(argv[2]);
            c.reply().integer(v == null ? 0 : v.length);
        }
    }

    static void hexists(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1], () -> c.reply().integer(0));
        if (h != null) c.reply().integer(h.contains(argv[2]) ? 1 : 0);
    }

    /** HKEYS, HVALS, HGETALL: a map when both fields and values are asked for, else a flat array. */
    static void getAll(Client c, byte[][] argv, boolean fields, boolean values) {
        boolean map = fields && values;
        ReplyBuffer out = c.reply();
        HashValue h = read(c, argv[1], () -> {
            if (map) out.mapHeader(0);
            else out.emptyArray();
        });
        if (h == null) return;
        if (map) out.mapHeader(h.size());
        else out.arrayHeader(h.size());
        if (h.isListpack()) {
            Listpack lp = h.listpack();
            for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
                if (fields) bulkEntry(out, lp, p);
                if (values) bulkEntry(out, lp, lp.next(p));
            }
        } else {
            h.dict().forEach(n -> {
                if (fields) out.bulk(n.key);
                if (values) out.bulk(n.value);
            });
        }
    }

    static void hscan(Client c, byte[][] argv) {
        OptionalLong cursor = ScanCursor.parse(argv[2]);
        if (cursor.isEmpty()) {
            c.reply().error(ScanCursor.INVALID);
            return;
        }
        HashValue h = read(c, argv[1], () -> CollectionScan.replyEmpty(c.reply()));
        if (h != null) CollectionScan.scan(c, argv, cursor.getAsLong(), h);
    }

    // ---- HRANDFIELD

    static void hrandfield(Client c, byte[][] argv) {
        if (argv.length >= 3) {
            long l = RandomCount.countWithOption(c, argv, "withvalues");
            if (l != Long.MIN_VALUE) randomWithCount(c, argv[1], l, argv.length == 4);
            return;
        }
        HashValue h = read(c, argv[1], () -> c.reply().nullBulk());
        if (h == null) return;
        SplittableRandom rnd = c.engine().random();
        if (h.isListpack()) bulkEntry(c.reply(), h.listpack(), h.listpack().seek(2L * rnd.nextInt(h.size())));
        else c.reply().bulk(h.dict().fairRandom(rnd).key);
    }

    private static void randomWithCount(Client c, byte[] key, long l, boolean withValues) {
        ReplyBuffer out = c.reply();
        HashValue h = read(c, key, out::emptyArray);
        if (h == null) return;
        boolean nested = withValues && out.resp() == 3; // RESP3 replies [field, value] pairs
        int size = h.size();
        Listpack lp = h.listpack();
        RandomCount.reply(out, l, withValues && !nested ? 2 : 1, c.engine().random(), new RandomCount.Entries<byte[]>() {
            public int size() { return size; }

            public void replyIndependent(SplittableRandom rnd, long count) {
                int[] fields = lp != null ? fieldPositions(lp) : null;
                for (long i = 0; i < count && !c.outputLimitReached(); i++) {
                    if (nested) out.arrayHeader(2);
                    if (lp != null) {
                        int p = fields[rnd.nextInt(size)];
                        bulkEntry(out, lp, p);
                        if (withValues) bulkEntry(out, lp, lp.next(p));
                    } else {
                        Dict.Node<byte[]> n = h.dict().fairRandom(rnd);
                        out.bulk(n.key);
                        if (withValues) out.bulk(n.value);
                    }
                }
            }

            public void replyAll() { h.forEach((f, v) -> replyPair(out, f, v, withValues, nested)); }

            public void copyTo(Dict<byte[]> copy) { h.forEach((f, v) -> copy.add(f, withValues ? v : null)); }

            public void reply(byte[] field, byte[] value) { replyPair(out, field, value, withValues, nested); }

            public void replyDistinct(SplittableRandom rnd, int count) {
                // A listpack is sampled in one ordered pass (every field equally likely)...
                if (lp != null) {
                    int remaining = count;
                    int index = 0;
                    for (int p = lp.first(); p >= 0 && remaining > 0; p = lp.next(lp.next(p)), index++) {
                        if (rnd.nextDouble() <= (double) remaining / (size - index)) {
                            if (nested) out.arrayHeader(2);
                            bulkEntry(out, lp, p);
                            if (withValues) bulkEntry(out, lp, lp.next(p));
                            remaining--;
                        }
                    }
                    return;
                }
                // ...a dict by random picks until count distinct fields came up.
                Dict<Void> seen = new Dict<>();
                seen.expand(count);
                while (seen.size() < count) {
                    Dict.Node<byte[]> n = h.dict().fairRandom(rnd);
                    if (seen.containsKey(n.key)) continue;
                    seen.add(n.key, null);
                    replyPair(out, n.key, n.value, withValues, nested);
                }
            }
        });
    }

    private static void replyPair(ReplyBuffer out, byte[] field, byte[] value, boolean withValues, boolean nested) {
        if (nested) out.arrayHeader(2);
        out.bulk(field);
        if (withValues) out.bulk(value);
    }

    /** Positions of every field of a listpack hash, for O(1) random picks. */
    private static int[] fieldPositions(Listpack lp) {
        int[] out = new int[lp.size() / 2];
        int i = 0;
        for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) out[i++] = p;
        return out;
    }
}
