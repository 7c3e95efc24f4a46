package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;

import java.nio.charset.StandardCharsets;

/** TTL commands (Redis's expire.c): EXPIRE family, TTL, PERSIST ... */
public final class ExpireCommands implements CommandGroup {
    private static final int NX = 1, XX = 2, GT = 4, LT = 8;
    private static final String[] OPTIONS_HISTORY = {"7.0.0", "Added the `NX`, `XX`, `GT` and `LT` conditions."};
    private static final String[] MINUS_TWO_HISTORY = {"2.8.0", "Replies -2 for a missing key."};

    @Override
    public void register(CommandTable t) {
        t.command("expire", -3).flags("write fast").acl("keyspace").group("generic").since("1.0.0")
                .keySpec("RW update", "index 1", "range 0 1 0")
                .summary("Sets a key to expire after a number of seconds.").complexity("O(1)")
                .history(OPTIONS_HISTORY).arguments("key:key seconds:integer [condition:NX|XX|GT|LT]@7.0.0")
                .handler((c, argv) -> expire(c, argv, "expire", true, true));
        t.command("pexpire", -3).flags("write fast").acl("keyspace").group("generic").since("2.6.0")
                .keySpec("RW update", "index 1", "range 0 1 0")
                .summary("Sets a key to expire after a number of milliseconds.").complexity("O(1)")
                .history(OPTIONS_HISTORY).arguments("key:key milliseconds:integer [condition:NX|XX|GT|LT]@7.0.0")
                .handler((c, argv) -> expire(c, argv, "pexpire", true, false));
        t.command("expireat", -3).flags("write fast").acl("keyspace").group("generic").since("1.2.0")
                .keySpec("RW update", "index 1", "range 0 1 0")
                .summary("Sets a key to expire at a Unix time in seconds.").complexity("O(1)")
                .history(OPTIONS_HISTORY).arguments("key:key unix-time-seconds:unix-time [condition:NX|XX|GT|LT]@7.0.0")
                .handler((c, argv) -> expire(c, argv, "expireat", false, true));
        t.command("pexpireat", -3).flags("write fast").acl("keyspace").group("generic").since("2.6.0")
                .keySpec("RW update", "index 1", "range 0 1 0")
                .summary("Sets a key to expire at a Unix time in milliseconds.").complexity("O(1)")
                .history(OPTIONS_HISTORY).arguments("key:key unix-time-milliseconds:unix-time [condition:NX|XX|GT|LT]@7.0.0")
                .handler((c, argv) -> expire(c, argv, "pexpireat", false, false));
        t.command("expiretime", 2).flags("readonly fast").acl("keyspace").group("generic").since("7.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Returns the Unix time in seconds at which a key expires.").complexity("O(1)")
                .arguments("key:key").handler((c, argv) -> ttl(c, argv, false, true));
        t.command("pexpiretime", 2).flags("readonly fast").acl("keyspace").group("generic").since("7.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Returns the Unix time in milliseconds at which a key expires.").complexity("O(1)")
                .arguments("key:key").handler((c, argv) -> ttl(c, argv, true, true));
        t.command("ttl", 2).flags("readonly fast").acl("keyspace").group("generic").since("1.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output")
                .summary("Returns the seconds a key has left to live.").complexity("O(1)")
                .history(MINUS_TWO_HISTORY).arguments("key:key").handler((c, argv) -> ttl(c, argv, false, false));
        t.command("pttl", 2).flags("readonly fast").acl("keyspace").group("generic").since("2.6.0")
                .keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output")
                .summary("Returns the milliseconds a key has left to live.").complexity("O(1)")
                .history(MINUS_TWO_HISTORY).arguments("key:key").handler((c, argv) -> ttl(c, argv, true, false));
        t.command("persist", 2).flags("write fast").acl("keyspace").group("generic").since("2.2.0")
                .keySpec("RW update", "index 1", "range 0 1 0")
                .summary("Removes a key's expiration so it lives until deleted.").complexity("O(1)")
                .arguments("key:key").handler(ExpireCommands::persist);
    }

