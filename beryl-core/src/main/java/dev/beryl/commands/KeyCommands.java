package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;

/** Keyspace commands (Redis's db.c): DEL, EXISTS, KEYS, SCAN, RENAME, COPY, MOVE, FLUSHDB ... */
public final class KeyCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
    }
}
