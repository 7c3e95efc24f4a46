package dev.beryl.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The command table: every command declared once by its {@link CommandGroup}, looked up by name without
 * converting bytes to String (open addressing over ASCII-lower-cased names).
 */
public final class CommandTable {
    private final List<CommandSpec> all = new ArrayList<>();
    private CommandSpec[] slots = new CommandSpec[512];
    private boolean sealed;

    public CommandTable(CommandGroup... groups) {
        for (CommandGroup g : groups) g.register(this);
        for (CommandSpec s : all) s.seal();
        sealed = true;
    }

    /** Declares a top-level command; chain the returned spec's setters. */
    public CommandSpec command(String name, int arity) {
        if (sealed) throw new IllegalStateException("table is sealed");
        CommandSpec s = new CommandSpec(name, arity, null);
        if (lookup(s.nameBytes()) != null) throw new IllegalStateException("duplicate command " + name);
        all.add(s);
        if (all.size() * 2 > slots.length) rehash(slots.length * 2);
        insert(s);
        return s;
    }

    private void insert(CommandSpec s) {
        int mask = slots.length - 1;
        int i = hashLower(s.nameBytes()) & mask;
        while (slots[i] != null) i = (i + 1) & mask;
        slots[i] = s;
    }

    private void rehash(int n) {
        slots = new CommandSpec[n];
        for (CommandSpec s : all) insert(s);
    }

    /** The top-level command named by these bytes (any case), or null. */
    public CommandSpec lookup(byte[] name) {
        int mask = slots.length - 1;
        int i = hashLower(name) & mask;
        CommandSpec s;
        while ((s = slots[i]) != null) {
            if (equalsIgnoreCase(s.nameBytes(), name)) return s;
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Top-level commands in declaration order. */
    public Collection<CommandSpec> all() { return Collections.unmodifiableList(all); }

    public int size() { return all.size(); }

    static int hashLower(byte[] b) {
        int h = 0;
        for (byte c : b) h = 31 * h + lower(c);
        return h ^ (h >>> 16);
    }

    static byte lower(byte c) {
        return (c >= 'A' && c <= 'Z') ? (byte) (c + 32) : c;
    }

    /** {@code lowerName} must already be lower case. */
    public static boolean equalsIgnoreCase(byte[] lowerName, byte[] b) {
        if (lowerName.length != b.length) return false;
        for (int i = 0; i < b.length; i++) if (lowerName[i] != lower(b[i])) return false;
        return true;
    }

    /** ASCII case-insensitive comparison of an argument with an option keyword ("NX", "withscores"). */
    public static boolean is(byte[] arg, String keyword) {
        int n = keyword.length();
        if (arg.length != n) return false;
        for (int i = 0; i < n; i++) {
            int a = arg[i], k = keyword.charAt(i);
            if (a >= 'a' && a <= 'z') a -= 32;
            if (k >= 'a' && k <= 'z') k -= 32;
            if (a != k) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "CommandTable" + Arrays.toString(all.stream().map(CommandSpec::name).toArray());
    }
}