    /**
     * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT: relative times are added to now; a time already past deletes the key
     * at once, as Redis does on a master.
     */
    static void expire(Client c, byte[][] argv, String name, boolean relative, boolean seconds) {
        int flags = 0;
        for (int i = 3; i < argv.length; i++) {
            byte[] o = argv[i];
            if (CommandTable.is(o, "nx")) flags |= NX;
            else if (CommandTable.is(o, "xx")) flags |= XX;
            else if (CommandTable.is(o, "gt")) flags |= GT;
            else if (CommandTable.is(o, "lt")) flags |= LT;
            else {
                c.reply().error("ERR Unsupported option " + cString(o));
                return;
            }
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            c.reply().error("ERR NX and XX, GT or LT options at the same time are not compatible");
            return;
        }
        if ((flags & (GT | LT)) == (GT | LT)) {
            c.reply().error("ERR GT and LT options at the same time are not compatible");
            return;
        }
        if (!Numbers.isLong(argv[2])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long when = Numbers.parseLongOr(argv[2], 0);
        long now = c.engine().commandTimeMs();
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                c.reply().error(String.format(Errors.INVALID_EXPIRE, name));
                return;
            }
            when *= 1000;
        }
        if (relative) {
            if (when > Long.MAX_VALUE - now) {
                c.reply().error(String.format(Errors.INVALID_EXPIRE, name));
                return;
            }
            when += now;
        }

        Database db = c.db();
        byte[] key = argv[1];
        if (db.lookupWrite(key) == null) {
            c.reply().integer(0);
            return;
        }
        if (flags != 0) {
            long current = db.getExpire(key); // -1: no TTL, which counts as an infinite one for GT and LT
            boolean refused = ((flags & NX) != 0 && current != -1)
                    || ((flags & XX) != 0 && current == -1)
                    || ((flags & GT) != 0 && (current == -1 || when <= current))
                    || ((flags & LT) != 0 && current != -1 && when >= current);
            if (refused) {
                c.reply().integer(0);
                return;
            }
        }
        if (when <= now && !c.engine().isLoading()) { // replaying an AOF, the TTL is kept (Redis's checkAlreadyExpired)
            db.delete(key);
            c.rewriteArgv(Propagated.DEL, key);
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", key);
        } else {
            db.setExpire(key, when);
            byte[][] prop = argv.clone(); // PEXPIREAT key when [NX|XX|GT|LT]: absolute, so a replay agrees
            prop[0] = Propagated.PEXPIREAT;
            prop[2] = Numbers.toBytes(when);
            c.rewriteArgv(prop);
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "expire", key);
        }
        c.engine().stats().dirty++;
        c.reply().integer(1);
    }

    /** The option as Redis's "%s" prints it: up to the first NUL byte. */
    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for a missing key, -1 for one without TTL. */
    static void ttl(Client c, byte[][] argv, boolean millis, boolean absolute) {
        Database db = c.db();
        if (db.lookupReadNoTouch(argv[1]) == null) {
            c.reply().integer(-2);
            return;
        }
        long expire = db.getExpire(argv[1]);
        if (expire == -1) {
            c.reply().integer(-1);
            return;
        }
        long v = Math.max(0, absolute ? expire : expire - c.engine().commandTimeMs());
        // seconds rounded half up, as Redis's (ttl+500)/1000 without its overflow near the largest time
        c.reply().integer(millis ? v : v / 1000 + (v % 1000 >= 500 ? 1 : 0));
    }

    static void persist(Client c, byte[][] argv) {
        Database db = c.db();
        if (db.lookupWrite(argv[1]) != null && db.persist(argv[1])) {
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "persist", argv[1]);
            c.engine().stats().dirty++;
            c.reply().integer(1);
        } else {
            c.reply().integer(0);
        }
    }
}
