package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;

/** Server commands (Redis's server.c and config.c): INFO, CONFIG, COMMAND. */
public final class ServerCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        InfoCommand.declare(t);
        ConfigCommand.declare(t);
        CommandCommand.declare(t);
    }
}
