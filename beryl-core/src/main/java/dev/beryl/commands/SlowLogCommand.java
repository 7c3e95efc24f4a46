package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.monitor.SlowLog;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/** SLOWLOG GET|LEN|RESET|HELP (Redis's slowlog.c slowlogCommand). */
public final class SlowLogCommand implements CommandGroup {
    private static final String[] HELP = {
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
    };
    private static final String COUNT_RANGE = "ERR count should be greater than or equal to -1";

    @Override
    public void register(CommandTable t) {
        CommandSpec slowlog = t.command("slowlog", -2).group("server").since("2.2.12")
                .summary("A container for slow log commands.").complexity("Depends on subcommand.");
        slowlog.subcommand("get", -2).flags("admin loading stale").since("2.2.12")
                .tips("request_policy:all_nodes nondeterministic_output")
                .summary("Returns the slow log's entries.").complexity("O(N) where N is the number of entries returned")
                .history(new String[] {"4.0.0", "Added client IP address, port and name to the reply."})
                .arguments("[count:integer]").handler(SlowLogCommand::get);
        slowlog.subcommand("len", 2).flags("admin loading stale").since("2.2.12")
                .tips("request_policy:all_nodes response_policy:agg_sum nondeterministic_output")
                .summary("Returns the number of entries in the slow log.").complexity("O(1)")
                .handler((c, argv) -> c.reply().integer(c.engine().watch().slowLog().size()));
        slowlog.subcommand("reset", 2).flags("admin loading stale").since("2.2.12")
                .tips("request_policy:all_nodes response_policy:all_succeeded")
                .summary("Clears all entries from the slow log.")
                .complexity("O(N) where N is the number of entries in the slowlog")
                .handler((c, argv) -> {
                    c.engine().watch().slowLog().reset();
                    c.reply().ok();
                });
        slowlog.subcommand("help", 2).flags("loading stale").since("6.2.0")
                .summary("Show helpful text about the different subcommands").complexity("O(1)")
                .handler((c, argv) -> HelpReply.send(c, argv[0], HELP));
    }

    /** SLOWLOG GET [count]: the newest entries first, 10 by default, all with -1. */
    static void get(Client c, byte[][] argv) {
        ReplyBuffer r = c.reply();
        if (argv.length > 3) {
            r.error("ERR unknown subcommand or wrong number of arguments for '"
                    + new String(argv[1], StandardCharsets.UTF_8) + "'. Try SLOWLOG HELP.");
            return;
        }
        SlowLog log = c.engine().watch().slowLog();
        long count = 10;
        if (argv.length == 3) {
            if (!Numbers.isLong(argv[2])) {
                r.error(COUNT_RANGE);
                return;
            }
            count = Numbers.parseLongOr(argv[2], 0);
            if (count < -1) {
                r.error(COUNT_RANGE);
                return;
            }
            if (count == -1) count = log.size();
        }
        long n = Math.min(count, log.size());
        r.arrayHeader(n);
        Iterator<SlowLog.Entry> it = log.iterator();
        for (long i = 0; i < n; i++) {
            SlowLog.Entry e = it.next();
            r.arrayHeader(6);
            r.integer(e.id());
            r.integer(e.time());
            r.integer(e.duration());
            r.arrayHeader(e.argv().length);
            for (byte[] a : e.argv()) r.bulk(a);
            r.bulk(e.peer());
            r.bulk(e.name() == null ? new byte[0] : e.name());
        }
    }
}
