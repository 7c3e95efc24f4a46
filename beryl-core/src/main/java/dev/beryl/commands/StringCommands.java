package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.LongDouble;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.RawString;
import dev.beryl.types.Strings;

/**
 * String commands (Redis's t_string.c). Values are immutable byte[] as SET stores them, or {@link RawString}
 * once APPEND/SETRANGE modify them in place; every command reads both through {@link Strings}.
 */
public final class StringCommands implements CommandGroup {
    private static final byte[] EMPTY = new byte[0];
    /** Redis's OBJ_SHARED_INTEGERS: 0..9999 exist once, shared by every key holding them. */
    private static final int SHARED_INTEGERS = 10000;

    @Override
    public void register(CommandTable t) {
        t.command("get", 2).flags("readonly fast").acl("string").group("string").since("1.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Returns the string value of a key.").complexity("O(1)")
                .arguments("key:key").handler(StringCommands::get);
        t.command("set", -3).flags("write denyoom").acl("string").group("string").since("1.0.0")
                .keySpec("RW access update variable_flags", "index 1", "range 0 1 0",
                        "RW and ACCESS due to the optional `GET` argument")
                .summary("Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.")
                .complexity("O(1)")
                .history(new String[] {"2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."},
                        new String[] {"6.0.0", "Added the `KEEPTTL` option."},
                        new String[] {"6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."},
                        new String[] {"7.0.0", "Allowed the `NX` and `GET` options to be used together."})
                .arguments("key:key value:string [condition:NX|XX]@2.6.12 [GET]@6.2.0"
                        + " [expiration:EX seconds:integer@2.6.12|PX milliseconds:integer@2.6.12"
                        + "|EXAT unix-time-seconds:unix-time@6.2.0|PXAT unix-time-milliseconds:unix-time@6.2.0"
                        + "|KEEPTTL@6.0.0]")
                .handler(StringCommands::set);
        t.command("setnx", 3).flags("write denyoom fast").acl("string").group("string").since("1.0.0")
                .keySpec("OW insert", "index 1", "range 0 1 0")
                .summary("Sets the string value of a key only when the key doesn't exist.").complexity("O(1)")
                .arguments("key:key value:string").handler(StringCommands::setnx);
        t.command("setex", 4).flags("write denyoom").acl("string").group("string").since("2.0.0")
                .keySpec("OW update", "index 1", "range 0 1 0")
                .summary("Sets the string value and the expiration time in seconds of a key.").complexity("O(1)")
                .arguments("key:key seconds:integer value:string").handler(StringCommands::setex);
        t.command("psetex", 4).flags("write denyoom").acl("string").group("string").since("2.6.0")
                .keySpec("OW update", "index 1", "range 0 1 0")
                .summary("Sets the string value and the expiration time in milliseconds of a key.").complexity("O(1)")
                .arguments("key:key milliseconds:integer value:string").handler(StringCommands::psetex);
        t.command("getset", 3).flags("write denyoom fast").acl("string").group("string").since("1.0.0")
                .keySpec("RW access update", "index 1", "range 0 1 0")
                .summary("Sets a new string value of a key and returns the previous one.").complexity("O(1)")
                .docFlags("deprecated").deprecated("6.2.0", "`SET` with the `!GET` argument")
                .arguments("key:key value:string").handler(StringCommands::getset);
        t.command("getdel", 2).flags("write fast").acl("string").group("string").since("6.2.0")
                .keySpec("RW access delete", "index 1", "range 0 1 0")
                .summary("Returns the string value of a key and deletes the key.").complexity("O(1)")
                .arguments("key:key").handler(StringCommands::getdel);
        t.command("getex", -2).flags("write fast").acl("string").group("string").since("6.2.0")
                .keySpec("RW access update", "index 1", "range 0 1 0", "RW and UPDATE because it changes the TTL")
                .summary("Returns the string value of a key after setting or removing its expiration time.")
                .complexity("O(1)")
                .arguments("key:key [expiration:EX seconds:integer|PX milliseconds:integer"
                        + "|EXAT unix-time-seconds:unix-time|PXAT unix-time-milliseconds:unix-time|PERSIST]")
                .handler(StringCommands::getex);
        t.command("mget", -2).flags("readonly fast").acl("string").group("string").since("1.0.0")
                .keySpec("RO access", "index 1", "range -1 1 0").tips("request_policy:multi_shard")
                .summary("Returns the string values of one or more keys.")
                .complexity("O(N) where N is the number of keys to retrieve.")
                .arguments("key:key ...").handler(StringCommands::mget);
        t.command("mset", -3).flags("write denyoom").acl("string").group("string").since("1.0.1")
                .keySpec("OW update", "index 1", "range -1 2 0")
                .tips("request_policy:multi_shard response_policy:all_succeeded")
                .summary("Sets the string values of one or more keys, replacing any old values.")
                .complexity("O(N) where N is the number of keys to set.")
                .arguments("key_value:(key:key value:string) ...").handler(StringCommands::mset);
        t.command("msetnx", -3).flags("write denyoom").acl("string").group("string").since("1.0.1")
                .keySpec("OW insert", "index 1", "range -1 2 0")
                .tips("request_policy:multi_shard response_policy:agg_min")
                .summary("Sets the string values of one or more keys only when none of the keys exist.")
                .complexity("O(N) where N is the number of keys to set.")
                .arguments("key_value:(key:key value:string) ...").handler(StringCommands::msetnx);
        t.command("append", 3).flags("write denyoom fast").acl("string").group("string").since("2.0.0")
                .keySpec("RW insert", "index 1", "range 0 1 0")
                .summary("Appends a string to the value of a key; creates the key if needed.")
                .complexity("O(1). The amortized time complexity is O(1) assuming the appended value is small and"
                        + " the already present value is of any size, since the dynamic string library used by"
                        + " Redis will double the free space available on every reallocation.")
                .arguments("key:key value:string").handler(StringCommands::append);
        t.command("strlen", 2).flags("readonly fast").acl("string").group("string").since("2.2.0")
                .keySpec("RO", "index 1", "range 0 1 0")
                .summary("Returns the length of a string value.").complexity("O(1)")
                .arguments("key:key").handler(StringCommands::strlen);
        t.command("incr", 2).flags("write denyoom fast").acl("string").group("string").since("1.0.0")
                .keySpec("RW access update", "index 1", "range 0 1 0")
                .summary("Adds one to the integer value of a key; a missing key counts as 0.").complexity("O(1)")
                .arguments("key:key").handler((c, argv) -> incrBy(c, argv[1], 1));
        t.command("decr", 2).flags("write denyoom fast").acl("string").group("string").since("1.0.0")
                .keySpec("RW access update", "index 1", "range 0 1 0")
                .summary("Subtracts one from the integer value of a key; a missing key counts as 0.")
                .complexity("O(1)").arguments("key:key").handler((c, argv) -> incrBy(c, argv[1], -1));
        t.command("incrby", 3).flags("write denyoom fast").acl("string").group("string").since("1.0.0")
                .keySpec("RW access update", "index 1", "range 0 1 0")
                .summary("Adds an integer to the integer value of a key; a missing key counts as 0.")
                .complexity("O(1)").arguments("key:key increment:integer").handler(StringCommands::incrby);
        t.command("decrby", 3).flags("write denyoom fast").acl("string").group("string").since("1.0.0")
                .keySpec("RW access update", "index 1", "range 0 1 0")
                .summary("Subtracts an integer from the integer value of a key; a missing key counts as 0.")
                .complexity("O(1)").arguments("key:key decrement:integer").handler(StringCommands::decrby);
        t.command("incrbyfloat", 3).flags("write denyoom fast").acl("string").group("string").since("2.6.0")
                .keySpec("RW access update", "index 1", "range 0 1 0")
                .summary("Adds a floating point number to the numeric value of a key; a missing key counts as 0.")
                .complexity("O(1)").arguments("key:key increment:double").handler(StringCommands::incrbyfloat);
        String rangeComplexity = "O(N) where N is the length of the returned string. The complexity is ultimately"
                + " determined by the returned length, but because creating a substring from an existing string is"
                + " very cheap, it can be considered O(1) for small strings.";
        t.command("getrange", 4).flags("readonly").acl("string").group("string").since("2.4.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Returns a substring of the string value of a key.").complexity(rangeComplexity)
                .arguments("key:key start:integer end:integer").handler(StringCommands::getrange);
        t.command("substr", 4).flags("readonly").acl("string").group("string").since("1.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Returns a substring of the string value of a key (the old name of GETRANGE).")
                .complexity(rangeComplexity).docFlags("deprecated").deprecated("2.0.0", "`GETRANGE`")
                .arguments("key:key start:integer end:integer").handler(StringCommands::getrange);
        t.command("setrange", 4).flags("write denyoom").acl("string").group("string").since("2.2.0")
                .keySpec("RW update", "index 1", "range 0 1 0")
                .summary("Overwrites part of a string value from an offset; creates the key if needed.")
                .complexity("O(1), not counting the time taken to copy the new string in place. Usually, this"
                        + " string is very small so the amortized complexity is O(1). Otherwise, complexity is"
                        + " O(M) with M being the length of the value argument.")
                .arguments("key:key offset:integer value:string").handler(StringCommands::setrange);
        t.command("lcs", -3).flags("readonly").acl("string").group("string").since("7.0.0")
                .keySpec("RO access", "index 1", "range 1 1 0")
                .summary("Finds the longest common subsequence of two string values.")
                .complexity("O(N*M) where N and M are the lengths of s1 and s2, respectively")
                .arguments("key1:key#0 key2:key#0 [LEN] [IDX] [len:MINMATCHLEN len:integer] [WITHMATCHLEN]")
                .handler(Lcs::lcs);
    }

