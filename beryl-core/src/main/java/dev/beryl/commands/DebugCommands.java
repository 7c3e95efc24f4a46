package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;

/** DEBUG subcommands used by tests and operators (Redis's debug.c). */
public final class DebugCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
    }
}
