package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.persistence.RdbSave;

/** SAVE and LASTSAVE (Redis's rdb.c and server.c). */
public final class PersistenceCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        t.command("save", 1).flags("admin noscript no_async_loading no_multi").group("server").since("1.0.0")
                .summary("Writes the whole dataset to the RDB file, blocking until it is on disk.")
                .complexity("O(N) where N is the total number of keys in all databases")
                .handler(PersistenceCommands::save);
        t.command("lastsave", 1).flags("loading stale fast").acl("admin dangerous").group("server").since("1.0.0")
                .tips("nondeterministic_output")
                .summary("Returns the Unix time of the last successful save to disk.").complexity("O(1)")
                .handler((c, argv) -> c.reply().integer(c.engine().stats().lastSaveSec));
    }

    static void save(Client c, byte[][] argv) {
        c.engine().stats().rdbSaves++;
        if (RdbSave.save(c.engine())) c.reply().ok();
        else c.reply().error("ERR");
    }
}