    // ---- shared helpers (also used by BitmapCommands)

    /** True (after replying WRONGTYPE) when a looked-up value exists but is not a string. */
    static boolean wrongType(Client c, Object v) {
        if (v == null || Strings.isString(v)) return false;
        c.reply().error(Errors.WRONGTYPE);
        return true;
    }

    /**
     * The string of a key's node as a RawString to modify in place, replacing a byte[] value by its raw copy
     * the way Redis's dbUnshareStringValue does. Swapping in an equal copy is not a change: the caller signals
     * the key as modified (WATCH) once it has really changed the bytes.
     */
    static RawString unshare(Dict.Node<Object> n) {
        if (n.value instanceof RawString r) {
            r.unshare();
            return r;
        }
        RawString r = new RawString((byte[]) n.value);
        n.value = r;
        return r;
    }

    /**
     * Redis's checkStringLength: true (after replying the error) when a string of size + append bytes would
     * exceed proto-max-bulk-len (or what a Java array can hold).
     */
    static boolean tooLong(Client c, long size, long append) {
        long total = size + append;
        long max = Math.min(c.engine().config().getLong("proto-max-bulk-len"), Integer.MAX_VALUE - 8);
        if (total < 0 || total > max) {
            c.reply().error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
            return true;
        }
        return false;
    }

