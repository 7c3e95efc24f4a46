package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;

import java.nio.charset.StandardCharsets;

/** Connection commands (Redis's server.c and networking.c): PING, ECHO, QUIT, SELECT, RESET, HELLO. */
public final class ConnectionCommands implements CommandGroup {
    static final String VERSION = "7.0.15";
    private static final byte[] PONG = {'p', 'o', 'n', 'g'};

    @Override
    public void register(CommandTable t) {
        t.command("ping", -1).flags("fast sentinel").acl("connection").group("connection").since("1.0.0")
                .summary("Returns the server's liveness response.").complexity("O(1)")
                .arguments("[message:string]").handler(ConnectionCommands::ping);
        t.command("echo", 2).flags("loading stale fast").acl("connection").group("connection").since("1.0.0")
                .summary("Returns the given string.").complexity("O(1)")
                .arguments("message:string").handler((c, argv) -> c.reply().bulk(argv[1]));
        t.command("quit", -1).flags("allow_busy noscript loading stale fast no_auth").acl("connection")
                .group("connection").since("1.0.0").summary("Closes the connection.").complexity("O(1)")
                .handler(ConnectionCommands::quit);
        t.command("select", 2).flags("loading stale fast").acl("connection").group("connection").since("1.0.0")
                .summary("Changes the selected database.").complexity("O(1)")
                .arguments("index:integer").handler(ConnectionCommands::select);
        t.command("reset", 1).flags("noscript loading stale fast no_auth allow_busy").acl("connection")
                .group("connection").since("6.2.0").summary("Resets the connection to its initial state.")
                .complexity("O(1)").handler(ConnectionCommands::reset);
        t.command("hello", -1).flags("noscript loading stale fast no_auth sentinel allow_busy").acl("connection")
                .group("connection").since("6.0.0").summary("Handshakes with the server, optionally switching protocol.")
                .complexity("O(1)")
                .arguments("[protover:integer [AUTH username:string password:string] [SETNAME clientname:string]]")
                .history(new String[] {"6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context."})
                .handler(ConnectionCommands::hello);
    }

    static void ping(Client c, byte[][] argv) {
        if (argv.length > 2) {
            c.reply().error(Errors.arity("ping"));
        } else if (c.isSubscribed() && c.resp() == 2) {
            // a RESP2 subscriber's connection carries messages: PING answers in their shape
            c.reply().arrayHeader(2);
            c.reply().bulk(PONG);
            c.reply().bulk(argv.length == 1 ? new byte[0] : argv[1]);
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
        long idx = Numbers.parseLongOr(argv[1], 0);
        if (idx < Integer.MIN_VALUE || idx > Integer.MAX_VALUE) {
            c.reply().error("ERR value is out of range, value must between -2147483648 and 2147483647");
            return;
        }
        if (idx < 0 || idx >= c.engine().databaseCount()) {
            c.reply().error(Errors.DB_INDEX);
            return;
        }
        c.select((int) idx);
        c.reply().ok();
    }

    static void reset(Client c, byte[][] argv) {
        c.resetConnectionState();
        c.engine().watch().stopMonitor(c);
        c.reply().simple("RESET");
    }

    /** HELLO [protover [AUTH username password] [SETNAME clientname]]: options apply in order, as in Redis. */
    static void hello(Client c, byte[][] argv) {
        ReplyBuffer r = c.reply();
        int ver = 0;
        if (argv.length >= 2) {
            if (!Numbers.isLong(argv[1])) {
                r.error("ERR Protocol version is not an integer or out of range");
                return;
            }
            long v = Numbers.parseLongOr(argv[1], 0);
            if (v < 2 || v > 3) {
                r.error("NOPROTO unsupported protocol version");
                return;
            }
            ver = (int) v;
        }
        for (int j = 2; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (CommandTable.is(argv[j], "AUTH") && more >= 2) {
                c.engine().watch().redact(argv, j + 1);
                c.engine().watch().redact(argv, j + 2);
                if (!c.engine().users().authenticate(c, argv[j + 1], argv[j + 2])) {
                    r.error(AuthCommand.WRONGPASS);
                    return;
                }
                j += 2;
            } else if (CommandTable.is(argv[j], "SETNAME") && more >= 1) {
                if (!ClientCommands.setName(c, argv[j + 1])) return;
                j++;
            } else {
                r.error("ERR Syntax error in HELLO option '" + new String(argv[j], StandardCharsets.UTF_8) + "'");
                return;
            }
        }
        if (!c.authenticated()) { // after the options: a SETNAME before it has been applied, as in Redis
            r.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH "
                    + "<user> <pass> option can be used to authenticate the client and select the RESP protocol "
                    + "version at the same time");
            return;
        }
        if (ver != 0) c.setResp(ver);
        r.mapHeader(7);
        r.bulk("server");
        r.bulk("redis");
        r.bulk("version");
        r.bulk(VERSION);
        r.bulk("proto");
        r.integer(c.resp());
        r.bulk("id");
        r.integer(c.id());
        r.bulk("mode");
        r.bulk("standalone");
        r.bulk("role");
        r.bulk("master");
        r.bulk("modules");
        r.emptyArray();
    }
}
