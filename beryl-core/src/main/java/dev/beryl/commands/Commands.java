package dev.beryl.commands;

import dev.beryl.command.CommandTable;
import dev.beryl.pubsub.PubSubCommands;

/** The full command table: every command group Beryl serves. */
public final class Commands {
    private Commands() {}

    public static CommandTable newTable() {
        return new CommandTable(
                new ConnectionCommands(),
                new AuthCommand(),
                new ClientCommands(),
                new TrackingCommands(),
                new PauseCommands(),
                new TransactionCommands(),
                new StringCommands(),
                new BitmapCommands(),
                new HashCommands(),
                new SetCommands(),
                new ListCommands(),
                new SortedSetCommands(),
                new SortCommand(),
                new KeyCommands(),
                new DumpCommands(),
                new MigrateCommand(),
                new ExpireCommands(),
                new ObjectCommands(),
                new ServerCommands(),
                new PersistenceCommands(),
                new ReplicationCommands(),
                new DebugCommands(),
                new FunctionCommands(),
                new MemoryCommands(),
                new PubSubCommands(),

                new SlowLogCommand(),
                new LatencyCommand(),
                new MonitorCommand());
    }
}
