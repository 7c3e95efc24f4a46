package dev.beryl.command;

/** A file of commands of one type (strings, keys, server, ...) that declares them into the table. */
public interface CommandGroup {
    void register(CommandTable table);
}
