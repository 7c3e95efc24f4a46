package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;

/** SYNC, PSYNC and REPLCONF: the master side of replication (dev.beryl.replication.ReplicationMaster). */
public final class ReplicationCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        t.command("sync", 1).flags("no_async_loading admin no_multi noscript").group("server").since("1.0.0")
                .summary("An internal command used in replication.")
                .handler((c, argv) -> c.engine().replication().sync(c, argv));
        t.command("psync", -3).flags("no_async_loading admin no_multi noscript").group("server").since("2.8.0")
                .summary("An internal command used in replication.")
                .arguments("replicationid:string offset:integer")
                .handler((c, argv) -> c.engine().replication().sync(c, argv));
        t.command("replconf", -1).flags("admin noscript loading stale allow_busy").group("server").since("3.0.0")
                .summary("An internal command for configuring the replication stream.").complexity("O(1)")
                .docFlags("syscmd").handler((c, argv) -> c.engine().replication().replconf(c, argv));
    }
}
