package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.config.ConfigParam;
import dev.beryl.engine.Client;
import dev.beryl.engine.CrashReport;
import dev.beryl.engine.Database;
import dev.beryl.engine.Engine;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Errors;
import dev.beryl.engine.Values;
import dev.beryl.persistence.DumpPayload;
import dev.beryl.persistence.RdbLoad;
import dev.beryl.persistence.RdbSave;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.Quicklist;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * DEBUG (Redis's debug.c): the subcommands that make sense for Beryl and that tests rely on. The others
 * (assertions, allocator and encoding internals) are unknown subcommands here.
 */
public final class DebugCommands implements CommandGroup {
    private static final Logger LOG = Logger.getLogger(DebugCommands.class.getName());

    @Override
    public void register(CommandTable t) {
        t.command("debug", -2).flags("admin noscript loading stale protected").group("server").since("1.0.0")
                .summary("A container for debugging commands.").complexity("Depends on subcommand.")
                .docFlags("syscmd").handler(DebugCommands::debug);
    }

    static void debug(Client c, byte[][] argv) {
        if (!ConfigCommand.allowed(c.engine().config().get("enable-debug-command"), c)) {
            c.reply().error("ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
                    + "you can run it from a local connection, otherwise you need to set this option in the "
                    + "configuration file, and then restart the server.");
            return;
        }
        byte[] sub = argv[1];
        int argc = argv.length;
        if (argc == 2 && CommandTable.is(sub, "help")) {
            help(c, argv);
        } else if (CommandTable.is(sub, "sleep") && argc == 3) {
            sleep(c, argv[2]);
        } else if (CommandTable.is(sub, "segfault") && argc == 2) {
            // Redis crashes for real here, to test crash reporting: the same report and the same end of the process
            throw CrashReport.crash(11);
        } else if (CommandTable.is(sub, "set-active-expire") && argc == 3) {
            c.engine().activeExpiry().setEnabled(atoi(argv[2]) != 0);
            c.reply().ok();
        } else if (CommandTable.is(sub, "set-skip-checksum-validation") && argc == 3) {
            c.engine().skipChecksumValidation(atoi(argv[2]) != 0);
            c.reply().ok();
        } else if (CommandTable.is(sub, "aof-flush-sleep") && argc == 3) {
            c.engine().aof().flushSleep((int) Math.max(0, Math.min(Integer.MAX_VALUE, atoi(argv[2]))));
            c.reply().ok();
        } else if (CommandTable.is(sub, "pause-cron") && argc == 3) {
            c.engine().pauseCron(atoi(argv[2]) != 0);
            c.reply().ok();
        } else if (CommandTable.is(sub, "quicklist-packed-threshold") && argc == 3) {
            packedThreshold(c, argv[2]);
        } else if (CommandTable.is(sub, "object") && argc == 3) {
            object(c, argv[2]);
        } else if (CommandTable.is(sub, "loadaof") && argc == 2) {
            loadAof(c);
        } else if (CommandTable.is(sub, "reload")) {
            reload(c, argv);
        } else if (CommandTable.is(sub, "protocol") && argc == 3) {
            protocol(c, argv[2]);
        } else if (CommandTable.is(sub, "digest") && argc == 2) {
            c.reply().simple(DatasetDigest.hex(DatasetDigest.dataset(c.engine())));
        } else if (CommandTable.is(sub, "digest-value")) {
            // a debug command works on logically expired keys too: no lookup, no lazy expiry
            c.reply().arrayHeader(argc - 2);
            for (int j = 2; j < argc; j++) {
                Dict.Node<Object> n = c.db().rawNode(argv[j]);
                c.reply().simple(DatasetDigest.hex(DatasetDigest.value(c.db(), argv[j], n == null ? null : n.value)));
            }
        } else if (CommandTable.is(sub, "populate") && argc >= 3 && argc <= 5) {
            populate(c, argv);
        } else if (CommandTable.is(sub, "log") && argc == 3) {
            LOG.warning("DEBUG LOG: " + new String(argv[2], StandardCharsets.UTF_8));
            c.reply().ok();
        } else if (CommandTable.is(sub, "error") && argc == 3) {
            // the argument is the whole error line, code included, as Redis sends it
            c.reply().error(new String(argv[2], StandardCharsets.UTF_8));
        } else {
            c.reply().error("ERR unknown subcommand or wrong number of arguments for '"
                    + new String(sub, 0, Math.min(sub.length, 128), StandardCharsets.UTF_8) + "'. Try DEBUG HELP.");
        }
    }

    private static void help(Client c, byte[][] argv) {
        HelpReply.send(c, argv[0],
                "AOF-FLUSH-SLEEP <microsec>",
                "    Server will sleep before flushing the AOF, this is used for testing.",
                "DIGEST",
                "    Output a hex signature representing the current DB content.",
                "DIGEST-VALUE <key> [<key> ...]",
                "    Output a hex signature of the values of all the specified keys.",
                "ERROR <string>",
                "    Return a Redis protocol error with <string> as message. Useful for clients",
                "    unit tests to simulate Redis errors.",
                "LOG <message>",
                "    Write <message> to the server log.",
                "LOADAOF",
                "    Flush the AOF buffers on disk and reload the AOF in memory.",
                "OBJECT <key>",
                "    Show low level info about `key` and associated value.",
                "PAUSE-CRON <0|1>",
                "    Stop periodic cron job processing.",
                "POPULATE <count> [<prefix>] [<size>]",
                "    Create <count> string keys named key:<num>. If <prefix> is specified then",
                "    it is used instead of the 'key' prefix.",
                "PROTOCOL <type>",
                "    Reply with a test value of the specified type. <type> can be: string,",
                "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
                "    true, false.",
                "RELOAD [option ...]",
                "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
                "    * MERGE: conflicting keys will be loaded from RDB.",
                "    * NOFLUSH: the existing database will not be removed before load, but",
                "      conflicting keys make the reload fail, leaving the data as it was.",
                "    * NOSAVE: the database will be loaded from an existing RDB file.",
                "    Examples:",
                "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
                "      the database.",
                "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
                "      existing RDB file.",
                "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
                "      file to the database.",
                "SEGFAULT",
                "    Crash the server with sigsegv.",
                "SET-ACTIVE-EXPIRE <0|1>",
                "    Setting it to 0 disables expiring keys in background when they are not",
                "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                "    default.",
                "QUICKLIST-PACKED-THRESHOLD <size>",
                "    Sets the threshold for elements to be inserted as plain vs packed nodes",
                "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
                "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
                "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
                "SLEEP <seconds>",
                "    Stop the server for <seconds>. Decimals allowed.");
    }

    /**
     * Saves (unless NOSAVE), then loads the RDB file back, replacing the dataset (unless NOFLUSH; MERGE lets the
     * file's keys replace existing ones). The file is read in full before anything changes: a load that fails
     * leaves the data as it was.
     */
    private static void reload(Client c, byte[][] argv) {
        boolean flush = true, save = true, merge = false;
        for (int j = 2; j < argv.length; j++) {
            if (CommandTable.is(argv[j], "merge")) merge = true;
            else if (CommandTable.is(argv[j], "noflush")) flush = false;
            else if (CommandTable.is(argv[j], "nosave")) save = false;
            else {
                c.reply().error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
                return;
            }
        }
        Engine e = c.engine();
        if (save && !RdbSave.save(e)) {
            c.reply().error("ERR");
            return;
        }
        try {
            RdbLoad.load(e, RdbSave.file(e), flush, merge);
        } catch (IOException ex) {
            LOG.warning("DEBUG RELOAD: " + ex.getMessage());
            c.reply().error("ERR Error trying to load the RDB dump");
            return;
        }
        LOG.warning("DB reloaded by DEBUG RELOAD");
        c.reply().ok();
    }

    /** DEBUG LOADAOF: the dataset replaced by a replay of the AOF (Redis exits when that fails; Beryl replies). */
    private static void loadAof(Client c) {
        try {
            c.engine().aof().reload();
        } catch (IOException | RuntimeException ex) {
            LOG.warning("DEBUG LOADAOF: " + ex.getMessage());
            c.reply().error("ERR Error loading the AOF: " + ex.getMessage());
            return;
        }
        LOG.info("Append Only File loaded by DEBUG LOADAOF");
        c.reply().ok();
    }

    /** Blocks the engine thread on purpose: the point of DEBUG SLEEP is a server that does not answer. */
    private static void sleep(Client c, byte[] arg) {
        double seconds = strtod(arg);
        long micros = (long) (seconds * 1_000_000);
        if (micros > 0) {
            try {
                Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        c.reply().ok();
    }

    /** Elements of this many bytes or more get a quicklist node of their own (test hook for plain nodes). */
    private static void packedThreshold(Client c, byte[] arg) {
        long sz;
        try {
            sz = ConfigParam.parseMemory(new String(arg, StandardCharsets.US_ASCII));
        } catch (NumberFormatException | ArithmeticException e) {
            sz = -1;
        }
        if (Quicklist.setPackedThreshold(sz)) c.reply().ok();
        else c.reply().error("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
    }

    private static void object(Client c, byte[] key) {
        Database db = c.db();
        Dict.Node<Object> n = db.rawNode(key);
        if (n == null) {
            c.reply().error(Errors.NO_SUCH_KEY);
            return;
        }
        Object v = n.value;
        int lru = n.lru;
        long idle = c.engine().accessClock().idleSeconds(lru);
        c.reply().simple("Value at:0x" + Integer.toHexString(System.identityHashCode(v)) + " refcount:" + Values.refcount(v)
                + " encoding:" + Values.encoding(v) + " serializedlength:" + serializedLength(c, v)
                + " lru:" + lru + " lru_seconds_idle:" + idle + quicklistInfo(v));
    }

    /** DEBUG OBJECT's extra fields for a list: nodes, average fill, fill setting, compression, raw size. */
    private static String quicklistInfo(Object v) {
        if (!(v instanceof Quicklist q)) return "";
        return " ql_nodes:" + q.nodeCount()
                // printf's %.2f: the exact binary value, ties to even (9/8 prints 1.12)
                + " ql_avg_node:" + new BigDecimal((double) q.size() / q.nodeCount()).setScale(2, RoundingMode.HALF_EVEN)
                + " ql_listpack_max:" + q.fill()
                + " ql_compressed:" + (q.compressDepth() != 0 ? 1 : 0)
                + " ql_uncompressed_size:" + q.uncompressedSize();
    }

    /** rdbSavedObjectLen: the bytes of the value in the RDB format, compression included (type byte excluded). */
    static long serializedLength(Client c, Object v) {
        return DumpPayload.serializedLength(v, c.engine().config().getBool("rdbcompression"));
    }

    private static void protocol(Client c, byte[] type) {
        ReplyBuffer r = c.reply();
        String name = new String(type, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
        switch (name) {
            case "string" -> r.bulk("Hello World");
            case "integer" -> r.integer(12345);
            case "double" -> r.doubleValue(3.141);
            case "bignum" -> {
                String big = "1234567999999999999999999999999999999";
                if (c.resp() >= 3) r.raw(("(" + big + "\r\n").getBytes(StandardCharsets.US_ASCII));
                else r.bulk(big);
            }
            case "null" -> r.nullBulk();
            case "array" -> {
                r.arrayHeader(3);
                for (int j = 0; j < 3; j++) r.integer(j);
            }
            case "set" -> {
                r.setHeader(3);
                for (int j = 0; j < 3; j++) r.integer(j);
            }
            case "map" -> {
                r.mapHeader(3);
                for (int j = 0; j < 3; j++) {
                    r.integer(j);
                    r.bool(j == 1);
                }
            }
            case "attrib" -> {
                if (c.resp() >= 3) {
                    r.raw("|1\r\n".getBytes(StandardCharsets.US_ASCII)); // an attribute map of one pair
                    r.bulk("key-popularity");
                    r.arrayHeader(2);
                    r.bulk("key:123");
                    r.integer(90);
                }
                r.bulk("Some real reply following the attribute");
            }
            case "push" -> {
                if (c.resp() < 3) {
                    r.error("ERR RESP2 is not supported by this command");
                    return;
                }
                r.pushHeader(2);
                r.bulk("server-cpu-usage");
                r.integer(42);
                r.bulk("Some real reply following the push reply");
            }
            case "true" -> r.bool(true);
            case "false" -> r.bool(false);
            case "verbatim" -> r.verbatim("This is a verbatim\nstring");
            default -> r.error("ERR Wrong protocol type name. Please use one of the following: "
                    + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        }
    }

    private static void populate(Client c, byte[][] argv) {
        long count = positive(c, argv[2]);
        if (count < 0) return;
        long size = argv.length == 5 ? positive(c, argv[4]) : 0;
        if (size < 0) return;
        String prefix = argv.length >= 4 ? new String(argv[3], StandardCharsets.UTF_8) : "key";
        Database db = c.db();
        for (long j = 0; j < count; j++) {
            byte[] key = (prefix + ":" + j).getBytes(StandardCharsets.UTF_8);
            if (db.lookupWrite(key) != null) continue;
            byte[] val = ("value:" + j).getBytes(StandardCharsets.US_ASCII);
            if (size > 0) val = java.util.Arrays.copyOf(val, (int) size); // padded with zero bytes, as Redis
            db.add(key, val);
        }
        c.reply().ok();
    }

    /** Redis's getPositiveLongFromObjectOrReply: the value, or -1 after replying with the error. */
    private static long positive(Client c, byte[] arg) {
        if (!Numbers.isLong(arg)) {
            c.reply().error(Errors.NOT_INTEGER);
            return -1;
        }
        long n = Numbers.parseLongOr(arg, -1);
        if (n < 0) c.reply().error("ERR value is out of range, must be positive");
        return n;
    }

    /** C's atoi: leading digits with an optional sign, 0 when there are none. */
    private static long atoi(byte[] b) {
        int i = 0;
        boolean neg = false;
        if (i < b.length && (b[i] == '-' || b[i] == '+')) neg = b[i++] == '-';
        long n = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') n = n * 10 + (b[i++] - '0');
        return neg ? -n : n;
    }

    /** C's strtod on the leading number, 0 when there is none. */
    private static double strtod(byte[] b) {
        String s = new String(b, StandardCharsets.US_ASCII).trim();
        for (int end = s.length(); end > 0; end--) {
            try {
                return Double.parseDouble(s.substring(0, end));
            } catch (NumberFormatException ignored) {
                // try a shorter prefix
            }
        }
        return 0;
    }
}
