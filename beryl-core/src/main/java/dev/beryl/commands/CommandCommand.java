package dev.beryl.commands;

import dev.beryl.command.AclCategory;
import dev.beryl.command.ArgumentSyntax;
import dev.beryl.command.CommandFlag;
import dev.beryl.command.CommandKeys;
import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.command.KeySpec;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;
import dev.beryl.engine.Glob;
import dev.beryl.resp.ReplyBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** COMMAND and its subcommands: the command table described to clients, as Redis's server.c replies it. */
final class CommandCommand {
    private CommandCommand() {}

    static void declare(CommandTable t) {
        CommandSpec cmd = t.command("command", -1).flags("loading stale sentinel").acl("connection").group("server")
                .since("2.8.13").summary("Describes every command the server knows.")
                .complexity("O(N) where N is the total number of Redis commands").tips("nondeterministic_output_order")
                .handler(CommandCommand::all);
        cmd.subcommand("count", 2).flags("loading stale sentinel").acl("connection").since("2.8.13")
                .summary("Returns how many commands the server knows.").complexity("O(1)")
                .handler((c, argv) -> c.reply().integer(c.engine().commands().size()));
        cmd.subcommand("list", -2).flags("loading stale sentinel").acl("connection").since("7.0.0")
                .summary("Lists the names of the commands, optionally filtered.")
                .complexity("O(N) where N is the total number of Redis commands").tips("nondeterministic_output_order")
                .arguments("[filterby:FILTERBY (MODULE module-name:string|ACLCAT category:string|PATTERN pattern:pattern)]")
                .handler(CommandCommand::list);
        cmd.subcommand("info", -2).flags("loading stale sentinel").acl("connection").since("2.8.13")
                .summary("Describes the given commands, or all commands when none is given.")
                .complexity("O(N) where N is the number of commands to look up").tips("nondeterministic_output_order")
                .history(new String[] {"7.0.0", "Allowed to be called with no argument to get info on all commands."})
                .arguments("[command-name:string ...]").handler(CommandCommand::info);
        cmd.subcommand("docs", -2).flags("loading stale sentinel").acl("connection").since("7.0.0")
                .summary("Returns the documentation of the given commands, or of all commands.")
                .complexity("O(N) where N is the number of commands to look up").tips("nondeterministic_output_order")
                .arguments("[command-name:string ...]").handler(CommandCommand::docs);
        cmd.subcommand("getkeys", -4).flags("loading stale sentinel").acl("connection").since("2.8.13")
                .summary("Extracts the key names from a full command line.")
                .complexity("O(N) where N is the number of arguments to the command")
                .handler((c, argv) -> getKeys(c, argv, false));
        cmd.subcommand("getkeysandflags", -4).flags("loading stale sentinel").acl("connection").since("7.0.0")
                .summary("Extracts the key names and their access flags from a full command line.")
                .complexity("O(N) where N is the number of arguments to the command")
                .handler((c, argv) -> getKeys(c, argv, true));
        cmd.subcommand("help", 2).flags("loading stale sentinel").acl("connection").since("5.0.0")
                .summary("Shows help about the COMMAND subcommands.").complexity("O(1)")
                .handler((c, argv) -> HelpReply.send(c, argv[0],
                        "(no subcommand)",
                        "    Return details about all Redis commands.",
                        "COUNT",
                        "    Return the total number of commands in this Redis server.",
                        "LIST",
                        "    Return a list of all commands in this Redis server.",
                        "INFO [<command-name> ...]",
                        "    Return details about multiple Redis commands.",
                        "    If no command names are given, documentation details for all",
                        "    commands are returned.",
                        "DOCS [<command-name> ...]",
                        "    Return documentation details about multiple Redis commands.",
                        "    If no command names are given, documentation details for all",
                        "    commands are returned.",
                        "GETKEYS <full-command>",
                        "    Return the keys from a full Redis command.",
                        "GETKEYSANDFLAGS <full-command>",
                        "    Return the keys and the access flags from a full Redis command."));
    }

