package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandHandler;
import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.AccessClock;
import dev.beryl.engine.Client;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Values;

/** OBJECT introspection (Redis's object.c). */
public final class ObjectCommands implements CommandGroup {
    private static final String[] HELP = {
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
    };
    private static final String LFU_SELECTED = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    private static final String LFU_NOT_SELECTED = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";

    /** What one key subcommand replies for a live key's node. */
    @FunctionalInterface
    private interface Inspect {
        void reply(Client c, Dict.Node<Object> n);
    }

    @Override
    public void register(CommandTable t) {
        CommandSpec object = t.command("object", -2).group("generic").since("2.2.3")
                .summary("Inspects how a key's value is stored and accessed.").complexity("Depends on subcommand.");
        keySubcommand(object, "encoding", "2.2.3", "Returns the internal encoding of a key's value.",
                (c, n) -> c.reply().bulk(Values.encoding(n.value)));
        keySubcommand(object, "refcount", "2.2.3", "Returns how many references a key's value has.",
                (c, n) -> c.reply().integer(Values.refcount(n.value)));
        keySubcommand(object, "idletime", "2.2.3", "Returns the seconds since a key was last accessed.",
                ObjectCommands::idleTime);
        keySubcommand(object, "freq", "4.0.0", "Returns the logarithmic access frequency counter of a key.",
                ObjectCommands::frequency);
        object.subcommand("help", 2).flags("loading stale").acl("keyspace").since("6.2.0")
                .summary("Lists the OBJECT subcommands.").complexity("O(1)")
                .handler((c, argv) -> HelpReply.send(c, argv[0], HELP));
    }

    private static void keySubcommand(CommandSpec object, String name, String since, String summary, Inspect inspect) {
        CommandHandler h = (c, argv) -> {
            // Looked up without touching the key: inspecting it must not change its idle time or frequency.
            Dict.Node<Object> n = c.db().lookupReadNoTouch(argv[2], false);
            if (n == null) c.reply().nullBulk();
            else inspect.reply(c, n);
        };
        object.subcommand(name, 3).flags("readonly").acl("keyspace").since(since)
                .keySpec("RO", "index 2", "range 0 1 0").tips("nondeterministic_output")
                .summary(summary).complexity("O(1)").arguments("key:key").handler(h);
    }

    static void idleTime(Client c, Dict.Node<Object> n) {
        AccessClock clock = c.engine().accessClock();
        if (clock.lfu()) c.reply().error(LFU_SELECTED);
        else c.reply().integer(clock.idleSeconds(n.lru));
    }

    static void frequency(Client c, Dict.Node<Object> n) {
        AccessClock clock = c.engine().accessClock();
        if (!clock.lfu()) c.reply().error(LFU_NOT_SELECTED);
        else c.reply().integer(clock.frequency(n.lru));
    }
}
