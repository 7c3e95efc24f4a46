package dev.beryl.commands;

import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.config.Config;
import dev.beryl.config.ConfigParam;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;
import dev.beryl.engine.Glob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** CONFIG GET | SET | RESETSTAT | REWRITE | HELP, as Redis's config.c. */
final class ConfigCommand {
    private static final Logger LOG = Logger.getLogger(ConfigCommand.class.getName());

    private ConfigCommand() {}

    static void declare(CommandTable t) {
        CommandSpec config = t.command("config", -2).group("server").since("2.0.0")
                .summary("A container for the server configuration commands.").complexity("Depends on subcommand.");
        config.subcommand("get", -3).flags("admin noscript loading stale").since("2.0.0")
                .summary("Returns the values of the settings matching the given patterns.")
                .complexity("O(N) when N is the number of configuration parameters provided")
                .history(new String[] {"7.0.0", "Added the ability to pass multiple pattern parameters in one call"})
                .arguments("parameter:(parameter:string) ...").handler(ConfigCommand::get);
        config.subcommand("set", -4).flags("admin noscript loading stale").since("2.0.0")
                .summary("Changes settings at run time, all of them or none.")
                .complexity("O(N) when N is the number of configuration parameters provided")
                .tips("request_policy:all_nodes response_policy:all_succeeded")
                .history(new String[] {"7.0.0", "Added the ability to set multiple parameters in one call."})
                .arguments("parameter_value:(parameter:string value:string) ...").handler(ConfigCommand::set);
        config.subcommand("resetstat", 2).flags("admin noscript loading stale").since("2.0.0")
                .summary("Resets the statistics INFO reports.").complexity("O(1)").handler(ConfigCommand::resetStat);
        config.subcommand("rewrite", 2).flags("admin noscript loading stale").since("2.8.0")
                .summary("Writes the settings in effect back to the config file.").complexity("O(1)")
                .handler(ConfigCommand::rewrite);
        config.subcommand("help", 2).flags("loading stale").since("5.0.0")
                .summary("Shows help about the CONFIG subcommands.").complexity("O(1)")
                .handler((c, argv) -> HelpReply.send(c, argv[0],
                        "GET <pattern>",
                        "    Return parameters matching the glob-like <pattern> and their values.",
                        "SET <directive> <value>",
                        "    Set the configuration <directive> to <value>.",
                        "RESETSTAT",
                        "    Reset statistics reported by the INFO command.",
                        "REWRITE",
                        "    Rewrite the configuration file."));
    }

    static void get(Client c, byte[][] argv) {
        Config config = c.engine().config();
        Map<String, ConfigParam> matches = new LinkedHashMap<>();
        for (int i = 2; i < argv.length; i++) {
            String name = new String(argv[i], StandardCharsets.UTF_8);
            if (name.indexOf('*') < 0 && name.indexOf('?') < 0 && name.indexOf('[') < 0) {
                ConfigParam p = config.param(name);
                if (p != null) matches.putIfAbsent(name, p);
                continue;
            }
            for (Map.Entry<String, ConfigParam> e : config.byName().entrySet()) {
                if (!e.getValue().isHidden() && !matches.containsKey(e.getKey()) && Glob.match(argv[i], e.getKey().getBytes(StandardCharsets.UTF_8), true)) {
                    matches.put(e.getKey(), e.getValue());
                }
            }
        }
        c.reply().mapHeader(matches.size());
        for (Map.Entry<String, ConfigParam> e : matches.entrySet()) {
            c.reply().bulk(e.getKey());
            c.reply().bulk(e.getValue().value());
        }
    }

    static void set(Client c, byte[][] argv) {
        if ((argv.length & 1) != 0) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        Config config = c.engine().config();
        List<ConfigParam> targets = new ArrayList<>();
        List<String> values = new ArrayList<>();
        String unknown = null, failedArg = null, failure = null;
        for (int i = 2; i < argv.length; i += 2) {
            String name = new String(argv[i], StandardCharsets.UTF_8);
            ConfigParam p = config.param(name);
            if (p == null) {
                if (failure == null && unknown == null) unknown = name;
                continue;
            }
            if (unknown != null || failure != null) continue;
            if (p.access() == ConfigParam.Access.IMMUTABLE
                    || (p.access() == ConfigParam.Access.PROTECTED && !allowed(config.get("enable-protected-configs"), c))) {
                failure = p.access() == ConfigParam.Access.IMMUTABLE ? "can't set immutable config" : "can't set protected config";
                failedArg = name;
                continue;
            }
            if (targets.contains(p)) {
                failure = "duplicate parameter";
                failedArg = name;
                continue;
            }
            targets.add(p);
            values.add(new String(argv[i + 1], StandardCharsets.UTF_8));
        }
        if (unknown != null) {
            c.reply().error("ERR Unknown option or number of arguments for CONFIG SET - '" + unknown + "'");
            return;
        }
        if (failure == null) {
            String[] err = config.setAll(targets, values);
            if (err == null) {
                c.reply().ok();
                return;
            }
            failedArg = err[0];
            failure = err[1];
        }
        c.reply().error("ERR CONFIG SET failed (possibly related to argument '" + failedArg + "') - " + failure);
    }

    /** "yes", or "local" for a client on the loopback interface (Redis's allowProtectedAction). */
    static boolean allowed(String setting, Client c) {
        if (setting.equals("yes")) return true;
        if (!setting.equals("local")) return false;
        String a = c.addr();
        return c.isInternal() || a.startsWith("127.") || a.startsWith("[::1]");
    }

    static void resetStat(Client c, byte[][] argv) {
        c.engine().stats().reset();
        for (CommandSpec s : c.engine().commands().all()) {
            s.resetStats();
            s.subcommands().values().forEach(CommandSpec::resetStats);
        }
        c.reply().ok();
    }

    static void rewrite(Client c, byte[][] argv) {
        Config config = c.engine().config();
        if (config.file() == null) {
            c.reply().error("ERR The server is running without a config file");
            return;
        }
        try {
            config.rewrite();
            LOG.warning("CONFIG REWRITE executed with success.");
            c.reply().ok();
        } catch (IOException e) {
            LOG.warning("CONFIG REWRITE failed: " + e);
            c.reply().error("ERR Rewriting config file: " + e.getMessage());
        }
    }
}
