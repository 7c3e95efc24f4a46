package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;

/** OBJECT introspection (Redis's object.c). */
public final class ObjectCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
    }
}
