package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;

/** Server commands: INFO, CONFIG, TIME, COMMAND ... */
public final class ServerCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
    }
}
