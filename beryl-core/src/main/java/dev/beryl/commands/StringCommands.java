package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;

/** String commands (Redis's t_string.c). */
public final class StringCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        t.command("get", 2).flags("readonly fast").keys(1, 1, 1).acl("string").group("string").since("1.0.0")
                .summary("Returns the string value of a key.").complexity("O(1)")
                .arguments("key:key").handler(StringCommands::get);
        t.command("set", -3).flags("write denyoom").keys(1, 1, 1).acl("string").group("string").since("1.0.0")
                .summary("Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.")
                .complexity("O(1)").arguments("key:key value:string").handler(StringCommands::set);
    }

    static void get(Client c, byte[][] argv) {
        Object v = c.db().lookupRead(argv[1]);
        if (v == null) c.reply().nullBulk();
        else if (v instanceof byte[] b) c.reply().bulk(b);
        else c.reply().error(Errors.WRONGTYPE);
    }

    static void set(Client c, byte[][] argv) {
        c.db().set(argv[1], argv[2]);
        c.engine().stats().dirty++;
        c.reply().ok();
    }
}
