package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;

import java.nio.charset.StandardCharsets;

/**
 * FUNCTION (Redis's functions.c). Beryl has no scripting engine yet, so no library can ever be loaded: FLUSH
 * is exact (it deletes every library, i.e. none); the other subcommands are absent and answer Redis's
 * unknown-subcommand error.
 */
public final class FunctionCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        var function = t.command("function", -2).group("scripting").since("7.0.0")
                .summary("A container for function commands.").complexity("Depends on subcommand.");
        function.subcommand("flush", -2).flags("noscript write").acl("scripting").since("7.0.0")
                .summary("Deletes all libraries and functions.")
                .complexity("O(N) where N is the number of functions deleted")
                .arguments("[flush-type:ASYNC|SYNC]").handler(FunctionCommands::flush);
    }

    static void flush(Client c, byte[][] argv) {
        if (argv.length > 3) {
            c.reply().error("ERR unknown subcommand or wrong number of arguments for '"
                    + new String(argv[1], StandardCharsets.UTF_8) + "'. Try FUNCTION HELP.");
            return;
        }
        if (argv.length == 3 && !CommandTable.is(argv[2], "sync") && !CommandTable.is(argv[2], "async")) {
            c.reply().error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
            return;
        }
        c.engine().stats().dirty++;
        c.reply().ok();
    }
}
