package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;
import dev.beryl.resp.Numbers;

/** Connection commands: PING, ECHO, QUIT, SELECT ... */
public final class ConnectionCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        t.command("ping", -1).flags("fast sentinel").acl("connection").group("connection").since("1.0.0")
                .summary("Returns the server's liveness response.").complexity("O(1)")
                .arguments("[message:string]").handler(ConnectionCommands::ping);
        t.command("echo", 2).flags("fast").acl("connection").group("connection").since("1.0.0")
                .summary("Returns the given string.").complexity("O(1)")
                .arguments("message:string").handler((c, argv) -> c.reply().bulk(argv[1]));
        t.command("quit", -1).flags("allow_busy noscript loading stale fast no_auth").acl("connection")
                .group("connection").since("1.0.0").summary("Closes the connection.").complexity("O(1)")
                .handler(ConnectionCommands::quit);
        t.command("select", 2).flags("loading stale fast").acl("connection").group("connection").since("1.0.0")
                .summary("Changes the selected database.").complexity("O(1)")
                .arguments("index:integer").handler(ConnectionCommands::select);
    }

    static void ping(Client c, byte[][] argv) {
        if (argv.length > 2) {
            c.reply().error(Errors.arity("ping"));
        } else if (argv.length == 1) {
            c.reply().pong();
        } else {
            c.reply().bulk(argv[1]);
        }
    }

    static void quit(Client c, byte[][] argv) {
        c.reply().ok();
        c.closeAfterReply();
    }

    static void select(Client c, byte[][] argv) {
        if (!Numbers.isLong(argv[1])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long idx = Numbers.parseLongOr(argv[1], -1);
        if (idx < 0 || idx >= c.engine().databaseCount()) {
            c.reply().error(Errors.DB_INDEX);
            return;
        }
        c.select((int) idx);
        c.reply().ok();
    }
}
