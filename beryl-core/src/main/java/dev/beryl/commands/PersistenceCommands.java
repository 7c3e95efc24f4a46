package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;
import dev.beryl.persistence.AofRewrite;
import dev.beryl.persistence.BackgroundSave;
import dev.beryl.persistence.FinalSave;
import dev.beryl.persistence.RdbSave;

import java.util.logging.Logger;

/** SAVE, BGSAVE, BGREWRITEAOF, LASTSAVE and SHUTDOWN (Redis's rdb.c, aof.c and server.c). */
public final class PersistenceCommands implements CommandGroup {
    private static final Logger LOG = Logger.getLogger(PersistenceCommands.class.getName());

    @Override
    public void register(CommandTable t) {
        t.command("save", 1).flags("admin noscript no_async_loading no_multi").group("server").since("1.0.0")
                .summary("Writes the whole dataset to the RDB file, blocking until it is on disk.")
                .complexity("O(N) where N is the total number of keys in all databases")
                .handler(PersistenceCommands::save);
        t.command("bgsave", -1).flags("admin noscript no_async_loading").group("server").since("1.0.0")
                .summary("Writes a point-in-time snapshot of the dataset to the RDB file while commands keep running.")
                .complexity("O(1)")
                .history(new String[] {"3.2.2", "Added the `SCHEDULE` option."})
                .arguments("[SCHEDULE@3.2.2]").handler(PersistenceCommands::bgsave);
        t.command("bgrewriteaof", 1).flags("admin noscript no_async_loading").group("server").since("1.0.0")
                .summary("Rewrites the append-only file from a point-in-time snapshot while commands keep running.")
                .complexity("O(1)")
                .handler(PersistenceCommands::bgrewriteaof);
        t.command("shutdown", -1).flags("admin noscript loading stale no_multi sentinel allow_busy").group("server")
                .since("1.0.0").summary("Saves the dataset if asked or configured to, then stops the server.")
                .complexity("O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)")
                .history(new String[] {"7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."})
                .arguments("[nosave_save:NOSAVE|SAVE] [NOW@7.0.0] [FORCE@7.0.0] [ABORT@7.0.0]")
                .handler(PersistenceCommands::shutdown);
        t.command("lastsave", 1).flags("loading stale fast").acl("admin dangerous").group("server").since("1.0.0")
                .tips("nondeterministic_output")
                .summary("Returns the Unix time of the last successful save to disk.").complexity("O(1)")
                .handler((c, argv) -> c.reply().integer(c.engine().stats().lastSaveSec));
    }

    static void save(Client c, byte[][] argv) {
        if (c.engine().backgroundSave().inProgress()) {
            c.reply().error("ERR Background save already in progress");
            return;
        }
        c.engine().stats().rdbSaves++;
        if (RdbSave.save(c.engine())) c.reply().ok();
        else c.reply().error("ERR");
    }

    /**
     * Redis's shutdownCommand and finishShutdown: NOW changes nothing here (no replicas to wait for); a failed
     * save keeps the server running unless FORCE; on success the client gets no reply, as the server goes away.
     */
    static void shutdown(Client c, byte[][] argv) {
        boolean nosave = false, save = false, force = false, abort = false, flags = false;
        for (int i = 1; i < argv.length; i++) {
            byte[] a = argv[i];
            if (CommandTable.is(a, "nosave")) nosave = flags = true;
            else if (CommandTable.is(a, "save")) save = flags = true;
            else if (CommandTable.is(a, "now")) flags = true;
            else if (CommandTable.is(a, "force")) force = flags = true;
            else if (CommandTable.is(a, "abort")) abort = true;
            else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        if ((abort && flags) || (nosave && save)) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        if (abort) {
            if (c.engine().cancelRequestedShutdown()) {
                LOG.info("Shutdown manually aborted.");
                c.reply().ok();
            } else {
                c.reply().error("ERR No shutdown in progress.");
            }
            return;
        }
        LOG.warning("User requested shutdown...");
        if (!FinalSave.run(c.engine(), save, nosave, force)) {
            c.reply().error("ERR Errors trying to SHUTDOWN. Check logs.");
            return;
        }
        c.closeAfterReply();
        c.engine().shutdown();
    }

    /** Redis's bgrewriteaofCommand: while a BGSAVE runs or inside EXEC the rewrite waits for the cron. */
    static void bgrewriteaof(Client c, byte[][] argv) {
        AofRewrite rw = c.engine().aof().rewrite();
        if (rw.inProgress()) {
            c.reply().error("ERR Background append only file rewriting already in progress");
        } else if (c.engine().backgroundSave().inProgress() || c.engine().inExec()) {
            rw.schedule();
            c.reply().simple("Background append only file rewriting scheduled");
        } else if (rw.start()) {
            c.reply().simple("Background append only file rewriting started");
        } else {
            c.reply().error("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
        }
    }

    /** Redis's bgsaveCommand; inside EXEC, or SCHEDULE while an AOF rewrite runs, the save waits for the cron. */
    static void bgsave(Client c, byte[][] argv) {
        boolean schedule = false;
        if (argv.length > 1) {
            if (argv.length == 2 && CommandTable.is(argv[1], "schedule")) {
                schedule = true;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        BackgroundSave bg = c.engine().backgroundSave();
        if (bg.inProgress()) {
            c.reply().error("ERR Background save already in progress");
        } else if (c.engine().aof().rewrite().inProgress() || c.engine().inExec()) {
            if (schedule || c.engine().inExec()) {
                bg.schedule();
                c.reply().simple("Background saving scheduled");
            } else {
                c.reply().error("ERR Another child process is active (AOF?): can't BGSAVE right now. "
                        + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
            }
        } else if (bg.start()) {
            c.reply().simple("Background saving started");
        } else {
            c.reply().error("ERR");
        }
    }
}