    /**
     * Redis's tryObjectEncoding for a value about to be stored: the integers 0..9999 become the one shared array
     * {@link Numbers#toBytes} keeps for each (OBJECT REFCOUNT reports them shared), unless the eviction policy
     * needs per-key access times; anything else is stored as given.
     */
    static byte[] encoded(Client c, byte[] v) {
        if (v.length > 4 || !Numbers.isLong(v)) return v;
        long n = Numbers.parseLongUnchecked(v, 0, v.length);
        return n >= 0 && n < SHARED_INTEGERS && sharedIntegers(c) ? Numbers.toBytes(n) : v;
    }

    /** Whether values may be shared integers: not under an LRU or LFU policy with a maxmemory limit. */
    private static boolean sharedIntegers(Client c) {
        if (c.engine().config().getLong("maxmemory") == 0) return true;
        String policy = c.engine().config().get("maxmemory-policy");
        return !policy.endsWith("-lru") && !policy.endsWith("-lfu");
    }

    /** Parses a strict integer argument; replies the error and returns null when it is not one. */
    static Long parseLong(Client c, byte[] arg) {
        if (!Numbers.isLong(arg)) {
            c.reply().error(Errors.NOT_INTEGER);
            return null;
        }
        return Numbers.parseLongUnchecked(arg, 0, arg.length);
    }

