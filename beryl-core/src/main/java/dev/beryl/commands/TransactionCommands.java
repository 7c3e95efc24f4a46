package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Transaction;

import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis's multi.c). Queueing itself happens in the engine, which sends
 * every other command of a client in MULTI to its {@link Transaction} with +QUEUED.
 */
public final class TransactionCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        t.command("multi", 1).flags("noscript loading stale fast allow_busy").acl("transaction")
                .group("transactions").since("1.2.0").summary("Starts a transaction.").complexity("O(1)")
                .handler(TransactionCommands::multi);
        t.command("exec", 1).flags("noscript loading stale skip_slowlog").acl("transaction")
                .group("transactions").since("1.2.0").summary("Executes all commands in a transaction.")
                .complexity("Depends on commands in the transaction").handler(TransactionCommands::exec);
        t.command("discard", 1).flags("noscript loading stale fast allow_busy").acl("transaction")
                .group("transactions").since("2.0.0").summary("Discards a transaction.")
                .complexity("O(N), when N is the number of queued commands").handler(TransactionCommands::discard);
        t.command("watch", -2).flags("noscript loading stale fast allow_busy").keys(1, -1, 1).acl("transaction")
                .group("transactions").since("2.2.0")
                .summary("Monitors changes to keys to determine the execution of a transaction.")
                .complexity("O(1) for every key.").arguments("key:key ...").handler(TransactionCommands::watch);
        t.command("unwatch", 1).flags("noscript loading stale fast allow_busy").acl("transaction")
                .group("transactions").since("2.2.0").summary("Forgets about watched keys of a transaction.")
                .complexity("O(1)").handler(TransactionCommands::unwatch);
    }

    static void multi(Client c, byte[][] argv) {
        Transaction tx = c.transaction();
        if (tx.inMulti()) {
            c.reply().error("ERR MULTI calls can not be nested");
            return;
        }
        tx.begin();
        c.reply().ok();
    }

    static void discard(Client c, byte[][] argv) {
        Transaction tx = c.transaction();
        if (!tx.inMulti()) {
            c.reply().error("ERR DISCARD without MULTI");
            return;
        }
        tx.discard();
        c.reply().ok();
    }

    /**
     * Runs the queue as one reply array, or fails: EXECABORT if a command was refused while queueing, a null
     * array if a watched key was touched or has expired since WATCH.
     */
    static void exec(Client c, byte[][] argv) {
        Transaction tx = c.transaction();
        if (!tx.inMulti()) {
            c.reply().error("ERR EXEC without MULTI");
            return;
        }
        if (tx.watchedKeyExpired()) tx.markTouched();
        if (tx.refusedWhileQueueing() || tx.touched()) {
            if (tx.refusedWhileQueueing()) c.reply().error("EXECABORT Transaction discarded because of previous errors.");
            else c.reply().nullArray();
            tx.discard();
            return;
        }
        tx.unwatchAll(); // nothing the queue does can fail it any more
        c.preventPropagation(); // its commands propagate themselves, wrapped in MULTI/EXEC when several
        List<Transaction.Queued> queued = tx.queued();
        c.reply().arrayHeader(queued.size());
        c.engine().inExec(true);
        try {
            for (Transaction.Queued q : queued) c.engine().invoke(c, q.spec(), q.argv());
        } finally {
            c.engine().inExec(false);
        }
        tx.discard();
    }

    static void watch(Client c, byte[][] argv) {
        Transaction tx = c.transaction();
        if (tx.inMulti()) {
            c.reply().error("ERR WATCH inside MULTI is not allowed");
            return;
        }
        if (!tx.touched()) { // once touched, more keys change nothing
            for (int j = 1; j < argv.length; j++) tx.watch(c.db(), argv[j]);
        }
        c.reply().ok();
    }

    static void unwatch(Client c, byte[][] argv) {
        c.transaction().unwatch();
        c.reply().ok();
    }
}
