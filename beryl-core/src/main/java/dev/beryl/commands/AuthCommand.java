package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * AUTH, for the users Beryl has: only Redis's default user, without a password (no requirepass, no ACL users
 * yet). Its replies are Redis's for that state: a lone password is an error, the default user with any password
 * authenticates, any other user is refused.
 */
public final class AuthCommand implements CommandGroup {
    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);
    @Override
    public void register(CommandTable t) {
        t.command("auth", -2).flags("noscript loading stale fast no_auth sentinel allow_busy").acl("connection")
                .group("connection").since("1.0.0")
                .history(new String[] {"6.0.0", "Added ACL style (username and password)."})
                .summary("Authenticates the connection.")
                .complexity("O(N) where N is the number of passwords defined for the user")
                .arguments("[username:string@6.0.0] password:string").handler(AuthCommand::auth);
    }

    static void auth(Client c, byte[][] argv) {
        if (argv.length > 3) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        c.engine().watch().redact(argv, 1);
        if (argv.length == 3) c.engine().watch().redact(argv, 2);
        if (argv.length == 2) {
            c.reply().error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        } else if (Arrays.equals(argv[1], DEFAULT_USER)) { // user names are case-sensitive
            c.reply().ok(); // the default user has nopass: any password authenticates it
        } else {
            c.reply().error("WRONGPASS invalid username-password pair or user is disabled.");
        }
    }
}