    static void all(Client c, byte[][] argv) {
        CommandTable table = c.engine().commands();
        c.reply().arrayHeader(table.size());
        for (CommandSpec s : table.all()) commandInfo(c.reply(), s);
    }

    static void info(Client c, byte[][] argv) {
        if (argv.length == 2) {
            all(c, argv);
            return;
        }
        c.reply().arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) commandInfo(c.reply(), byFullName(c.engine().commands(), argv[i]));
    }

    static void docs(Client c, byte[][] argv) {
        CommandTable table = c.engine().commands();
        List<CommandSpec> found = new ArrayList<>();
        if (argv.length == 2) {
            found.addAll(table.all());
        } else {
            for (int i = 2; i < argv.length; i++) {
                CommandSpec s = byFullName(table, argv[i]);
                if (s != null) found.add(s);
            }
        }
        c.reply().mapHeader(found.size());
        for (CommandSpec s : found) {
            c.reply().bulk(s.fullName());
            commandDocs(c.reply(), s);
        }
    }

    static void list(Client c, byte[][] argv) {
        Predicate<CommandSpec> filter = s -> true;
        for (int i = 2; i < argv.length; i++) {
            if (CommandTable.is(argv[i], "filterby") && argv.length - 1 - i == 2) {
                String arg = new String(argv[i + 2], StandardCharsets.UTF_8);
                if (CommandTable.is(argv[i + 1], "module")) {
                    filter = s -> false; // no modules are loaded
                } else if (CommandTable.is(argv[i + 1], "aclcat")) {
                    AclCategory cat = category(arg);
                    filter = s -> cat != null && s.aclCategories().contains(cat);
                } else if (CommandTable.is(argv[i + 1], "pattern")) {
                    byte[] pattern = argv[i + 2];
                    filter = s -> Glob.match(pattern, s.fullName().getBytes(StandardCharsets.UTF_8), true);
                } else {
                    c.reply().error(Errors.SYNTAX);
                    return;
                }
                i += 2;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec s : c.engine().commands().all()) {
            if (filter.test(s)) names.add(s.fullName());
            for (CommandSpec sub : s.subcommands().values()) if (filter.test(sub)) names.add(sub.fullName());
        }
        c.reply().arrayHeader(names.size());
        for (String n : names) c.reply().bulk(n);
    }

    private static AclCategory category(String name) {
        for (AclCategory a : AclCategory.values()) if (a.name().equalsIgnoreCase(name)) return a;
        return null;
    }

    static void getKeys(Client c, byte[][] argv, boolean withFlags) {
        byte[][] line = java.util.Arrays.copyOfRange(argv, 2, argv.length);
        CommandSpec cmd = c.engine().commands().lookup(line[0]);
        if (cmd != null && cmd.isContainer() && line.length >= 2) cmd = cmd.subcommand(line[1]);
        if (cmd == null) {
            c.reply().error("ERR Invalid command specified");
            return;
        }
        if (!CommandKeys.hasKeys(cmd)) {
            c.reply().error("ERR The command has no key arguments");
            return;
        }
        if (!cmd.arityOk(line.length)) {
            c.reply().error("ERR Invalid number of arguments specified for command");
            return;
        }
        List<CommandKeys.Key> keys = CommandKeys.find(cmd, line);
        if (keys == null || keys.isEmpty()) {
            if (cmd.has(CommandFlag.NO_MANDATORY_KEYS)) c.reply().emptyArray();
            else c.reply().error("ERR Invalid arguments specified for command");
            return;
        }
        c.reply().arrayHeader(keys.size());
        for (CommandKeys.Key k : keys) {
            if (withFlags) {
                c.reply().arrayHeader(2);
                c.reply().bulk(line[k.pos()]);
                keyFlags(c.reply(), k.flags());
            } else {
                c.reply().bulk(line[k.pos()]);
            }
        }
    }

    /** A command or "container|subcommand" by name, as Redis's lookupCommandBySds. */
    static CommandSpec byFullName(CommandTable table, byte[] name) {
        String[] parts = new String(name, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length > 2) return null;
        CommandSpec s = table.lookup(parts[0].getBytes(StandardCharsets.UTF_8));
        if (s == null || parts.length == 1) return s;
        return s.subcommand(parts[1].getBytes(StandardCharsets.UTF_8));
    }

    // ---- COMMAND INFO layout

    static void commandInfo(ReplyBuffer r, CommandSpec s) {
        if (s == null) {
            r.nullBulk();
            return;
        }
        r.arrayHeader(10);
        r.bulk(s.fullName());
        r.integer(s.arity());
        int n = 0;
        for (CommandFlag f : s.flags()) if (f.shown()) n++;
        r.setHeader(n);
        for (CommandFlag f : s.flags()) if (f.shown()) r.simple(f.replyName());
        r.integer(s.firstKey());
        r.integer(s.lastKey());
        r.integer(s.keyStep());
        r.setHeader(s.aclCategories().size());
        for (AclCategory a : s.aclCategories()) r.simple(a.replyName());
        r.setHeader(s.tips().size());
        for (String t : s.tips()) r.bulk(t);
        keySpecs(r, s.keySpecs());
        if (s.isContainer()) {
            r.arrayHeader(s.subcommands().size());
            for (CommandSpec sub : s.subcommands().values()) commandInfo(r, sub);
        } else {
            r.setHeader(0);
        }
    }

    private static void keySpecs(ReplyBuffer r, List<KeySpec> specs) {
        r.setHeader(specs.size());
        for (KeySpec k : specs) {
            r.mapHeader(k.notes != null ? 4 : 3);
            if (k.notes != null) {
                r.bulk("notes");
                r.bulk(k.notes);
            }
            r.bulk("flags");
            keyFlags(r, k.flags);
            r.bulk("begin_search");
            r.mapHeader(2);
            r.bulk("type");
            switch (k.begin) {
                case INDEX -> {
                    r.bulk("index");
                    r.bulk("spec");
                    r.mapHeader(1);
                    r.bulk("index");
                    r.integer(k.beginPos);
                }
                case KEYWORD -> {
                    r.bulk("keyword");
                    r.bulk("spec");
                    r.mapHeader(2);
                    r.bulk("keyword");
                    r.bulk(k.keyword);
                    r.bulk("startfrom");
                    r.integer(k.beginPos);
                }
                case UNKNOWN -> {
                    r.bulk("unknown");
                    r.bulk("spec");
                    r.mapHeader(0);
                }
            }
            r.bulk("find_keys");
            r.mapHeader(2);
            r.bulk("type");
            switch (k.find) {
                case RANGE -> {
                    r.bulk("range");
                    r.bulk("spec");
                    r.mapHeader(3);
                    r.bulk("lastkey");
                    r.integer(k.f1);
                    r.bulk("keystep");
                    r.integer(k.f2);
                    r.bulk("limit");
                    r.integer(k.f3);
                }
                case KEYNUM -> {
                    r.bulk("keynum");
                    r.bulk("spec");
                    r.mapHeader(3);
                    r.bulk("keynumidx");
                    r.integer(k.f1);
                    r.bulk("firstkey");
                    r.integer(k.f2);
                    r.bulk("keystep");
                    r.integer(k.f3);
                }
                case UNKNOWN -> {
                    r.bulk("unknown");
                    r.bulk("spec");
                    r.mapHeader(0);
                }
            }
        }
    }

    private static void keyFlags(ReplyBuffer r, java.util.Set<KeySpec.Flag> flags) {
        r.setHeader(flags.size());
        for (KeySpec.Flag f : flags) r.simple(f.replyName());
    }

    // ---- COMMAND DOCS layout

    static void commandDocs(ReplyBuffer r, CommandSpec s) {
        List<ArgumentSyntax.Arg> args = s.argumentTree();
        boolean hasDocFlags = !s.docFlags().isBlank();
        int n = 1;
        if (!s.summary().isEmpty()) n++;
        if (s.since() != null) n++;
        if (!s.complexity().isEmpty()) n++;
        if (hasDocFlags) n++;
        if (s.deprecatedSince() != null) n++;
        if (s.replacedBy() != null) n++;
        if (s.history().length > 0) n++;
        if (!args.isEmpty()) n++;
        if (s.isContainer()) n++;
        r.mapHeader(n);
        if (!s.summary().isEmpty()) {
            r.bulk("summary");
            r.bulk(s.summary());
        }
        if (s.since() != null) {
            r.bulk("since");
            r.bulk(s.since());
        }
        r.bulk("group");
        r.bulk(s.group());
        if (!s.complexity().isEmpty()) {
            r.bulk("complexity");
            r.bulk(s.complexity());
        }
        if (hasDocFlags) {
            // Redis's order: deprecated, syscmd
            List<String> flags = new ArrayList<>();
            for (String f : new String[] {"deprecated", "syscmd"}) {
                for (String d : s.docFlags().trim().toLowerCase(Locale.ROOT).split("\\s+")) if (d.equals(f)) flags.add(f);
            }
            r.bulk("doc_flags");
            r.setHeader(flags.size());
            for (String f : flags) r.simple(f);
        }
        if (s.deprecatedSince() != null) {
            r.bulk("deprecated_since");
            r.bulk(s.deprecatedSince());
        }
        if (s.replacedBy() != null) {
            r.bulk("replaced_by");
            r.bulk(s.replacedBy());
        }
        if (s.history().length > 0) {
            r.bulk("history");
            r.setHeader(s.history().length);
            for (String[] h : s.history()) {
                r.arrayHeader(2);
                r.bulk(h[0]);
                r.bulk(h[1]);
            }
        }
        if (!args.isEmpty()) {
            r.bulk("arguments");
            argList(r, args);
        }
        if (s.isContainer()) {
            r.bulk("subcommands");
            r.mapHeader(s.subcommands().size());
            for (CommandSpec sub : s.subcommands().values()) {
                r.bulk(sub.fullName());
                commandDocs(r, sub);
            }
        }
    }

    private static void argList(ReplyBuffer r, List<ArgumentSyntax.Arg> args) {
        r.arrayHeader(args.size());
        for (ArgumentSyntax.Arg a : args) {
            int flagCount = (a.optional ? 1 : 0) + (a.multiple ? 1 : 0) + (a.multipleToken ? 1 : 0);
            boolean nested = a.type.equals("oneof") || a.type.equals("block");
            int n = 2;
            if (a.keySpecIndex >= 0) n++;
            if (a.token != null) n++;
            if (a.since != null) n++;
            if (flagCount > 0) n++;
            if (nested) n++;
            r.mapHeader(n);
            r.bulk("name");
            r.bulk(a.name);
            r.bulk("type");
            r.bulk(a.type);
            if (a.keySpecIndex >= 0) {
                r.bulk("key_spec_index");
                r.integer(a.keySpecIndex);
            }
            if (a.token != null) {
                r.bulk("token");
                r.bulk(a.token);
            }
            if (a.since != null) {
                r.bulk("since");
                r.bulk(a.since);
            }
            if (flagCount > 0) {
                r.bulk("flags");
                r.setHeader(flagCount);
                if (a.optional) r.simple("optional");
                if (a.multiple) r.simple("multiple");
                if (a.multipleToken) r.simple("multiple_token");
            }
            if (nested) {
                r.bulk("arguments");
                argList(r, a.args);
            }
        }
    }
}
