package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Errors;
import dev.beryl.persistence.DumpPayload;
import dev.beryl.persistence.RdbFormatException;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;

import java.util.Arrays;
import java.util.logging.Logger;

/** DUMP and RESTORE (Redis's cluster.c): one value in the RDB format, with version and CRC-64 footer. */
public final class DumpCommands implements CommandGroup {
    private static final Logger LOG = Logger.getLogger(DumpCommands.class.getName());

    @Override
    public void register(CommandTable t) {
        t.command("dump", 2).flags("readonly").acl("keyspace").group("generic").since("2.6.0")
                .keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output")
                .summary("Serializes the value of a key in the format RESTORE reads.")
                .complexity("O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).")
                .arguments("key:key").handler(DumpCommands::dump);
        t.command("restore", -4).flags("write denyoom").acl("keyspace dangerous").group("generic").since("2.6.0")
                .keySpec("OW update", "index 1", "range 0 1 0")
                .summary("Creates a key from a value serialized by DUMP.")
                .complexity("O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).")
                .history(new String[] {"3.0.0", "Added the `REPLACE` modifier."},
                        new String[] {"5.0.0", "Added the `ABSTTL` modifier."},
                        new String[] {"5.0.0", "Added the `IDLETIME` and `FREQ` options."})
                .arguments("key:key ttl:integer serialized-value:string [REPLACE]@3.0.0 [ABSTTL]@5.0.0 "
                        + "[IDLETIME seconds:integer]@5.0.0 [FREQ frequency:integer]@5.0.0")
                .handler(DumpCommands::restore);
    }

    static void dump(Client c, byte[][] argv) {
        Object v = c.db().lookupRead(argv[1]);
        if (v == null) c.reply().nullBulk();
        else c.reply().bulk(DumpPayload.create(v, c.engine().config().getBool("rdbcompression")));
    }

    /** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency] */
    static void restore(Client c, byte[][] argv) {
        long freq = -1, idle = -1;
        boolean replace = false, absTtl = false;
        for (int j = 4; j < argv.length; j++) {
            boolean hasValue = j + 1 < argv.length;
            if (CommandTable.is(argv[j], "replace")) {
                replace = true;
            } else if (CommandTable.is(argv[j], "absttl")) {
                absTtl = true;
            } else if (CommandTable.is(argv[j], "idletime") && hasValue && freq == -1) {
                idle = longArg(c, argv[++j]);
                if (idle == Long.MIN_VALUE) return;
                if (idle < 0) {
                    c.reply().error("ERR Invalid IDLETIME value, must be >= 0");
                    return;
                }
            } else if (CommandTable.is(argv[j], "freq") && hasValue && idle == -1) {
                freq = longArg(c, argv[++j]);
                if (freq == Long.MIN_VALUE) return;
                if (freq < 0 || freq > 255) {
                    c.reply().error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                    return;
                }
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        Database db = c.db();
        byte[] key = argv[1];
        if (!replace && db.lookupWrite(key) != null) {
            c.reply().error("BUSYKEY Target key name already exists.");
            return;
        }
        long ttl = longArg(c, argv[2]);
        if (ttl == Long.MIN_VALUE) return;
        if (ttl < 0) {
            c.reply().error("ERR Invalid TTL value, must be >= 0");
            return;
        }
        byte[] payload = argv[3];
        if (!DumpPayload.footerValid(payload, c.engine().skipChecksumValidation())) {
            c.reply().error("ERR DUMP payload version or checksum are wrong");
            return;
        }
        Object value;
        try {
            value = DumpPayload.read(payload, c.engine().config());
        } catch (RdbFormatException e) {
            LOG.config("Bad data format in RESTORE: " + e.getMessage()); // Redis logs the reason at verbose level
            c.reply().error("ERR Bad data format");
            return;
        }
        boolean deleted = replace && db.delete(key);
        if (ttl != 0 && !absTtl) ttl += c.engine().commandTimeMs();
        if (ttl != 0 && ttl <= System.currentTimeMillis()) { // already expired: the key is not created
            if (deleted) {
                c.rewriteArgv(new byte[][] {{'D', 'E', 'L'}, key});
                c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", key);
                c.engine().stats().dirty++;
            }
            c.reply().ok();
            return;
        }
        Dict.Node<Object> n = db.add(key, value);
        if (ttl != 0) db.setExpire(key, ttl);
        if (ttl != 0 && !absTtl) {
            // propagated with the absolute time, so a replay later gives the key the same deadline (as Redis)
            byte[][] p = Arrays.copyOf(argv, argv.length + 1);
            p[2] = Numbers.toBytes(ttl);
            p[argv.length] = new byte[] {'A', 'B', 'S', 'T', 'T', 'L'};
            c.rewriteArgv(p);
        }
        n.lru = c.engine().accessClock().restored(n.lru, idle, (int) freq);
        c.keyspaceEvent(KeyspaceEvents.GENERIC, "restore", key);
        c.engine().stats().dirty++;
        c.reply().ok();
    }

    /** getLongLongFromObjectOrReply: the value, or Long.MIN_VALUE after replying the error. */
    private static long longArg(Client c, byte[] arg) {
        if (!Numbers.isLong(arg)) {
            c.reply().error(Errors.NOT_INTEGER);
            return Long.MIN_VALUE;
        }
        return Numbers.parseLongUnchecked(arg, 0, arg.length);
    }
}
