package dev.beryl.commands;

import dev.beryl.acl.Users;
import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;

import java.nio.charset.StandardCharsets;

/**
 * AUTH (Redis's acl.c authCommand): one argument is the default user's password, two are a user and a password.
 * Beryl's only user is Redis's default user, whose password is requirepass ({@link Users}).
 */
public final class AuthCommand implements CommandGroup {
    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    private static final byte[] DEFAULT_USER = Users.DEFAULT.getBytes(StandardCharsets.US_ASCII);

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
        Users users = c.engine().users();
        if (argv.length > 3) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        c.engine().watch().redact(argv, 1);
        if (argv.length == 3) c.engine().watch().redact(argv, 2);
        if (argv.length == 2 && users.defaultNopass()) {
            c.reply().error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        } else if (users.authenticate(c, argv.length == 2 ? DEFAULT_USER : argv[1], argv[argv.length - 1])) {
            c.reply().ok();
        } else {
            c.reply().error(WRONGPASS);
        }
    }
}
