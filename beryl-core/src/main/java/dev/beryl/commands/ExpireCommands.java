package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;

/** TTL commands (Redis's expire.c): EXPIRE family, TTL, PERSIST ... */
public final class ExpireCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
    }
}
