package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.command.LatencyHistogram;
import dev.beryl.engine.Client;
import dev.beryl.monitor.LatencyMonitor;
import dev.beryl.monitor.Watch;
import dev.beryl.resp.ReplyBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** LATENCY LATEST|HISTORY|RESET|GRAPH|DOCTOR|HISTOGRAM|HELP (Redis's latency.c latencyCommand). */
public final class LatencyCommand implements CommandGroup {
    private static final String[] HELP = {
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
        "    If no commands are specified then all histograms are replied.",
    };
    private static final String TIPS = "nondeterministic_output request_policy:all_nodes response_policy:special";

    @Override
    public void register(CommandTable t) {
        CommandSpec latency = t.command("latency", -2).group("server").since("2.8.13")
                .summary("A container for latency diagnostics commands.").complexity("Depends on subcommand.");
        latency.subcommand("doctor", 2).flags("admin noscript loading stale").tips(TIPS).since("2.8.13")
                .summary("Returns a human-readable latency analysis report.").complexity("O(1)")
                .handler((c, argv) -> c.reply().verbatim(c.engine().watch().latencyReport()));
        latency.subcommand("graph", 3).flags("admin noscript loading stale").tips(TIPS).since("2.8.13")
                .summary("Returns a latency graph for an event.").complexity("O(1)")
                .arguments("event:string").handler(LatencyCommand::graph);
        latency.subcommand("histogram", -2).flags("admin noscript loading stale").tips(TIPS).since("7.0.0")
                .summary("Returns the cumulative distribution of latencies of a subset or all commands.")
                .complexity("O(N) where N is the number of commands with latency information being retrieved.")
                .arguments("[COMMAND:string ...]").handler(LatencyCommand::histogram);
        latency.subcommand("history", 3).flags("admin noscript loading stale").tips(TIPS).since("2.8.13")
                .summary("Returns timestamp-latency samples for an event.").complexity("O(1)")
                .arguments("event:string").handler(LatencyCommand::history);
        latency.subcommand("latest", 2).flags("admin noscript loading stale").tips(TIPS).since("2.8.13")
                .summary("Returns the latest latency samples for all events.").complexity("O(1)")
                .handler(LatencyCommand::latest);
        latency.subcommand("reset", -2).flags("admin noscript loading stale")
                .tips("request_policy:all_nodes response_policy:all_succeeded").since("2.8.13")
                .summary("Resets the latency data for one or more events.").complexity("O(1)")
                .arguments("[event:string ...]").handler(LatencyCommand::reset);
        latency.subcommand("help", 2).flags("loading stale").since("2.8.13")
                .summary("Returns helpful text about the different subcommands.").complexity("O(1)")
                .handler((c, argv) -> HelpReply.send(c, argv[0], HELP));
    }

    private static LatencyMonitor monitor(Client c) {
        return c.engine().watch().latency();
    }

    /** Event names are C strings to Redis: compared up to a NUL byte. */
    private static String event(byte[] arg) {
        int n = 0;
        while (n < arg.length && arg[n] != 0) n++;
        return new String(arg, 0, n, StandardCharsets.ISO_8859_1);
    }

    static void history(Client c, byte[][] argv) {
        ReplyBuffer r = c.reply();
        LatencyMonitor.Series ts = monitor(c).series(event(argv[2]));
        if (ts == null) {
            r.emptyArray();
            return;
        }
        long[][] samples = LatencyMonitor.samples(ts);
        r.arrayHeader(samples.length);
        for (long[] s : samples) {
            r.arrayHeader(2);
            r.integer(s[0]);
            r.integer(s[1]);
        }
    }

    static void graph(Client c, byte[][] argv) {
        String event = event(argv[2]);
        LatencyMonitor.Series ts = monitor(c).series(event);
        if (ts == null) {
            c.reply().error("ERR No samples available for event '" + event + "'");
            return;
        }
        c.reply().verbatim(Watch.latencyGraph(event, ts));
    }

    static void latest(Client c, byte[][] argv) {
        ReplyBuffer r = c.reply();
        Map<String, LatencyMonitor.Series> events = monitor(c).events();
        r.arrayHeader(events.size());
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            long[] last = LatencyMonitor.latest(e.getValue());
            r.arrayHeader(4);
            r.bulk(e.getKey());
            r.integer(last[0]);
            r.integer(last[1]);
            r.integer(e.getValue().max());
        }
    }

    static void reset(Client c, byte[][] argv) {
        if (argv.length == 2) {
            c.reply().integer(monitor(c).reset(null));
            return;
        }
        int resets = 0;
        for (int j = 2; j < argv.length; j++) resets += monitor(c).reset(event(argv[j]));
        c.reply().integer(resets);
    }

    /** LATENCY HISTOGRAM [command ...]: every command with recorded latencies, or those named (unknown ones skipped). */
    static void histogram(Client c, byte[][] argv) {
        List<CommandSpec> specs = new ArrayList<>();
        if (argv.length == 2) {
            for (CommandSpec s : c.engine().commands().all()) withSubcommands(s, specs);
        } else {
            for (int j = 2; j < argv.length; j++) {
                CommandSpec s = lookup(c.engine().commands(), argv[j]);
                if (s != null) withSubcommands(s, specs);
            }
        }
        ReplyBuffer r = c.reply();
        r.mapHeader(specs.size());
        for (CommandSpec s : specs) {
            LatencyHistogram h = s.latency();
            r.bulk(s.fullName());
            r.mapHeader(2);
            r.bulk("calls");
            r.integer(h.total());
            r.bulk("histogram_usec");
            List<long[]> buckets = h.cumulativeLog();
            r.mapHeader(buckets.size());
            for (long[] b : buckets) {
                r.integer(b[0]);
                r.integer(b[1]);
            }
        }
    }

    /** The command and its subcommands that have recorded latencies. */
    private static void withSubcommands(CommandSpec s, List<CommandSpec> out) {
        if (s.latency() != null) out.add(s);
        for (CommandSpec sub : s.subcommands().values()) if (sub.latency() != null) out.add(sub);
    }

    /** Redis's lookupCommandBySds: "name" or "container|subcommand", any case. */
    private static CommandSpec lookup(CommandTable table, byte[] name) {
        int bar = -1;
        for (int i = 0; i < name.length; i++) {
            if (name[i] == '|') {
                if (bar >= 0) return null;
                bar = i;
            }
        }
        if (bar < 0) return table.lookup(name);
        CommandSpec parent = table.lookup(java.util.Arrays.copyOfRange(name, 0, bar));
        if (parent == null || !parent.isContainer()) return null;
        return parent.subcommand(java.util.Arrays.copyOfRange(name, bar + 1, name.length));
    }
}
