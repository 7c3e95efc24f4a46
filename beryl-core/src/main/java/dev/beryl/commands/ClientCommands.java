package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Engine;
import dev.beryl.engine.Errors;
import dev.beryl.engine.Transaction;
import dev.beryl.pubsub.Subscriptions;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.resp.RequestParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** CLIENT subcommands (Redis's networking.c clientCommand). */
public final class ClientCommands implements CommandGroup {
    /** The only user there is: Redis's "default" user with no password. */
    static final String USER = dev.beryl.acl.Users.DEFAULT;
    /** Redis's static reply buffer (PROTO_REPLY_CHUNK_BYTES): obl counts up to it, the blocks beyond it oll and omem. */
    private static final int OUTPUT_STATIC_BUFFER = 16 * 1024;

    private static final String[] HELP = {
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CACHING (YES|NO)",
            "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
            "GETREDIR",
            "    Return the client ID we are redirecting to when tracking is enabled.",
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "INFO",
            "    Return information about the current client connection.",
            "KILL <ip:port>",
            "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Kill connections by type.",
            "    * USER <username>",
            "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)",
            "      Skip killing current connection (default: yes).",
            "LIST [options ...]",
            "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Return clients of specified type.",
            "UNPAUSE",
            "    Stop the current client pause, resuming traffic.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Suspend all, or just write, clients for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Control the replies sent to the current connection.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
            "         [OPTIN] [OPTOUT] [NOLOOP]",
            "    Control server assisted client side caching.",
            "TRACKINGINFO",
            "    Report tracking status for the current connection.",
            "NO-EVICT (ON|OFF)",
            "    Protect current client connection from eviction.",
            "HELP",
            "    Prints this help.",
    };

    @Override
    public void register(CommandTable t) {
        CommandSpec client = t.command("client", -2).flags("sentinel").group("connection").since("2.4.0")
                .summary("A container for client connection commands.").complexity("Depends on subcommand.");
        client.subcommand("id", 2).flags("noscript loading stale sentinel").acl("connection").since("5.0.0")
                .summary("Returns the unique client ID of the connection.").complexity("O(1)")
                .handler((c, argv) -> c.reply().integer(c.id()));
        client.subcommand("info", 2).flags("noscript loading stale sentinel").acl("connection").since("6.2.0")
                .summary("Returns information about the connection.").complexity("O(1)")
                .handler((c, argv) -> c.reply().verbatim(info(new StringBuilder(), c, c).append('\n').toString()));
        client.subcommand("list", -2).flags("admin noscript loading stale sentinel").acl("connection").since("2.4.0")
                .summary("Lists open connections.").complexity("O(N) where N is the number of client connections")
                .arguments("[TYPE normal_master_replica_pubsub:NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id:integer ...]")
                .history(new String[] {"2.8.12", "Added unique client `id` field."},
                        new String[] {"5.0.0", "Added optional `TYPE` filter."},
                        new String[] {"6.0.0", "Added `user` field."},
                        new String[] {"6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."},
                        new String[] {"7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."},
                        new String[] {"7.0.3", "Added `ssub` field."})
                .handler(ClientCommands::list);
        client.subcommand("kill", -3).flags("admin noscript loading stale sentinel").acl("connection").since("2.4.0")
                .summary("Terminates open connections.").complexity("O(N) where N is the number of client connections")
                .arguments("ip:port:string|[ID client-id:integer] [TYPE normal_master_slave_pubsub:NORMAL|MASTER|SLAVE|REPLICA|PUBSUB]"
                        + " [USER username:string] [ADDR ip:port:string] [LADDR ip:port:string] [SKIPME yes/no:string]")
                .history(new String[] {"2.8.12", "Added new filter format."},
                        new String[] {"2.8.12", "`ID` option."},
                        new String[] {"3.2.0", "Added `master` type in for `TYPE` option."},
                        new String[] {"5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."},
                        new String[] {"6.2.0", "`LADDR` option."})
                .handler(ClientCommands::kill);
        client.subcommand("unblock", -3).flags("admin noscript loading stale sentinel").acl("connection").since("5.0.0")
                .summary("Ends the wait of a client blocked in a blocking command, as a timeout or an error.")
                .complexity("O(log N) where N is the number of client connections")
                .arguments("client-id:integer [timeout_error:TIMEOUT|ERROR]").handler(ClientCommands::unblock);
        client.subcommand("setname", 3).flags("noscript loading stale sentinel").acl("connection").since("2.6.9")
                .summary("Sets the connection name.").complexity("O(1)").arguments("connection-name:string")
                .handler((c, argv) -> {
                    if (setName(c, argv[2])) c.reply().ok();
                });
        client.subcommand("getname", 2).flags("noscript loading stale sentinel").acl("connection").since("2.6.9")
                .summary("Returns the name of the connection.").complexity("O(1)")
                .handler((c, argv) -> c.reply().bulk(c.name()));
        client.subcommand("reply", 3).flags("noscript loading stale sentinel").acl("connection").since("3.2.0")
                .summary("Instructs the server whether to reply to commands.").complexity("O(1)")
                .arguments("on_off_skip:ON|OFF|SKIP").handler(ClientCommands::reply);
        client.subcommand("no-evict", 3).flags("admin noscript loading stale sentinel").acl("connection").since("7.0.0")
                .summary("Sets the client eviction mode of the connection.").complexity("O(1)")
                .arguments("enabled:ON|OFF").handler(ClientCommands::noEvict);
        client.subcommand("help", 2).flags("loading stale sentinel").acl("connection").since("5.0.0")
                .summary("Returns helpful text about the different subcommands.").complexity("O(1)")
                .handler((c, argv) -> {
                    c.reply().arrayHeader(HELP.length);
                    for (String line : HELP) c.reply().simple(line);
                });
    }

    /**
     * Sets or, with an empty name, clears the connection name; replies the error and returns false when the
     * name has characters that would break CLIENT LIST's space separated format (also used by HELLO SETNAME).
     */
    static boolean setName(Client c, byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                c.reply().error("ERR Client names cannot contain spaces, newlines or special characters.");
                return false;
            }
        }
        c.setName(name.length == 0 ? null : name);
        return true;
    }

    static void reply(Client c, byte[][] argv) {
        if (CommandTable.is(argv[2], "on")) {
            c.setReplyMode(false, false);
            c.reply().ok();
        } else if (CommandTable.is(argv[2], "off")) {
            c.setReplyMode(true, false);
        } else if (CommandTable.is(argv[2], "skip")) {
            if (!c.replyOff()) c.setReplyMode(false, true);
        } else {
            c.reply().error(Errors.SYNTAX);
        }
    }

    /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 if the client was blocked and now got its timeout or error reply. */
    static void unblock(Client c, byte[][] argv) {
        if (argv.length > 4) {
            c.reply().error("ERR unknown subcommand or wrong number of arguments for '"
                    + new String(argv[1], StandardCharsets.UTF_8) + "'. Try CLIENT HELP.");
            return;
        }
        boolean error = false;
        if (argv.length == 4) {
            if (CommandTable.is(argv[3], "error")) error = true;
            else if (!CommandTable.is(argv[3], "timeout")) {
                c.reply().error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
                return;
            }
        }
        if (!Numbers.isLong(argv[2])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        Client target = c.engine().client(Numbers.parseLongUnchecked(argv[2], 0, argv[2].length));
        c.reply().integer(target != null && c.engine().blocking().unblock(target, error) ? 1 : 0);
    }

    static void noEvict(Client c, byte[][] argv) {
        if (CommandTable.is(argv[2], "on")) c.setNoEvict(true);
        else if (CommandTable.is(argv[2], "off")) c.setNoEvict(false);
        else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        c.reply().ok();
    }

    static void list(Client c, byte[][] argv) {
        Engine engine = c.engine();
        StringBuilder sb = new StringBuilder();
        if (argv.length == 4 && CommandTable.is(argv[2], "type")) {
            ClientType type = ClientType.byName(argv[3]);
            if (type == null) {
                c.reply().error("ERR Unknown client type '" + new String(argv[3], StandardCharsets.UTF_8) + "'");
                return;
            }
            for (Client cl : engine.clients()) {
                if (ClientType.of(cl) == type) info(sb, cl, c).append('\n');
            }
        } else if (argv.length > 3 && CommandTable.is(argv[2], "id")) {
            for (int j = 3; j < argv.length; j++) {
                if (!Numbers.isLong(argv[j])) {
                    c.reply().error("ERR Invalid client ID");
                    return;
                }
                Client cl = engine.client(Numbers.parseLongOr(argv[j], 0));
                if (cl != null) info(sb, cl, c).append('\n');
            }
        } else if (argv.length != 2) {
            c.reply().error(Errors.SYNTAX);
            return;
        } else {
            for (Client cl : engine.clients()) info(sb, cl, c).append('\n');
        }
        c.reply().verbatim(sb.toString());
    }

    /** CLIENT KILL addr (old form: may kill the caller, replies OK) or CLIENT KILL filter value ... (count). */
    static void kill(Client c, byte[][] argv) {
        String addr = null, laddr = null;
        ClientType type = null;
        long id = 0;
        boolean skipMe = true;
        if (argv.length == 3) {
            addr = new String(argv[2], StandardCharsets.UTF_8);
            skipMe = false;
        } else {
            for (int i = 2; i < argv.length; i += 2) {
                boolean more = argv.length > i + 1;
                byte[] opt = argv[i];
                if (more && CommandTable.is(opt, "id")) {
                    id = Numbers.isLong(argv[i + 1]) ? Numbers.parseLongOr(argv[i + 1], 0) : 0;
                    if (id < 1) {
                        c.reply().error("ERR client-id should be greater than 0");
                        return;
                    }
                } else if (more && CommandTable.is(opt, "type")) {
                    type = ClientType.byName(argv[i + 1]);
                    if (type == null) {
                        c.reply().error("ERR Unknown client type '" + new String(argv[i + 1], StandardCharsets.UTF_8) + "'");
                        return;
                    }
                } else if (more && CommandTable.is(opt, "addr")) {
                    addr = new String(argv[i + 1], StandardCharsets.UTF_8);
                } else if (more && CommandTable.is(opt, "laddr")) {
                    laddr = new String(argv[i + 1], StandardCharsets.UTF_8);
                } else if (more && CommandTable.is(opt, "user")) {
                    String user = new String(argv[i + 1], StandardCharsets.UTF_8);
                    if (!user.equals(USER)) {
                        c.reply().error("ERR No such user '" + user + "'");
                        return;
                    }
                } else if (more && CommandTable.is(opt, "skipme")) {
                    if (CommandTable.is(argv[i + 1], "yes")) skipMe = true;
                    else if (CommandTable.is(argv[i + 1], "no")) skipMe = false;
                    else {
                        c.reply().error(Errors.SYNTAX);
                        return;
                    }
                } else {
                    c.reply().error(Errors.SYNTAX);
                    return;
                }
            }
        }
        Engine engine = c.engine();
        List<Client> victims = new ArrayList<>();
        for (Client cl : engine.clients()) {
            if (addr != null && !addr.equals(cl.addr())) continue;
            if (laddr != null && !laddr.equals(cl.laddr())) continue;
            if (type != null && ClientType.of(cl) != type) continue;
            if (id != 0 && cl.id() != id) continue;
            if (cl == c && skipMe) continue;
            victims.add(cl);
        }
        if (argv.length == 3) {
            if (victims.isEmpty()) c.reply().error("ERR No such client");
            else c.reply().ok();
        } else {
            c.reply().integer(victims.size());
        }
        for (Client v : victims) engine.kill(v, c);
    }

    /**
     * One CLIENT LIST line, in Redis 7.0's field order; {@code caller} is the client running the command, or null
     * (a log line).
     */
    public static StringBuilder info(StringBuilder sb, Client cl, Client caller) {
        long nowS = cl.engine().commandTimeMs() / 1000;
        Transaction tx = cl.transaction();
        RequestParser qb = cl.parser();
        // Redis keeps the bytes of the batch being processed in the query buffer: the caller sees its own command
        int qbuf = qb == null ? 0 : cl == caller ? qb.length() : qb.pending();
        int qbufFree = qb == null ? 0 : qb.capacity() - qb.length();
        long argvMem = cl.argvBytes();
        long multiMem = tx.queuedBytes();
        ReplyBuffer out = cl.reply();
        long totMem = (qb == null ? 0 : qb.capacity()) + argvMem + tx.memory() + cl.replyCapacity();
        byte[] name = cl.name();
        Subscriptions subs = cl.subscriptions();
        long omem = cl.outputBufferUsage();
        sb.append("id=").append(cl.id())
                .append(" addr=").append(cl.addr())
                .append(" laddr=").append(cl.laddr())
                .append(" fd=-1") // the JDK does not expose socket file descriptors
                .append(" name=").append(name == null ? "" : new String(name, StandardCharsets.US_ASCII))
                .append(" age=").append(nowS - cl.createdMs() / 1000)
                .append(" idle=").append(nowS - cl.lastInteractionMs() / 1000)
                .append(" flags=").append(flags(cl))
                .append(" db=").append(cl.dbIndex())
                .append(" sub=").append(subs == null ? 0 : subs.channelCount())
                .append(" psub=").append(subs == null ? 0 : subs.patternCount())
                .append(" ssub=").append(subs == null ? 0 : subs.shardChannelCount())
                .append(" multi=").append(tx.inMulti() ? tx.queued().size() : -1)
                .append(" qbuf=").append(qbuf)
                .append(" qbuf-free=").append(qbufFree)
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(multiMem)
                .append(" rbs=").append(cl.replyCapacity())
                .append(" rbp=").append(cl.replyPeak())
                .append(" obl=").append(Math.min(out.pending(), OUTPUT_STATIC_BUFFER))
                .append(" oll=").append(cl.outputBufferBlocks())
                .append(" omem=").append(omem)
                .append(" tot-mem=").append(totMem)
                .append(" events=").append(cl.events())
                .append(" cmd=").append(cl.lastCommand())
                .append(" user=").append(USER)
                .append(" redir=").append(cl.tracking() == null ? -1 : cl.tracking().redirect())
                .append(" resp=").append(cl.resp());
        return sb;
    }

    private static String flags(Client cl) {
        StringBuilder f = new StringBuilder();
        if (cl.engine().watch().isMonitor(cl)) f.append('O');
        else if (cl.isReplica()) f.append('S');
        Transaction tx = cl.transaction();
        if (cl.isSubscribed()) f.append('P');
        if (tx.inMulti()) f.append('x');
        if (cl.isBlocked()) f.append('b');
        if (tx.touched()) f.append('d');
        if (cl.isClosing()) f.append('c');
        if (cl.noEvict()) f.append('e');
        if (cl.tracking() != null) {
            f.append('t');
            if (cl.tracking().brokenRedirect()) f.append('R');
            if (cl.tracking().bcast()) f.append('B');
        }
        return f.length() == 0 ? "N" : f.toString();
    }

    /** Redis's client classes for the TYPE filters (getClientType): a replica, else a client in Pub/Sub mode, else normal. */
    enum ClientType {
        NORMAL, SLAVE, PUBSUB, MASTER;

        static ClientType of(Client c) {
            if (c.isReplica()) return SLAVE;
            return c.isSubscribed() ? PUBSUB : NORMAL;
        }

        static ClientType byName(byte[] name) {
            if (CommandTable.is(name, "normal")) return NORMAL;
            if (CommandTable.is(name, "slave") || CommandTable.is(name, "replica")) return SLAVE;
            if (CommandTable.is(name, "pubsub")) return PUBSUB;
            if (CommandTable.is(name, "master")) return MASTER;
            return null;
        }
    }
}
