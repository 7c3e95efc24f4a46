package dev.beryl.pubsub;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.commands.HelpReply;
import dev.beryl.engine.Client;
import dev.beryl.resp.ReplyBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The Pub/Sub commands (Redis's pubsub.c): (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, (S)PUBLISH and PUBSUB. */
public final class PubSubCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        t.command("subscribe", -2).flags("pubsub noscript loading stale").acl("pubsub").group("pubsub").since("2.0.0")
                .summary("Listen for messages published to the given channels")
                .complexity("O(N) where N is the number of channels to subscribe to.")
                .arguments("channel:string ...").handler(PubSubCommands::subscribe);
        t.command("unsubscribe", -1).flags("pubsub noscript loading stale").acl("pubsub").group("pubsub").since("2.0.0")
                .summary("Stop listening for messages posted to the given channels")
                .complexity("O(N) where N is the number of clients already subscribed to a channel.")
                .arguments("[channel:string ...]").handler(PubSubCommands::unsubscribe);
        t.command("psubscribe", -2).flags("pubsub noscript loading stale").acl("pubsub").group("pubsub").since("2.0.0")
                .summary("Listen for messages published to channels matching the given patterns")
                .complexity("O(N) where N is the number of patterns the client is already subscribed to.")
                .arguments("pattern:(pattern:pattern) ...").handler(PubSubCommands::psubscribe);
        t.command("punsubscribe", -1).flags("pubsub noscript loading stale").acl("pubsub").group("pubsub").since("2.0.0")
                .summary("Stop listening for messages posted to channels matching the given patterns")
                .complexity("O(N+M) where N is the number of patterns the client is already subscribed and M is the "
                        + "number of total patterns subscribed in the system (by any client).")
                .arguments("[pattern:pattern ...]").handler(PubSubCommands::punsubscribe);
        t.command("publish", 3).flags("pubsub loading stale fast may_replicate").acl("pubsub").group("pubsub").since("2.0.0")
                .summary("Post a message to a channel")
                .complexity("O(N+M) where N is the number of clients subscribed to the receiving channel and M is the "
                        + "total number of subscribed patterns (by any client).")
                .arguments("channel:string message:string").handler(PubSubCommands::publish);
        t.command("ssubscribe", -2).flags("pubsub noscript loading stale").acl("pubsub").group("pubsub").since("7.0.0")
                .keySpec("not_key", "index 1", "range -1 1 0")
                .summary("Listen for messages published to the given shard channels")
                .complexity("O(N) where N is the number of shard channels to subscribe to.")
                .arguments("shardchannel:string ...").handler(PubSubCommands::ssubscribe);
        t.command("sunsubscribe", -1).flags("pubsub noscript loading stale").acl("pubsub").group("pubsub").since("7.0.0")
                .keySpec("not_key", "index 1", "range -1 1 0")
                .summary("Stop listening for messages posted to the given shard channels")
                .complexity("O(N) where N is the number of clients already subscribed to a shard channel.")
                .arguments("[shardchannel:string ...]").handler(PubSubCommands::sunsubscribe);
        t.command("spublish", 3).flags("pubsub loading stale fast may_replicate").acl("pubsub").group("pubsub").since("7.0.0")
                .keySpec("not_key", "index 1", "range 0 1 0")
                .summary("Post a message to a shard channel")
                .complexity("O(N) where N is the number of clients subscribed to the receiving shard channel.")
                .arguments("shardchannel:string message:string").handler(PubSubCommands::spublish);

        CommandSpec pubsub = t.command("pubsub", -2).group("pubsub").since("2.8.0")
                .summary("A container for Pub/Sub commands").complexity("Depends on subcommand.");
        // in the order Redis's COMMAND lists them (its dict's)
        pubsub.subcommand("help", 2).flags("loading stale").since("6.2.0")
                .summary("Show helpful text about the different subcommands").complexity("O(1)")
                .handler((c, argv) -> HelpReply.send(c, argv[0],
                        "CHANNELS [<pattern>]",
                        "    Return the currently active channels matching a <pattern> (default: '*').",
                        "NUMPAT",
                        "    Return number of subscriptions to patterns.",
                        "NUMSUB [<channel> ...]",
                        "    Return the number of subscribers for the specified channels, excluding",
                        "    pattern subscriptions(default: no channels).",
                        "SHARDCHANNELS [<pattern>]",
                        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                        "SHARDNUMSUB [<shardchannel> ...]",
                        "    Return the number of subscribers for the specified shard level channel(s)"));
        pubsub.subcommand("shardchannels", -2).flags("pubsub loading stale").acl("pubsub").since("7.0.0")
                .summary("List active shard channels")
                .complexity("O(N) where N is the number of active shard channels, and assuming constant time pattern "
                        + "matching (relatively short shard channels).")
                .arguments("[pattern:pattern]").handler((c, argv) -> channels(c, argv, PubSub.Kind.SHARD));
        pubsub.subcommand("numpat", 2).flags("pubsub loading stale").acl("pubsub").since("2.8.0")
                .summary("Get the count of unique patterns pattern subscriptions").complexity("O(1)")
                .handler((c, argv) -> c.reply().integer(c.engine().pubsub().patternCount()));
        pubsub.subcommand("shardnumsub", -2).flags("pubsub loading stale").acl("pubsub").since("7.0.0")
                .summary("Get the count of subscribers for shard channels")
                .complexity("O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels")
                .arguments("[shardchannel:string ...]").handler((c, argv) -> numsub(c, argv, PubSub.Kind.SHARD));
        pubsub.subcommand("channels", -2).flags("pubsub loading stale").acl("pubsub").since("2.8.0")
                .summary("List active channels")
                .complexity("O(N) where N is the number of active channels, and assuming constant time pattern "
                        + "matching (relatively short channels and patterns)")
                .arguments("[pattern:pattern]").handler((c, argv) -> channels(c, argv, PubSub.Kind.CHANNEL));
        pubsub.subcommand("numsub", -2).flags("pubsub loading stale").acl("pubsub").since("2.8.0")
                .summary("Get the count of subscribers for channels")
                .complexity("O(N) for the NUMSUB subcommand, where N is the number of requested channels")
                .arguments("[channel:string ...]").handler((c, argv) -> numsub(c, argv, PubSub.Kind.CHANNEL));
    }

    /**
     * Redis's CLIENT_DENY_BLOCKING: a client that expects one reply per command cannot subscribe. In Beryl these
     * are the internal callers (REST, in-JVM), whose client ends with the call; SSUBSCRIBE is refused inside EXEC
     * too, where Redis exempts (P)SUBSCRIBE for backward compatibility.
     */
    private static boolean denied(Client c, String command, boolean inExecToo) {
        if (!c.isInternal() && !(inExecToo && c.engine().inExec())) return false;
        c.reply().error("ERR " + command + " isn't allowed for a DENY BLOCKING client");
        return true;
    }

    static void subscribe(Client c, byte[][] argv) {
        if (denied(c, "SUBSCRIBE", false)) return;
        PubSub hub = c.engine().pubsub();
        for (int j = 1; j < argv.length; j++) hub.subscribe(c, argv[j], PubSub.Kind.CHANNEL);
    }

    static void ssubscribe(Client c, byte[][] argv) {
        if (denied(c, "SSUBSCRIBE", true)) return;
        PubSub hub = c.engine().pubsub();
        for (int j = 1; j < argv.length; j++) hub.subscribe(c, argv[j], PubSub.Kind.SHARD);
    }

    static void psubscribe(Client c, byte[][] argv) {
        if (denied(c, "PSUBSCRIBE", false)) return;
        PubSub hub = c.engine().pubsub();
        for (int j = 1; j < argv.length; j++) hub.psubscribe(c, argv[j]);
    }

    static void unsubscribe(Client c, byte[][] argv) {
        unsubscribe(c, argv, PubSub.Kind.CHANNEL);
    }

    static void sunsubscribe(Client c, byte[][] argv) {
        unsubscribe(c, argv, PubSub.Kind.SHARD);
    }

    private static void unsubscribe(Client c, byte[][] argv, PubSub.Kind kind) {
        PubSub hub = c.engine().pubsub();
        if (argv.length == 1) hub.unsubscribeAll(c, kind, true);
        else for (int j = 1; j < argv.length; j++) hub.unsubscribe(c, argv[j], kind, true);
    }

    static void punsubscribe(Client c, byte[][] argv) {
        PubSub hub = c.engine().pubsub();
        if (argv.length == 1) hub.punsubscribeAll(c, true);
        else for (int j = 1; j < argv.length; j++) hub.punsubscribe(c, argv[j], true);
    }

    /**
     * PUBLISH. Beryl has no replicas, and Redis propagates PUBLISH to replicas only (forceCommandPropagation with
     * PROPAGATE_REPL; it changes no data), so nothing reaches the AOF.
     */
    static void publish(Client c, byte[][] argv) {
        c.reply().integer(c.engine().pubsub().publish(argv[1], argv[2], PubSub.Kind.CHANNEL));
    }

    static void spublish(Client c, byte[][] argv) {
        c.reply().integer(c.engine().pubsub().publish(argv[1], argv[2], PubSub.Kind.SHARD));
    }

    private static void channels(Client c, byte[][] argv, PubSub.Kind kind) {
        if (argv.length > 3) {
            syntaxError(c, argv);
            return;
        }
        List<byte[]> names = c.engine().pubsub().channels(kind, argv.length == 3 ? argv[2] : null);
        ReplyBuffer r = c.reply();
        r.arrayHeader(names.size());
        for (byte[] n : names) r.bulk(n);
    }

    private static void numsub(Client c, byte[][] argv, PubSub.Kind kind) {
        PubSub hub = c.engine().pubsub();
        ReplyBuffer r = c.reply();
        r.arrayHeader((argv.length - 2) * 2L);
        for (int j = 2; j < argv.length; j++) {
            r.bulk(argv[j]);
            r.integer(hub.subscriberCount(argv[j], kind));
        }
    }

    /** Redis's addReplySubcommandSyntaxError. */
    private static void syntaxError(Client c, byte[][] argv) {
        c.reply().error("ERR unknown subcommand or wrong number of arguments for '"
                + new String(argv[1], StandardCharsets.UTF_8) + "'. Try PUBSUB HELP.");
    }
}
