package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.ClientPause;
import dev.beryl.resp.Numbers;

import java.nio.charset.StandardCharsets;

/** CLIENT PAUSE and CLIENT UNPAUSE (Redis's networking.c clientCommand); the pause itself is engine.ClientPause. */
final class PauseCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        CommandSpec client = t.lookup("client".getBytes(StandardCharsets.US_ASCII));
        client.subcommand("pause", -3).flags("admin noscript loading stale sentinel").acl("connection").since("2.9.50")
                .summary("Suspends commands processing.").complexity("O(1)")
                .arguments("timeout:integer [mode:WRITE|ALL]@6.2.0")
                .history(new String[] {"6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option."})
                .handler(PauseCommands::pause);
        client.subcommand("unpause", 2).flags("admin noscript loading stale sentinel").acl("connection").since("6.2.0")
                .summary("Resumes processing commands from paused clients.").complexity("O(N) Where N is the number of paused clients")
                .handler((c, argv) -> {
                    c.engine().pause().unpause();
                    c.reply().ok();
                });
    }

    /** CLIENT PAUSE timeout-ms [WRITE|ALL]: ALL by default; the mode is checked before the timeout, as Redis. */
    static void pause(Client c, byte[][] argv) {
        if (argv.length > 4) {
            c.reply().error("ERR unknown subcommand or wrong number of arguments for '"
                    + new String(argv[1], StandardCharsets.ISO_8859_1) + "'. Try CLIENT HELP.");
            return;
        }
        ClientPause.Type type = ClientPause.Type.ALL;
        if (argv.length == 4) {
            if (CommandTable.is(argv[3], "write")) {
                type = ClientPause.Type.WRITE;
            } else if (!CommandTable.is(argv[3], "all")) {
                c.reply().error("ERR CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        if (!Numbers.isLong(argv[2])) {
            c.reply().error("ERR timeout is not an integer or out of range");
            return;
        }
        long ms = Numbers.parseLongUnchecked(argv[2], 0, argv[2].length);
        if (ms < 0) {
            c.reply().error("ERR timeout is negative");
            return;
        }
        // as Redis's getTimeoutFromObjectOrReply: 0 stays 0 (over at once), the sum wraps as C's does
        c.engine().pause().pause(type, ms > 0 ? ms + System.currentTimeMillis() : 0);
        c.reply().ok();
    }
}
