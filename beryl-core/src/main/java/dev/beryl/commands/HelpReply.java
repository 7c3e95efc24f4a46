package dev.beryl.commands;

import dev.beryl.engine.Client;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The reply of a container command's HELP subcommand, laid out as Redis's addReplyHelp. */
public final class HelpReply {
    private HelpReply() {}

    public static void send(Client c, byte[] commandName, String... lines) {
        String cmd = new String(commandName, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        c.reply().arrayHeader(lines.length + 3);
        c.reply().simple(cmd + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String l : lines) c.reply().simple(l);
        c.reply().simple("HELP");
        c.reply().simple("    Prints this help.");
    }
}
