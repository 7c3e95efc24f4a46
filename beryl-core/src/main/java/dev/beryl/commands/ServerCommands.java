package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;

import java.time.Instant;

/** Server commands (Redis's server.c and config.c): INFO, CONFIG, COMMAND, TIME. */
public final class ServerCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        InfoCommand.declare(t);
        ConfigCommand.declare(t);
        CommandCommand.declare(t);
        t.command("time", 1).flags("loading stale fast").group("server").since("2.6.0")
                .summary("Returns the server time.").complexity("O(1)").tips("nondeterministic_output")
                .handler(ServerCommands::time);
    }

    /** Unix time in seconds and the microseconds elapsed in the current second, as two bulk strings. */
    static void time(Client c, byte[][] argv) {
        Instant now = Instant.now();
        c.reply().arrayHeader(2);
        c.reply().bulkLong(now.getEpochSecond());
        c.reply().bulkLong(now.getNano() / 1000);
    }
}