    private static void dirty(Client c) {
        c.engine().stats().dirty++;
    }

    // ---- GET / SET family

    static void get(Client c, byte[][] argv) {
        replyValue(c, argv[1]);
    }

    /** Redis's getGenericCommand: replies the value (or null); false after a WRONGTYPE error. */
    private static boolean replyValue(Client c, byte[] key) {
        Object v = c.db().lookupRead(key);
        if (v == null) {
            c.reply().nullBulk();
            return true;
        }
        if (wrongType(c, v)) return false;
        Strings.reply(c.reply(), v);
        return true;
    }

    static void set(Client c, byte[][] argv) {
        ExpireOptions o = ExpireOptions.parse(c, argv, true);
        if (o == null) return;
        long when = 0;
        if (o.expire != null && (when = o.expireAt(c, "set")) < 0) return;
        boolean get = o.has(ExpireOptions.GET);
        if (get && !replyValue(c, argv[1])) return;
        boolean found = c.db().lookupWrite(argv[1]) != null;
        if ((o.has(ExpireOptions.NX) && found) || (o.has(ExpireOptions.XX) && !found)) {
            if (!get) c.reply().nullBulk();
            return;
        }
        byte[] value = encoded(c, argv[2]);
        if (o.has(ExpireOptions.KEEPTTL)) c.db().setKeepTtl(argv[1], value);
        else c.db().set(argv[1], value);
        dirty(c);
        c.keyspaceEvent(KeyspaceEvents.STRING, "set", argv[1]);
        if (o.expire != null) {
            c.db().setExpire(argv[1], when);
            c.rewriteArgv(Propagated.SET, argv[1], argv[2], Propagated.PXAT, Numbers.toBytes(when)); // absolute TTL
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "expire", argv[1]);
        }
        if (!get) c.reply().ok();
    }

    static void setnx(Client c, byte[][] argv) {
        if (c.db().lookupWrite(argv[1]) != null) {
            c.reply().integer(0);
            return;
        }
        c.db().set(argv[1], encoded(c, argv[2]));
        dirty(c);
        c.keyspaceEvent(KeyspaceEvents.STRING, "set", argv[1]);
        c.reply().integer(1);
    }

    static void setex(Client c, byte[][] argv) {
        setWithExpire(c, argv, ExpireOptions.EX, "setex");
    }

    static void psetex(Client c, byte[][] argv) {
        setWithExpire(c, argv, ExpireOptions.PX, "psetex");
    }

    private static void setWithExpire(Client c, byte[][] argv, int unit, String name) {
        long when = ExpireOptions.expireAt(c, argv[2], unit, name);
        if (when < 0) return;
        c.db().set(argv[1], encoded(c, argv[3]));
        dirty(c);
        c.keyspaceEvent(KeyspaceEvents.STRING, "set", argv[1]);
        c.db().setExpire(argv[1], when);
        c.rewriteArgv(Propagated.SET, argv[1], argv[3], Propagated.PXAT, Numbers.toBytes(when));
        c.keyspaceEvent(KeyspaceEvents.GENERIC, "expire", argv[1]);
        c.reply().ok();
    }

    static void getset(Client c, byte[][] argv) {
        if (!replyValue(c, argv[1])) return;
        c.db().set(argv[1], encoded(c, argv[2]));
        dirty(c);
        c.keyspaceEvent(KeyspaceEvents.STRING, "set", argv[1]);
        c.rewriteArgv(Propagated.SET, argv[1], argv[2]);
    }

    static void getdel(Client c, byte[][] argv) {
        if (!replyValue(c, argv[1])) return;
        if (c.db().delete(argv[1])) {
            dirty(c);
            c.rewriteArgv(Propagated.DEL, argv[1]);
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[1]);
        }
    }

    static void getex(Client c, byte[][] argv) {
        ExpireOptions o = ExpireOptions.parse(c, argv, false);
        if (o == null) return;
        Database db = c.db();
        Object v = db.lookupRead(argv[1]);
        if (v == null) {
            c.reply().nullBulk();
            return;
        }
        if (wrongType(c, v)) return;
        long when = 0;
        if (o.expire != null && (when = o.expireAt(c, "getex")) < 0) return;
        Strings.reply(c.reply(), v);
        boolean absolute = o.has(ExpireOptions.EXAT) || o.has(ExpireOptions.PXAT);
        if (absolute && when <= c.engine().commandTimeMs()) {
            db.delete(argv[1]);
            dirty(c);
            c.rewriteArgv(Propagated.DEL, argv[1]);
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[1]);
        } else if (o.expire != null) {
            db.setExpire(argv[1], when);
            dirty(c);
            c.rewriteArgv(Propagated.PEXPIREAT, argv[1], Numbers.toBytes(when));
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "expire", argv[1]);
        } else if (o.has(ExpireOptions.PERSIST) && db.persist(argv[1])) {
            dirty(c);
            c.rewriteArgv(Propagated.PERSIST, argv[1]);
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "persist", argv[1]);
        }
    }

    static void mget(Client c, byte[][] argv) {
        ReplyBuffer r = c.reply();
        r.arrayHeader(argv.length - 1);
        for (int i = 1; i < argv.length; i++) {
            Object v = c.db().lookupRead(argv[i]);
            if (Strings.isString(v)) Strings.reply(r, v);
            else r.nullBulk();
        }
    }

    static void mset(Client c, byte[][] argv) {
        if (argv.length % 2 == 0) {
            c.reply().error(Errors.arity("mset"));
            return;
        }
        setAll(c, argv);
        c.reply().ok();
    }

    static void msetnx(Client c, byte[][] argv) {
        if (argv.length % 2 == 0) {
            c.reply().error(Errors.arity("msetnx"));
            return;
        }
        for (int i = 1; i < argv.length; i += 2) {
            if (c.db().lookupWrite(argv[i]) != null) {
                c.reply().integer(0);
                return;
            }
        }
        setAll(c, argv);
        c.reply().integer(1);
    }

    private static void setAll(Client c, byte[][] argv) {
        for (int i = 1; i < argv.length; i += 2) {
            c.db().set(argv[i], encoded(c, argv[i + 1]));
            c.keyspaceEvent(KeyspaceEvents.STRING, "set", argv[i]);
        }
        c.engine().stats().dirty += (argv.length - 1) / 2;
    }

    // ---- in-place modification

    static void append(Client c, byte[][] argv) {
        Database db = c.db();
        Dict.Node<Object> n = db.lookupWriteNode(argv[1]);
        long total;
        if (n == null) {
            db.add(argv[1], encoded(c, argv[2]));
            total = argv[2].length;
        } else {
            if (wrongType(c, n.value) || tooLong(c, Strings.length(n.value), argv[2].length)) return;
            RawString r = unshare(n);
            r.append(argv[2]);
            total = r.length();
            db.signalModified(argv[1]);
        }
        dirty(c);
        c.keyspaceEvent(KeyspaceEvents.STRING, "append", argv[1]);
        c.reply().integer(total);
    }

    static void setrange(Client c, byte[][] argv) {
        Long offset = parseLong(c, argv[2]);
        if (offset == null) return;
        if (offset < 0) {
            c.reply().error("ERR offset is out of range");
            return;
        }
        byte[] value = argv[3];
        Database db = c.db();
        Dict.Node<Object> n = db.lookupWriteNode(argv[1]);
        RawString r;
        if (n == null) {
            if (value.length == 0) {
                c.reply().integer(0);
                return;
            }
            if (tooLong(c, offset, value.length)) return;
            r = RawString.zeros((int) (offset + value.length));
            db.add(argv[1], r);
        } else {
            if (wrongType(c, n.value)) return;
            if (value.length == 0) {
                c.reply().integer(Strings.length(n.value));
                return;
            }
            if (tooLong(c, offset, value.length)) return;
            r = unshare(n);
        }
        r.write((int) (long) offset, value);
        db.signalModified(argv[1]);
        dirty(c);
        c.keyspaceEvent(KeyspaceEvents.STRING, "setrange", argv[1]);
        c.reply().integer(r.length());
    }

    // ---- reading

    static void strlen(Client c, byte[][] argv) {
        Object v = c.db().lookupRead(argv[1]);
        if (v == null) c.reply().integer(0);
        else if (!wrongType(c, v)) c.reply().integer(Strings.length(v));
    }

    static void getrange(Client c, byte[][] argv) {
        Long start = parseLong(c, argv[2]);
        if (start == null) return;
        Long end = parseLong(c, argv[3]);
        if (end == null) return;
        Object v = c.db().lookupRead(argv[1]);
        if (v == null) {
            c.reply().bulk(EMPTY);
            return;
        }
        if (wrongType(c, v)) return;
        long len = Strings.length(v);
        long s = start, e = end;
        if (s < 0 && e < 0 && s > e) {
            c.reply().bulk(EMPTY);
            return;
        }
        if (s < 0) s = len + s;
        if (e < 0) e = len + e;
        if (s < 0) s = 0;
        if (e < 0) e = 0;
        if (e >= len) e = len - 1;
        if (s > e || len == 0) c.reply().bulk(EMPTY);
        else c.reply().bulk(Strings.array(v), (int) s, (int) (e - s + 1));
    }

    // ---- counters

    static void incrby(Client c, byte[][] argv) {
        Long incr = parseLong(c, argv[2]);
        if (incr != null) incrBy(c, argv[1], incr);
    }

    static void decrby(Client c, byte[][] argv) {
        Long decr = parseLong(c, argv[2]);
        if (decr == null) return;
        if (decr == Long.MIN_VALUE) {
            c.reply().error("ERR decrement would overflow");
            return;
        }
        incrBy(c, argv[1], -decr);
    }

    private static void incrBy(Client c, byte[] key, long incr) {
        Database db = c.db();
        Object v = db.lookupWrite(key);
        if (wrongType(c, v)) return;
        long value = 0;
        if (v != null) {
            byte[] b = Strings.array(v);
            int n = Strings.length(v);
            if (!Numbers.isLong(b, 0, n)) {
                c.reply().error(Errors.NOT_INTEGER);
                return;
            }
            value = Numbers.parseLongUnchecked(b, 0, n);
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            c.reply().error(Errors.OVERFLOW);
            return;
        }
        value += incr;
        boolean small = value >= 0 && value < SHARED_INTEGERS;
        if (v instanceof RawString r && r.isInt() && !small) {
            r.setLong(value); // an unshared counter changes in place, as in Redis
            db.signalModified(key);
        } else {
            Object stored = small && sharedIntegers(c) ? Numbers.toBytes(value) : RawString.ofLong(value);
            if (v == null) db.add(key, stored);
            else db.setKeepTtl(key, stored);
        }
        dirty(c);
        c.keyspaceEvent(KeyspaceEvents.STRING, "incrby", key);
        c.reply().integer(value);
    }

    static void incrbyfloat(Client c, byte[][] argv) {
        Database db = c.db();
        Object v = db.lookupWrite(argv[1]);
        if (wrongType(c, v)) return;
        LongDouble value = v == null ? LongDouble.ZERO : LongDouble.parse(Strings.bytes(v));
        LongDouble incr = value == null ? null : LongDouble.parse(argv[2]);
        if (incr == null) {
            c.reply().error(Errors.NOT_FLOAT);
            return;
        }
        LongDouble sum = value.add(incr);
        if (sum == null || !sum.isFinite()) {
            c.reply().error("ERR increment would produce NaN or Infinity");
            return;
        }
        byte[] text = sum.toHumanBytes();
        // Redis stores the result unencoded: an integer-looking one is still an embstr, not an int.
        Object stored = Numbers.isLong(text) ? RawString.embstr(text) : text;
        if (v == null) db.add(argv[1], stored);
        else db.setKeepTtl(argv[1], stored);
        dirty(c);
        c.keyspaceEvent(KeyspaceEvents.STRING, "incrbyfloat", argv[1]);
        c.rewriteArgv(Propagated.SET, argv[1], text, Propagated.KEEPTTL); // the result, not the float sum again
        c.reply().bulk(text);
    }
}
