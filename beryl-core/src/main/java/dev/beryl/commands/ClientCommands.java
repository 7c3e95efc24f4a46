package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;

/** CLIENT subcommands (Redis's networking.c). */
public final class ClientCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
    }
}
