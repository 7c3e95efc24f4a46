package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Blocking;
import dev.beryl.engine.Client;

/** MONITOR (Redis's server.c monitorCommand): the connection then receives every command the server runs. */
public final class MonitorCommand implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        t.command("monitor", 1).flags("admin noscript loading stale").group("server").since("1.0.0")
                .summary("Listens for all requests received by the server in real-time.").handler(MonitorCommand::monitor);
    }

    /**
     * A client that expects one reply per command cannot monitor (Redis's CLIENT_DENY_BLOCKING: inside EXEC, and
     * Beryl's callers without a connection); a second MONITOR gets no reply at all, as in Redis.
     */
    static void monitor(Client c, byte[][] argv) {
        if (!Blocking.mayBlock(c)) {
            c.reply().error("ERR MONITOR isn't allowed for DENY BLOCKING client");
            return;
        }
        if (c.engine().watch().startMonitor(c)) c.reply().ok();
    }
}
