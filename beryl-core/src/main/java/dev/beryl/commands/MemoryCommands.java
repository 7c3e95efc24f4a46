package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Errors;
import dev.beryl.engine.Values;
import dev.beryl.resp.Numbers;
import dev.beryl.types.Footprint;

/** MEMORY USAGE (Redis's object.c memoryCommand): what one key costs, as the JVM lays it out. */
public final class MemoryCommands implements CommandGroup {
    private static final String[] HELP = {
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
    };
    /** Redis's OBJ_COMPUTE_SIZE_DEF_SAMPLES. */
    private static final long DEFAULT_SAMPLES = 5;

    @Override
    public void register(CommandTable t) {
        CommandSpec memory = t.command("memory", -2).group("server").since("4.0.0")
                .summary("A container for memory diagnostics commands.").complexity("Depends on subcommand.");
        memory.subcommand("usage", -3).flags("readonly").since("4.0.0").keySpec("RO", "index 2", "range 0 1 0")
                .summary("Estimates the memory usage of a key.").complexity("O(N) where N is the number of samples.")
                .arguments("key:key [SAMPLES count:integer]").handler(MemoryCommands::usage);
        memory.subcommand("help", 2).flags("loading stale").since("4.0.0")
                .summary("Returns helpful text about the different subcommands.").complexity("O(1)")
                .handler((c, argv) -> HelpReply.send(c, argv[0], HELP));
    }

    static void usage(Client c, byte[][] argv) {
        long samples = DEFAULT_SAMPLES;
        for (int i = 3; i < argv.length; i++) {
            if (CommandTable.is(argv[i], "samples") && i + 1 < argv.length) {
                if (!Numbers.isLong(argv[i + 1])) {
                    c.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                samples = Numbers.parseLongUnchecked(argv[i + 1], 0, argv[i + 1].length);
                if (samples < 0) {
                    c.reply().error(Errors.SYNTAX);
                    return;
                }
                if (samples == 0) samples = Long.MAX_VALUE;
                i++;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        // Like Redis, a key whose TTL has passed but is not deleted yet still counts.
        Dict.Node<Object> n = c.db().rawNode(argv[2]);
        if (n == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().integer(Footprint.DICT_NODE + Footprint.bytes(n.key.length) + Values.footprint(n.value, samples));
    }
}
