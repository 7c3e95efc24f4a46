package dev.beryl.command;

import dev.beryl.engine.Client;

/** The code of one command. Runs on the engine thread; writes exactly one reply to {@code c.reply()}. */
@FunctionalInterface
public interface CommandHandler {
    void execute(Client c, byte[][] argv);
}
